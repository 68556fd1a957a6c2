// Cubic convolution weights (Keys). a = -0.75 is what PyTorch's F.interpolate(mode='bicubic')
// uses, and the CLIPVG reference resizes with exactly that call; PIL and Keys' paper use -0.5.
// augment-forward.wgsl / augment-backward.wgsl hold the same constant.
export const BICUBIC_A = -0.75;

/** Keys' cubic kernel at distance t (continuous, zero for |t| >= 2). */
export function cubicWeight(t: number): number {
  const a = BICUBIC_A;
  const x = Math.abs(t);
  if (x <= 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}
