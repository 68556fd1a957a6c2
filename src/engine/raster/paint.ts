import type { Affine, Gradient, Scene } from '../../scene/scene.ts';

// Twin of paint.wgsl: a group's paint (solid, or a linear / radial gradient) packed for the
// GPU, and its colour at a point with the derivative of the gradient parameter t.
//
// Per gradient group the parameters are one run of f32 in `params` (what Adam optimises):
//   [0, 6)  geometry: linear x1, y1, x2, y2, -, -; radial cx, cy, r, fx, fy, fr
//   then per stop: offset, r, g, b, a (straight RGBA)
// and, fixed, the inverse of its transform (canvas pixels -> gradient space) in `inverse`.
// A pixel's colour is taken at its centre mapped to gradient space, q; then
//   linear: t = (q - p1)·d / d·d, d = p2 - p1 (the projection onto the axis);
//   radial: the largest t with q on the circle centred f + t (c - f), radius fr + t (r - fr),
//           that radius >= 0, transparent where there is none (SVG 2's / canvas' two-point
//           conical gradient):
//           F(t) = |q - f - t (c - f)|² - (fr + t (r - fr))² = 0, a quadratic in t,
//           and dt/dθ = -∂F/∂θ / ∂F/∂t for every geometry value θ (implicit function);
// then spread maps t into [0, 1] (pad: clamp; repeat: fract; reflect: a triangle wave),
// and the stops interpolate straight RGBA linearly between neighbouring offsets.

export const PAINT_SOLID = 0;
export const PAINT_LINEAR = 1;
export const PAINT_RADIAL = 2;
export const SPREAD_PAD = 0;
export const SPREAD_REFLECT = 1;
export const SPREAD_REPEAT = 2;
/** Geometry values per gradient, before its stops. */
export const PAINT_GEOMETRY = 6;
/** f32 per stop: offset, r, g, b, a. */
export const STOP_WORDS = 5;

/** A group's paint record in the colours buffer (paint-layout.wgsl): info, inverse transform, geometry scale, spare. */
export const RECORD_WORDS = 12;
export const RECORD_INVERSE = 4;
export const RECORD_GEOMETRY_SCALE = 10;

/** What each paint parameter is, for Adam's learning rates, masks and clamps (low 3 bits; the group above). */
export const ROLE_POSITION = 0;
export const ROLE_RADIUS = 1;
export const ROLE_OFFSET = 2;
export const ROLE_COLOR = 3;
export const ROLE_UNUSED = 4;

export interface PackedPaint {
  /** Per group: kind, spread, first parameter, stop count. */
  info: Uint32Array;
  /** Per group: the inverse transform [a, b, c, d, e, f] (identity for solid groups). */
  inverse: Float64Array;
  /** Gradient parameters (geometry, stops) of all gradient groups. */
  params: Float64Array;
  /** Per parameter: group << 3 | role. */
  role: Uint32Array;
  /**
   * Per group: gradient-space units per canvas pixel, sqrt|det inverse|. Adam moves geometry
   * by about its learning rate per step, and the points' rate is in pixels, so the geometry's
   * is scaled by this (a bounding-box gradient's unit is the whole box).
   */
  geometryScale: Float64Array;
}

const SPREAD = { pad: SPREAD_PAD, reflect: SPREAD_REFLECT, repeat: SPREAD_REPEAT } as const;

/** The inverse affine map, or undefined when it has none (or none in finite numbers). */
export function invertibleInverse(m: Affine): Affine | undefined {
  const [a, b, c, d, e, f] = m;
  const det = a * d - b * c;
  const inv: Affine = [d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det];
  return det !== 0 && inv.every(Number.isFinite) ? inv : undefined;
}

function geometryOf(g: Gradient): number[] {
  return g.kind === 'linear' ? [g.x1, g.y1, g.x2, g.y2, 0, 0] : [g.cx, g.cy, g.r, g.fx, g.fy, g.fr];
}

export function packPaints(scene: Scene): PackedPaint {
  const n = scene.groups.length;
  const info = new Uint32Array(n * 4);
  const inverse = new Float64Array(n * 6);
  const geometryScale = new Float64Array(n).fill(1);
  const params: number[] = [];
  const role: number[] = [];
  scene.groups.forEach((group, gi) => {
    const g = group.gradient;
    // A singular transform (e.g. a bounding-box gradient on a zero-height box) has no
    // gradient space: such a group is painted, and optimised, as its solid fill.
    const inv = g && invertibleInverse(g.transform);
    if (!g || !inv) {
      inverse.set([1, 0, 0, 1, 0, 0], gi * 6);
      return;
    }
    info.set([g.kind === 'linear' ? PAINT_LINEAR : PAINT_RADIAL, SPREAD[g.spread], params.length, g.stops.length], gi * 4);
    inverse.set(inv, gi * 6);
    geometryScale[gi] = Math.sqrt(Math.abs(inv[0] * inv[3] - inv[1] * inv[2]));
    const geometryRoles =
      g.kind === 'linear'
        ? [ROLE_POSITION, ROLE_POSITION, ROLE_POSITION, ROLE_POSITION, ROLE_UNUSED, ROLE_UNUSED]
        : [ROLE_POSITION, ROLE_POSITION, ROLE_RADIUS, ROLE_POSITION, ROLE_POSITION, ROLE_RADIUS];
    params.push(...geometryOf(g));
    role.push(...geometryRoles.map((r) => (gi << 3) | r));
    for (const s of g.stops) {
      params.push(s.offset, s.color.r, s.color.g, s.color.b, s.color.a);
      role.push((gi << 3) | ROLE_OFFSET, ...[0, 0, 0, 0].map(() => (gi << 3) | ROLE_COLOR));
    }
  });
  return { info, inverse, params: Float64Array.from(params), role: Uint32Array.from(role), geometryScale };
}

/**
 * The gradient parameter at a point: t after spread, dt/dt_raw, and dt_raw/d(geometry);
 * painted false where a radial gradient's cone does not reach (transparent there).
 */
export interface PaintT {
  t: number;
  slope: number;
  dt: Float64Array;
  painted: boolean;
}

export function gradientT(pp: PackedPaint, params: ArrayLike<number>, g: number, x: number, y: number): PaintT {
  const kind = pp.info[g * 4]!;
  const base = pp.info[g * 4 + 2]!;
  const m = pp.inverse.subarray(g * 6, g * 6 + 6);
  const qx = m[0]! * x + m[2]! * y + m[4]!;
  const qy = m[1]! * x + m[3]! * y + m[5]!;
  const dt = new Float64Array(PAINT_GEOMETRY);
  const p = (k: number) => params[base + k]!;
  let t: number;
  let painted = true;
  if (kind === PAINT_LINEAR) {
    const dx = p(2) - p(0);
    const dy = p(3) - p(1);
    const D = dx * dx + dy * dy;
    if (D === 0) {
      t = 1; // SVG: a zero-length axis paints the last stop
    } else {
      const ux = qx - p(0);
      const uy = qy - p(1);
      t = (ux * dx + uy * dy) / D;
      dt[0] = (-dx - ux + 2 * t * dx) / D;
      dt[1] = (-dy - uy + 2 * t * dy) / D;
      dt[2] = (ux - 2 * t * dx) / D;
      dt[3] = (uy - 2 * t * dy) / D;
    }
  } else {
    const [cx, cy, r, fx, fy, fr] = [p(0), p(1), p(2), p(3), p(4), p(5)];
    const cdx = cx - fx;
    const cdy = cy - fy;
    const dr = r - fr;
    const pdx = qx - fx;
    const pdy = qy - fy;
    const a = cdx * cdx + cdy * cdy - dr * dr;
    const b = pdx * cdx + pdy * cdy + fr * dr;
    const c = pdx * pdx + pdy * pdy - fr * fr;
    if (Math.abs(a) <= 1e-6 * Math.max(cdx * cdx + cdy * cdy + dr * dr, 1e-30)) {
      t = b !== 0 ? c / (2 * b) : 0;
      painted = b !== 0 && fr + t * dr >= 0;
    } else {
      // No real root, or no root with a radius >= 0: the cone misses the point (canvas and
      // SVG 2 paint nothing there), which happens only with the focal circle not inside.
      const disc = b * b - a * c;
      const s = Math.sqrt(Math.max(disc, 0));
      const t1 = (b + s) / a;
      const t2 = (b - s) / a;
      const hi = Math.max(t1, t2);
      const lo = Math.min(t1, t2);
      t = fr + hi * dr >= 0 ? hi : lo;
      painted = disc >= 0 && fr + t * dr >= 0;
    }
    const wx = pdx - t * cdx;
    const wy = pdy - t * cdy;
    const rho = fr + t * dr;
    const Ft = -2 * (wx * cdx + wy * cdy + rho * dr);
    if (Math.abs(Ft) > 1e-12) {
      // dt/dθ = -∂F/∂θ / ∂F/∂t with ∂F/∂c = -2 t w, ∂F/∂f = -2 (1 - t) w, ∂F/∂r = -2 ρ t, ∂F/∂fr = -2 ρ (1 - t).
      const k = 2 / Ft;
      dt[0] = t * wx * k;
      dt[1] = t * wy * k;
      dt[2] = rho * t * k;
      dt[3] = (1 - t) * wx * k;
      dt[4] = (1 - t) * wy * k;
      dt[5] = rho * (1 - t) * k;
    }
  }
  const spread = pp.info[g * 4 + 1]!;
  let slope = 1;
  if (spread === SPREAD_REPEAT) {
    t -= Math.floor(t);
  } else if (spread === SPREAD_REFLECT) {
    const u = t - 2 * Math.floor(t / 2);
    if (u > 1) {
      t = 2 - u;
      slope = -1;
    } else t = u;
  } else if (!(t > 0 && t < 1)) {
    t = Math.min(1, Math.max(0, t));
    slope = 0;
  }
  return { t, slope, dt, painted };
}

/** Stops around t: j = how many offsets are <= t; lo, hi the stops mixed, s the weight of hi, inv 1/(o_hi - o_lo) (0 when padding). */
export interface StopSpan {
  j: number;
  lo: number;
  hi: number;
  s: number;
  inv: number;
}

export function stopSpan(pp: PackedPaint, params: ArrayLike<number>, g: number, t: number): StopSpan {
  const base = pp.info[g * 4 + 2]! + PAINT_GEOMETRY;
  const n = pp.info[g * 4 + 3]!;
  let j = 0;
  while (j < n && params[base + j * STOP_WORDS]! <= t) j++;
  if (j === 0) return { j, lo: 0, hi: 0, s: 0, inv: 0 };
  if (j === n) return { j, lo: n - 1, hi: n - 1, s: 0, inv: 0 };
  const o0 = params[base + (j - 1) * STOP_WORDS]!;
  const inv = 1 / (params[base + j * STOP_WORDS]! - o0);
  return { j, lo: j - 1, hi: j, s: (t - o0) * inv, inv };
}

/** Straight RGBA of group g's paint at canvas point (x, y), into out[0..4). */
export function paintColorAt(pp: PackedPaint, params: ArrayLike<number>, colors: ArrayLike<number>, g: number, x: number, y: number, out: Float64Array): void {
  if (pp.info[g * 4] === PAINT_SOLID) {
    for (let k = 0; k < 4; k++) out[k] = colors[g * 4 + k]!;
    return;
  }
  const { t, painted } = gradientT(pp, params, g, x, y);
  if (!painted) {
    out.fill(0);
    return;
  }
  const sp = stopSpan(pp, params, g, t);
  const base = pp.info[g * 4 + 2]! + PAINT_GEOMETRY;
  for (let k = 0; k < 4; k++) {
    const lo = params[base + sp.lo * STOP_WORDS + 1 + k]!;
    const hi = params[base + sp.hi * STOP_WORDS + 1 + k]!;
    out[k] = lo + sp.s * (hi - lo);
  }
}
