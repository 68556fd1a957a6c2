// A group's paint: solid (colors[g]) or a linear / radial gradient evaluated at a point,
// with the derivative of its parameter t. Twin: paint.ts (the formulas are there).
// The paints live in `colors` (tile-rows.wgsl) after the G groups' colours, so the fine
// passes need no more storage bindings (WebGPU guarantees only 8 per stage), as f32 words:
//   [4G, 16G)          per group 12 words: kind, spread, base, stop count (as f32 values:
//                      u32 bits would be denormals, which GPUs may flush to 0), then
//                      the inverse transform a, b, c, d, e, f (canvas -> gradient space),
//                      then the geometry's learning-rate scale (paint-adam.wgsl)
//   [16G, 16G + n)     the gradients' parameters (paint.ts); `base` counts from 16G.

#import paint-layout

// Whether the scene has a gradient group. GpuRasterizer compiles the fine passes with false
// when it has none, so the paint code is compiled out: SwiftShader pays for it in every
// command even when no branch reaches it (twice the forward's fine pass on pitt.svg).
override GRADIENTS: bool = true;

// kind, spread, first parameter, stop count; m0, m1: the inverse transform (a, b, c, d), (e, f).
struct Paint { kind: u32, spread: u32, base: u32, stopCount: u32, m0: vec4f, m1: vec4f }

fn paintWord(i: u32) -> f32 {
  let w = P.groupCount * 4u + i;
  return colors[w >> 2u][w & 3u];
}

fn paintOf(g: u32) -> Paint {
  if (!GRADIENTS) { return Paint(PAINT_SOLID, 0u, 0u, 0u, vec4f(0.0), vec4f(0.0)); }
  let b = g * RECORD_WORDS;
  let kind = u32(paintWord(b));
  if (kind == PAINT_SOLID) { return Paint(kind, 0u, 0u, 0u, vec4f(0.0), vec4f(0.0)); }
  let m = b + RECORD_INVERSE;
  let m0 = vec4f(paintWord(m), paintWord(m + 1u), paintWord(m + 2u), paintWord(m + 3u));
  let m1 = vec4f(paintWord(m + 4u), paintWord(m + 5u), 0.0, 0.0);
  return Paint(kind, u32(paintWord(b + 1u)), u32(paintWord(b + 2u)), u32(paintWord(b + 3u)), m0, m1);
}

// Parameter i of the gradients' parameters.
fn paintParam(i: u32) -> f32 {
  return paintWord(P.groupCount * RECORD_WORDS + i);
}

// t after spread, dt/dt_raw, and dt_raw/d(geometry 0..2), (3..5); painted false where a
// radial gradient's cone does not reach (transparent there).
struct PaintT { t: f32, slope: f32, g0: vec3f, g1: vec3f, painted: bool }

fn gradientT(pk: Paint, x: f32, y: f32) -> PaintT {
  var r = PaintT(0.0, 1.0, vec3f(0.0), vec3f(0.0), true);
  let q = vec2f(pk.m0.x * x + pk.m0.z * y + pk.m1.x, pk.m0.y * x + pk.m0.w * y + pk.m1.y);
  let b0 = pk.base;
  var t = 0.0;
  if (pk.kind == PAINT_LINEAR) {
    let p1 = vec2f(paintParam(b0), paintParam(b0 + 1u));
    let d = vec2f(paintParam(b0 + 2u), paintParam(b0 + 3u)) - p1;
    let D = dot(d, d);
    if (D == 0.0) {
      t = 1.0; // SVG: a zero-length axis paints the last stop
    } else {
      let u = q - p1;
      t = dot(u, d) / D;
      let a = (-d - u + 2.0 * t * d) / D;
      let b = (u - 2.0 * t * d) / D;
      r.g0 = vec3f(a, b.x);
      r.g1 = vec3f(b.y, 0.0, 0.0);
    }
  } else {
    let c = vec2f(paintParam(b0), paintParam(b0 + 1u));
    let rad = paintParam(b0 + 2u);
    let f = vec2f(paintParam(b0 + 3u), paintParam(b0 + 4u));
    let fr = paintParam(b0 + 5u);
    let cd = c - f;
    let dr = rad - fr;
    let pd = q - f;
    let qa = dot(cd, cd) - dr * dr;
    let qb = dot(pd, cd) + fr * dr;
    let qc = dot(pd, pd) - fr * fr;
    if (abs(qa) <= 1e-6 * max(dot(cd, cd) + dr * dr, 1e-30)) {
      t = select(0.0, qc / (2.0 * qb), qb != 0.0);
      r.painted = qb != 0.0 && fr + t * dr >= 0.0;
    } else {
      // No real root, or none with a radius >= 0: the cone misses the point (canvas and
      // SVG 2 paint nothing there), which happens only with the focal circle not inside.
      let disc = qb * qb - qa * qc;
      let s = sqrt(max(disc, 0.0));
      let t1 = (qb + s) / qa;
      let t2 = (qb - s) / qa;
      let hi = max(t1, t2);
      t = select(min(t1, t2), hi, fr + hi * dr >= 0.0);
      r.painted = disc >= 0.0 && fr + t * dr >= 0.0;
    }
    let w = pd - t * cd;
    let rho = fr + t * dr;
    let Ft = -2.0 * (dot(w, cd) + rho * dr);
    if (abs(Ft) > 1e-12) {
      let k = 2.0 / Ft;
      r.g0 = vec3f(t * w * k, rho * t * k);
      r.g1 = vec3f((1.0 - t) * w * k, rho * (1.0 - t) * k);
    }
  }
  if (pk.spread == SPREAD_REPEAT) {
    t -= floor(t);
  } else if (pk.spread == SPREAD_REFLECT) {
    let u = t - 2.0 * floor(t * 0.5);
    if (u > 1.0) {
      t = 2.0 - u;
      r.slope = -1.0;
    } else {
      t = u;
    }
  } else if (!(t > 0.0 && t < 1.0)) {
    t = clamp(t, 0.0, 1.0);
    r.slope = 0.0;
  }
  r.t = t;
  return r;
}

// The stops around t: (j = offsets <= t, lo, hi) and (s = weight of hi, 1 / (o_hi - o_lo)),
// s and the inverse 0 where t pads before the first or after the last stop.
struct StopSpan { j: u32, lo: u32, hi: u32, s: f32, inv: f32 }

fn stopSpan(pk: Paint, t: f32) -> StopSpan {
  let sb = pk.base + PAINT_GEOMETRY;
  let n = pk.stopCount;
  var j = 0u;
  while (j < n && paintParam(sb + j * STOP_WORDS) <= t) { j++; }
  if (j == 0u) { return StopSpan(0u, 0u, 0u, 0.0, 0.0); }
  if (j == n) { return StopSpan(n, n - 1u, n - 1u, 0.0, 0.0); }
  let o0 = paintParam(sb + (j - 1u) * STOP_WORDS);
  let inv = 1.0 / (paintParam(sb + j * STOP_WORDS) - o0);
  return StopSpan(j, j - 1u, j, (t - o0) * inv, inv);
}

fn stopColor(pk: Paint, i: u32) -> vec4f {
  let o = pk.base + PAINT_GEOMETRY + i * STOP_WORDS;
  return vec4f(paintParam(o + 1u), paintParam(o + 2u), paintParam(o + 3u), paintParam(o + 4u));
}

// Straight RGBA of a gradient paint at canvas point (x, y).
fn gradientColor(pk: Paint, x: f32, y: f32) -> vec4f {
  let pt = gradientT(pk, x, y);
  if (!pt.painted) { return vec4f(0.0); }
  let sp = stopSpan(pk, pt.t);
  return mix(stopColor(pk, sp.lo), stopColor(pk, sp.hi), sp.s);
}
