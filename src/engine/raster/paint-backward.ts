import { gradientT, PAINT_GEOMETRY, stopSpan, STOP_WORDS, type PackedPaint } from './paint.ts';

// Twin of paint-backward.wgsl: a gradient paint's dL/d(stop colours, offsets, geometry) at
// one point from dL/d(its straight RGBA) there. The kernel sums the same terms per pixel
// row before its atomic adds.

/** Adds dL/d(paint parameters) of group g's gradient at (x, y), given dL/d(its straight RGBA there). */
export function paintGradAt(pp: PackedPaint, params: ArrayLike<number>, g: number, x: number, y: number, dcol: ArrayLike<number>, grad: Float64Array): void {
  const base = pp.info[g * 4 + 2]!;
  const pt = gradientT(pp, params, g, x, y);
  if (!pt.painted) return;
  const sp = stopSpan(pp, params, g, pt.t);
  const sb = base + PAINT_GEOMETRY;
  let dLdt = 0;
  for (let k = 0; k < 4; k++) {
    const lo = params[sb + sp.lo * STOP_WORDS + 1 + k]!;
    const hi = params[sb + sp.hi * STOP_WORDS + 1 + k]!;
    grad[sb + sp.lo * STOP_WORDS + 1 + k]! += dcol[k]! * (1 - sp.s);
    grad[sb + sp.hi * STOP_WORDS + 1 + k]! += dcol[k]! * sp.s;
    dLdt += dcol[k]! * (hi - lo) * sp.inv;
  }
  // s = (t - o_lo) / (o_hi - o_lo): ds/do_lo = (s - 1) inv, ds/do_hi = -s inv.
  if (sp.inv !== 0) {
    grad[sb + sp.lo * STOP_WORDS]! += dLdt * (sp.s - 1);
    grad[sb + sp.hi * STOP_WORDS]! -= dLdt * sp.s;
  }
  const dRaw = dLdt * pt.slope;
  if (dRaw !== 0) for (let i = 0; i < PAINT_GEOMETRY; i++) grad[base + i]! += dRaw * pt.dt[i]!;
}
