// Derivatives of a gradient paint (paint.wgsl) for render-backward.wgsl: per command and
// pixel row, the pixels' dL/d(colour) become dL/d(stop colours, offsets, geometry), summed
// in a PaintAcc while consecutive pixels fall between the same two stops (they mostly do)
// and flushed with float atomics when the span changes and at the end of the row. Twin:
// paint-backward.ts. The parameters' gradients follow the groups' colour gradients in
// colorGrad (render-backward.wgsl's addColorGrad), at 4G + parameter index.

// The span's stop index j (0xffffffff: none yet), its sums, and the geometry's.
struct PaintAcc { j: u32, dLo: vec4f, dHi: vec4f, dOffLo: f32, dOffHi: f32, g0: vec3f, g1: vec3f }

fn addPaintGrad(i: u32, v: f32) {
  if (v != 0.0) { addColorGrad(P.groupCount * 4u + i, v); }
}

fn newPaintAcc() -> PaintAcc {
  return PaintAcc(0xffffffffu, vec4f(0.0), vec4f(0.0), 0.0, 0.0, vec3f(0.0), vec3f(0.0));
}

fn flushStops(pk: Paint, acc: ptr<function, PaintAcc>) {
  let j = (*acc).j;
  if (j == 0xffffffffu) { return; }
  let n = pk.stopCount;
  let lo = select(j - 1u, 0u, j == 0u);
  let hi = min(j, n - 1u);
  let sb = pk.base + PAINT_GEOMETRY;
  addPaintGrad(sb + lo * STOP_WORDS, (*acc).dOffLo);
  addPaintGrad(sb + hi * STOP_WORDS, (*acc).dOffHi);
  for (var k = 0u; k < 4u; k++) {
    addPaintGrad(sb + lo * STOP_WORDS + 1u + k, (*acc).dLo[k]);
    addPaintGrad(sb + hi * STOP_WORDS + 1u + k, (*acc).dHi[k]);
  }
  (*acc).dLo = vec4f(0.0);
  (*acc).dHi = vec4f(0.0);
  (*acc).dOffLo = 0.0;
  (*acc).dOffHi = 0.0;
}

// Adds the derivatives of the paint at (x, y) for dL/d(its straight RGBA) dcol.
fn accumulatePaint(pk: Paint, x: f32, y: f32, dcol: vec4f, acc: ptr<function, PaintAcc>) {
  let pt = gradientT(pk, x, y);
  if (!pt.painted) { return; }
  let sp = stopSpan(pk, pt.t);
  if (sp.j != (*acc).j) {
    flushStops(pk, acc);
    (*acc).j = sp.j;
  }
  (*acc).dLo += dcol * (1.0 - sp.s);
  (*acc).dHi += dcol * sp.s;
  let dLdt = dot(dcol, (stopColor(pk, sp.hi) - stopColor(pk, sp.lo)) * sp.inv);
  // s = (t - o_lo) / (o_hi - o_lo): ds/do_lo = (s - 1) inv, ds/do_hi = -s inv.
  (*acc).dOffLo += dLdt * (sp.s - 1.0);
  (*acc).dOffHi -= dLdt * sp.s;
  let dRaw = dLdt * pt.slope;
  (*acc).g0 += dRaw * pt.g0;
  (*acc).g1 += dRaw * pt.g1;
}

fn flushPaint(pk: Paint, acc: ptr<function, PaintAcc>) {
  flushStops(pk, acc);
  for (var k = 0u; k < 3u; k++) {
    addPaintGrad(pk.base + k, (*acc).g0[k]);
    addPaintGrad(pk.base + 3u + k, (*acc).g1[k]);
  }
}
