import { FILL_EVENODD } from './packed-scene.ts';

// Twin of raster-common.wgsl: the exact box-filtered area of one line in one pixel and its
// derivative, and the map from accumulated signed area to coverage.
//
// A line (x0,y0)->(x1,y1) adds to pixel [px,px+1]x[py,py+1] the signed area of the part of
// the pixel right of it within its y-range: I = dy * integral over t in [ta,tb] of
// f(x(t)) dt, f(x) = clamp(px+1-x, 0, 1), [ta,tb] = the t-range inside the pixel row.
// Summed over a closed path this is the integral of the winding number over the pixel
// (the font-rasteriser accumulation). f is piecewise linear, so the integral is exact by
// splitting at x = px and x = px+1; the derivative follows from Leibniz' rule, and the
// row-crossing limits contribute f*(t-1) and -f*t, which stay bounded as dy -> 0.

/** Area and gradient (value, d/dx0, d/dy0, d/dx1, d/dy1) of one line in one pixel. */
export function pixelAreaGrad(x0: number, y0: number, x1: number, y1: number, px: number, py: number, out: Float64Array): void {
  out.fill(0);
  const dx = x1 - x0;
  const dy = y1 - y0;
  let ta: number;
  let tb: number;
  let taCross = false;
  let tbCross = false;
  if (dy === 0) {
    if (!(py <= y0 && y0 < py + 1)) return;
    ta = 0;
    tb = 1;
  } else {
    let lo = (py - y0) / dy;
    let hi = (py + 1 - y0) / dy;
    if (dy < 0) [lo, hi] = [hi, lo];
    taCross = lo > 0;
    tbCross = hi < 1;
    ta = taCross ? lo : 0;
    tb = tbCross ? hi : 1;
  }
  if (!(ta < tb)) return;
  // Breakpoints where x crosses the pixel's left and right edges.
  let s0 = tb;
  let s1 = tb;
  if (dx !== 0) {
    const a = (px - x0) / dx;
    const b = (px + 1 - x0) / dx;
    s0 = Math.min(Math.max(Math.min(a, b), ta), tb);
    s1 = Math.min(Math.max(Math.max(a, b), ta), tb);
  }
  let fint = 0;
  let m0 = 0;
  let m1 = 0;
  const piece = (s: number, e: number) => {
    const len = e - s;
    if (len <= 0) return;
    const tm = 0.5 * (s + e);
    const xm = x0 + tm * dx;
    const f = Math.min(Math.max(px + 1 - xm, 0), 1);
    fint += len * f;
    if (px < xm && xm < px + 1) {
      m0 += len * (1 - tm);
      m1 += len * tm;
    }
  };
  piece(ta, s0);
  piece(s0, s1);
  piece(s1, tb);
  const fa = taCross ? Math.min(Math.max(px + 1 - (x0 + ta * dx), 0), 1) : 0;
  const fb = tbCross ? Math.min(Math.max(px + 1 - (x0 + tb * dx), 0), 1) : 0;
  out[0] = dy * fint;
  out[1] = -dy * m0;
  out[3] = -dy * m1;
  out[2] = -fint + fb * (tb - 1) - fa * (ta - 1);
  out[4] = fint - fb * tb + fa * ta;
}

/** Coverage and its slope d(coverage)/d(area) for a fill rule. */
export function coverageOf(area: number, rule: number): [number, number] {
  const a = Math.abs(area);
  const sign = area > 0 ? 1 : area < 0 ? -1 : 0;
  if (rule === FILL_EVENODD) {
    // Triangle wave: exact where the pixel sees windings w and w+1 only; a pixel split
    // between windings 0 and 2 reads as covered (the box filter averages before the rule).
    const u = a - 2 * Math.floor(a / 2);
    return u <= 1 ? [u, u < 1 ? sign : 0] : [2 - u, -sign];
  }
  // min(1,|a|): exact unless opposite windings share a pixel.
  return a < 1 ? [a, sign] : [1, 0];
}
