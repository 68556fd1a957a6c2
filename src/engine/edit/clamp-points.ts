// Twin of clamp-points.wgsl: control points (x, y interleaved) clamped in place to the
// canvas plus a margin, computed in float32 like the kernel.

export interface PointBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function pointBounds(width: number, height: number, margin: number): PointBounds {
  return { minX: -margin, minY: -margin, maxX: width + margin, maxY: height + margin };
}

/** movable: per point (x, y pair) 1 = clamp, 0 = leave. */
export function clampPointsTwin(points: Float32Array, b: PointBounds, movable?: Uint32Array): void {
  const lo = [Math.fround(b.minX), Math.fround(b.minY)];
  const hi = [Math.fround(b.maxX), Math.fround(b.maxY)];
  for (let i = 0; i < points.length; i++) {
    if (movable && movable[i >> 1] === 0) continue;
    const k = i & 1;
    points[i] = Math.min(hi[k]!, Math.max(lo[k]!, points[i]!));
  }
}
