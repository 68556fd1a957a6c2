// Backward: one bottom-up sweep per pixel row recomputing S_{k-1} under each layer exactly
// (no division by m, so opaque layers are harmless), weighting layer k by its transmittance
// from above, T_k = exp(logT - sum of log m over layers above the occluder up to k), and 0
// below the occluder. Twin: render-backward.ts. Per command and row: colour gradients summed over the row's 16 pixels,
// then one float atomic add per channel; line gradients: each listed line takes the exact
// area derivative where it crosses the row's pixels and its full-cover derivative times
// the suffix sum of dL/darea right of it, then float atomic adds into lineGrad.
// Float atomics are compare-exchange loops on the f32 bits: adds to one address come from
// few rows (a line spans few rows), and unlike fixed point they need no guess at the scale
// of dL/dimage.

#import raster-common
#import tile-rows
#import paint
#import paint-backward

@group(0) @binding(5) var<storage, read> state: array<u32>;
@group(0) @binding(6) var<storage, read> gradImage: array<f32>;
// f32 bits, accumulated with compare-exchange.
@group(0) @binding(7) var<storage, read_write> colorGrad: array<atomic<u32>>;
@group(0) @binding(8) var<storage, read_write> lineGrad: array<atomic<u32>>;

fn addColorGrad(i: u32, v: f32) {
  var old = atomicLoad(&colorGrad[i]);
  loop {
    let r = atomicCompareExchangeWeak(&colorGrad[i], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}

fn addLineGrad(i: u32, v: f32) {
  var old = atomicLoad(&lineGrad[i]);
  loop {
    let r = atomicCompareExchangeWeak(&lineGrad[i], old, bitcast<u32>(bitcast<f32>(old) + v));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}

// d/dy0, d/dy1 of a line's full-row cover dy * (tb - ta) (pixels wholly right of it).
fn fullCoverGrad(clip: RowClip) -> vec2f {
  let ta = clip.ta;
  let tb = clip.tb;
  let taC = clip.taC;
  let tbC = clip.tbC;
  if (!(ta < tb)) { return vec2f(0.0); }
  let fint = tb - ta;
  let fa = select(0.0, 1.0, taC);
  let fb = select(0.0, 1.0, tbC);
  return vec2f(-fint + fb * (tb - 1.0) - fa * (ta - 1.0), fint - fb * tb + fa * ta);
}

@compute @workgroup_size(16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) row: u32) {
  let pyi = wg.y * TILE + row;
  if (pyi >= P.height) { return; }
  let tile = wg.y * P.tilesX + wg.x;
  let X0 = f32(wg.x * TILE);
  let py = f32(pyi);
  let n = P.width * P.height;
  let ch = P.gradChannels;
  var S: array<vec4f, 16>;
  var gS: array<vec4f, 16>;
  var logT: array<f32, 16>;
  var logAbove: array<f32, 16>;
  var occ: array<u32, 16>;
  var inside: array<bool, 16>;
  let bg = select(vec4f(0.0), vec4f(1.0), P.background == 1u);
  for (var c = 0u; c < 16u; c++) {
    S[c] = bg;
    logAbove[c] = 0.0;
    let pxi = wg.x * TILE + c;
    inside[c] = pxi < P.width;
    gS[c] = vec4f(0.0);
    logT[c] = 0.0;
    occ[c] = NO_OCCLUDER;
    if (inside[c]) {
      // dL/dS_final (premultiplied) from dL/dimage (straight).
      let p = pyi * P.width + pxi;
      let Sf = vec4f(bitcast<f32>(state[p * 4u]), bitcast<f32>(state[p * 4u + 1u]), bitcast<f32>(state[p * 4u + 2u]), bitcast<f32>(state[p * 4u + 3u]));
      let gout = vec3f(gradImage[p * ch], gradImage[p * ch + 1u], gradImage[p * ch + 2u]);
      var ga = 0.0;
      if (ch == 4u) { ga = gradImage[p * ch + 3u]; }
      if (Sf.a > 0.0) {
        let inv = 1.0 / Sf.a;
        gS[c] = vec4f(gout * inv, ga - dot(gout, Sf.rgb) * inv * inv);
      } else {
        gS[c] = vec4f(0.0, 0.0, 0.0, ga);
      }
      logT[c] = bitcast<f32>(state[4u * n + p]);
      occ[c] = state[5u * n + p];
    }
  }

  // The areas the forward kept for this row (or NO_AREAS: compute them again).
  let kept = state[areaStartWord(tile, row)];
  var at = areasBase() + kept;
  var area: array<f32, 16>;
  var dA: array<f32, 16>;
  for (var cmd = ptcl[tile]; cmd != END; cmd = ptcl[cmd]) {
    let g = ptcl[cmd + 1u];
    if (!rowLive(cmd, row)) { continue; }
    if (kept == NO_AREAS) {
      rowAreas(cmd, row, X0, py, &area);
    } else {
      for (var c = 0u; c < 16u; c++) { area[c] = bitcast<f32>(state[at + c]); }
      at += 16u;
    }
    let rule = groups[g].rule;
    let pk = paintOf(g);
    let solid = !GRADIENTS || pk.kind == PAINT_SOLID;
    var col = colors[g];
    var premul = vec4f(col.rgb, 1.0);
    var pacc = newPaintAcc();
    var dc = vec4f(0.0);
    var anyA = false;
    for (var c = 0u; c < 16u; c++) {
      dA[c] = 0.0;
      // Zero area: zero coverage and slope, so no gradient and S, logAbove unchanged.
      if (area[c] == 0.0) { continue; }
      if (!solid) {
        col = gradientColor(pk, X0 + f32(c) + 0.5, py + 0.5);
        premul = vec4f(col.rgb, 1.0);
      }
      let cv = coverageOf(area[c], rule);
      let ac = col.a * cv.x;
      let m = 1.0 - ac;
      if (inside[c] && (occ[c] == NO_OCCLUDER || g >= occ[c])) {
        let lk = select(logAbove[c] + log(max(m, OCCLUDER_T)), 0.0, g == occ[c]);
        let T = exp(logT[c] - lk);
        let d = T * dot(gS[c], premul - S[c]);
        dA[c] = col.a * d * cv.y;
        anyA = anyA || dA[c] != 0.0;
        let dcol = vec4f(T * gS[c].rgb * ac, cv.x * d);
        if (solid) {
          dc += dcol;
        } else {
          accumulatePaint(pk, X0 + f32(c) + 0.5, py + 0.5, dcol, &pacc);
        }
        logAbove[c] = lk;
      }
      S[c] = ac * premul + m * S[c];
    }
    for (var k = 0u; k < 4u; k++) {
      if (dc[k] != 0.0) { addColorGrad(g * 4u + k, dc[k]); }
    }
    if (!solid) { flushPaint(pk, &pacc); }
    if (!anyA) { continue; }
    // Suffix sums of dL/darea along the row (suf[16] = 0).
    var suf: array<f32, 17>;
    suf[16] = 0.0;
    for (var c = 15i; c >= 0i; c--) { suf[c] = suf[c + 1] + dA[c]; }
    let range = rowLines(cmd, row);
    for (var i = range.x; i < range.y; i++) {
      let idx = ptcl[i];
      let l = lines[idx];
      let clip = rowClip(l, py);
      if (!(clip.ta < clip.tb)) { continue; }
      let xr = clipXRange(l, clip);
      let c0 = max(tileColumn(xr.x, X0), 0);
      let c1 = tileColumn(xr.y, X0);
      var gl = vec4f(0.0);
      for (var c = c0; c <= min(c1, 15); c++) {
        let d = dA[c];
        if (d != 0.0) { gl += d * pixelAreaGradIn(l, clip, X0 + f32(c)).g; }
      }
      let cs = max(c1 + 1, 0);
      if (cs < 16) {
        let s = suf[cs];
        if (s != 0.0) {
          let fc = fullCoverGrad(clip);
          gl += s * vec4f(0.0, fc.x, 0.0, fc.y);
        }
      }
      for (var k = 0u; k < 4u; k++) {
        if (gl[k] != 0.0) { addLineGrad(idx * 4u + k, gl[k]); }
      }
    }
  }
}
