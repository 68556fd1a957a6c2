/** A cubic's four points as x0, y0, ... x3, y3. */
export type Cubic8 = [number, number, number, number, number, number, number, number];

/** Splits a cubic at t by de Casteljau. */
export function splitCubic(s: Cubic8, t: number): [Cubic8, Cubic8] {
  const lerp = (a: number, b: number) => a + (b - a) * t;
  const [x0, y0, x1, y1, x2, y2, x3, y3] = s;
  const ax = lerp(x0, x1),
    ay = lerp(y0, y1),
    bx = lerp(x1, x2),
    by = lerp(y1, y2),
    cx = lerp(x2, x3),
    cy = lerp(y2, y3);
  const dx = lerp(ax, bx),
    dy = lerp(ay, by),
    ex = lerp(bx, cx),
    ey = lerp(by, cy);
  const fx = lerp(dx, ex),
    fy = lerp(dy, ey);
  return [
    [x0, y0, ax, ay, dx, dy, fx, fy],
    [fx, fy, ex, ey, cx, cy, x3, y3],
  ];
}
