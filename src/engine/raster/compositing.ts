// Constants shared by the forward and backward compositing (kernels and twins).

export type Background = 'white' | 'none';

/** m = 1 - alpha*coverage below this counts as opaque: layers underneath get no gradient. */
export const OCCLUDER_TRANSMITTANCE = 1e-6;
/** Marks a pixel with no opaque layer (occluder index). */
export const NO_OCCLUDER = 0xffffffff;

export function backgroundRgba(bg: Background): [number, number, number, number] {
  return bg === 'white' ? [1, 1, 1, 1] : [0, 0, 0, 0];
}
