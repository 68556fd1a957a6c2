/** Area enclosed by a closed cubic path (Green's theorem on a fine polyline). */
export function pathArea(points: readonly number[]): number {
  const n = points.length / 6;
  let a = 0;
  let px = points[0]!;
  let py = points[1]!;
  for (let i = 0; i < n; i++) {
    const j = ((i + 1) % n) * 6;
    const [x0, y0, x1, y1, x2, y2] = points.slice(i * 6, i * 6 + 6) as [number, number, number, number, number, number];
    const [x3, y3] = [points[j]!, points[j + 1]!];
    for (let k = 1; k <= 64; k++) {
      const t = k / 64;
      const u = 1 - t;
      const x = u * u * u * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3;
      const y = u * u * u * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3;
      a += px * y - x * py;
      px = x;
      py = y;
    }
  }
  return Math.abs(a / 2);
}
