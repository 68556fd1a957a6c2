// Backward: one bottom-up sweep per tile recomputing S_{k-1} under each layer exactly,
// weighting layer k by its transmittance from above, T_k = exp(logT - sum of log m over
// layers above the occluder up to k) (0 below the occluder). Twin: render-backward.ts.
// Prepended: raster-common.wgsl, tile-groups.wgsl.
// Colour gradients: reduced over the tile in workgroup memory, then one float atomic add
// per channel. Line gradients: one invocation per listed line walks the pixels it crosses
// (exact area derivative) and takes its full-cover derivative times the row's suffix sum
// of dL/darea for the pixels on its right; then float atomic adds into lineGrad.
// Float atomics are compare-exchange loops on the f32 bits: contention is low (a line
// meets few tiles; a colour gets one add per tile), and unlike fixed point it needs no
// guess at the scale of dL/dimage.

@group(0) @binding(5) var<storage, read> state: array<u32>;
@group(0) @binding(6) var<storage, read> gradImage: array<f32>;
@group(0) @binding(7) var<storage, read_write> colorGrad: array<atomic<u32>>;
@group(0) @binding(8) var<storage, read_write> lineGrad: array<atomic<u32>>;

var<workgroup> wgRed: array<vec4f, 256>;
var<workgroup> wgDA: array<f32, 256>;
var<workgroup> wgSuf: array<f32, 256>;

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

// (value, d/dy0, d/dy1) of a line's full-row cover (pixels wholly right of it).
fn fullCoverGrad(l: vec4f, py: f32) -> vec2f {
  let dy = l.w - l.y;
  var ta = 0.0;
  var tb = 1.0;
  var taC = false;
  var tbC = false;
  if (dy == 0.0) {
    if (!(py <= l.y && l.y < py + 1.0)) { return vec2f(0.0); }
  } else {
    let a = (py - l.y) / dy;
    let b = (py + 1.0 - l.y) / dy;
    let lo = min(a, b);
    let hi = max(a, b);
    taC = lo > 0.0;
    tbC = hi < 1.0;
    ta = select(0.0, lo, taC);
    tb = select(1.0, hi, tbC);
  }
  if (!(ta < tb)) { return vec2f(0.0); }
  let fint = tb - ta;
  let fa = select(0.0, 1.0, taC);
  let fb = select(0.0, 1.0, tbC);
  return vec2f(-fint + fb * (tb - 1.0) - fa * (ta - 1.0), fint - fb * tb + fa * ta);
}

fn lineGradInTile(l: vec4f, X0: f32, Y0: f32) -> vec4f {
  var gsum = vec4f(0.0);
  let ymin = min(l.y, l.w);
  let ymax = max(l.y, l.w);
  let r0 = i32(max(floor(ymin), Y0) - Y0);
  let r1 = i32(min(floor(ymax), Y0 + TILE_F - 1.0) - Y0);
  let dy = l.w - l.y;
  for (var r = r0; r <= r1; r++) {
    let py = Y0 + f32(r);
    var ta = 0.0;
    var tb = 1.0;
    if (dy == 0.0) {
      if (!(py <= l.y && l.y < py + 1.0)) { continue; }
    } else {
      let a = (py - l.y) / dy;
      let b = (py + 1.0 - l.y) / dy;
      ta = max(min(a, b), 0.0);
      tb = min(max(a, b), 1.0);
      if (!(ta < tb)) { continue; }
    }
    let xa = l.x + ta * (l.z - l.x);
    let xb = l.x + tb * (l.z - l.x);
    let c0 = floor(min(xa, xb));
    let c1 = floor(max(xa, xb));
    let lo = i32(max(c0, X0) - X0);
    let hi = i32(min(c1, X0 + TILE_F - 1.0) - X0);
    for (var c = lo; c <= hi; c++) {
      let d = wgDA[u32(r) * TILE + u32(c)];
      if (d != 0.0) { gsum += d * pixelAreaGrad(l, X0 + f32(c), py).g; }
    }
    let cs = i32(max(c1 + 1.0, X0) - X0);
    if (cs < i32(TILE)) {
      let s = wgSuf[u32(r) * TILE + u32(cs)];
      if (s != 0.0) {
        let fc = fullCoverGrad(l, py);
        gsum += s * vec4f(0.0, fc.x, 0.0, fc.y);
      }
    }
  }
  return gsum;
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let X0 = f32(wg.x * TILE);
  let Y0 = f32(wg.y * TILE);
  let pxi = wg.x * TILE + lid.x;
  let pyi = wg.y * TILE + lid.y;
  let px = f32(pxi);
  let py = f32(pyi);
  let inside = pxi < P.width && pyi < P.height;
  let n = P.width * P.height;
  let p = select(0u, pyi * P.width + pxi, inside);
  // dL/dS_final (premultiplied) from dL/dimage (straight).
  var gS = vec4f(0.0);
  var logT = 0.0;
  var occ = NO_OCCLUDER;
  if (inside) {
    let Sf = vec4f(bitcast<f32>(state[p * 4u]), bitcast<f32>(state[p * 4u + 1u]), bitcast<f32>(state[p * 4u + 2u]), bitcast<f32>(state[p * 4u + 3u]));
    let ch = P.gradChannels;
    let gout = vec3f(gradImage[p * ch], gradImage[p * ch + 1u], gradImage[p * ch + 2u]);
    var ga = 0.0;
    if (ch == 4u) { ga = gradImage[p * ch + 3u]; }
    if (Sf.a > 0.0) {
      let inv = 1.0 / Sf.a;
      gS = vec4f(gout * inv, ga - dot(gout, Sf.rgb) * inv * inv);
    } else {
      gS = vec4f(0.0, 0.0, 0.0, ga);
    }
    logT = bitcast<f32>(state[4u * n + p]);
    occ = state[5u * n + p];
  }
  let bin = binOfTile(wg.x, wg.y);
  let nbins = P.binsX * P.binsY;
  let binBase = nbins + bin * P.groupCount;
  let binLen = uniformBinLength(bin, li);
  let tileBox = vec4f(X0, Y0, X0 + TILE_F, Y0 + TILE_F);
  var S = select(vec4f(0.0), vec4f(1.0), P.background == 1u);
  var logAbove = 0.0;
  for (var cs = 0u; cs < binLen; cs += 256u) {
    let nc = gatherCandidates(li, cs, binLen, binBase, tileBox);
    for (var c = 0u; c < nc; c++) {
      let g = workgroupUniformLoad(&wgCand[c]);
      let area = groupAreaAt(g, li, X0, Y0, px, py);
      let cv = coverageOf(area, groups[g].rule);
      let col = colors[g];
      let ac = col.a * cv.x;
      let m = 1.0 - ac;
      var dA = 0.0;
      var dc = vec4f(0.0);
      if (inside && (occ == NO_OCCLUDER || g >= occ)) {
        let lk = select(logAbove + log(max(m, OCCLUDER_T)), 0.0, g == occ);
        let T = exp(logT - lk);
        let d = T * dot(gS, vec4f(col.rgb, 1.0) - S);
        dA = col.a * d * cv.y;
        dc = vec4f(T * gS.rgb * ac, cv.x * d);
        logAbove = lk;
      }
      S = ac * vec4f(col.rgb, 1.0) + m * S;
      wgRed[li] = dc;
      wgDA[li] = dA;
      if (dA != 0.0) { wgAny = 1u; }
      workgroupBarrier();
      if (li < 16u) {
        var s = vec4f(0.0);
        for (var j = 0u; j < 16u; j++) { s += wgRed[li * 16u + j]; }
        wgRed[li * 16u] = s;
      }
      var suf = 0.0;
      for (var x = lid.x; x < TILE; x++) { suf += wgDA[lid.y * TILE + x]; }
      wgSuf[li] = suf;
      workgroupBarrier();
      if (li == 0u) {
        var s = vec4f(0.0);
        for (var j = 0u; j < 16u; j++) { s += wgRed[j * 16u]; }
        for (var k = 0u; k < 4u; k++) {
          if (s[k] != 0.0) { addColorGrad(g * 4u + k, s[k]); }
        }
      }
      let any = workgroupUniformLoad(&wgAny);
      if (any != 0u) {
        let range = workgroupUniformLoad(&wgRange);
        for (var base = range.x; base < range.y; base += 256u) {
          if (li == 0u) { atomicStore(&wgLineCount, 0u); }
          workgroupBarrier();
          let l = base + li;
          if (l < range.y) {
            let ln = lines[l];
            if (classifyLine(ln, X0, Y0) == 1u) {
              let slot = atomicAdd(&wgLineCount, 1u);
              wgLines[slot] = ln;
              wgLineIdx[slot] = l;
            }
          }
          workgroupBarrier();
          let nl = atomicLoad(&wgLineCount);
          if (li < nl) {
            let gl = lineGradInTile(wgLines[li], X0, Y0);
            let idx = wgLineIdx[li];
            for (var k = 0u; k < 4u; k++) {
              if (gl[k] != 0.0) { addLineGrad(idx * 4u + k, gl[k]); }
            }
          }
          workgroupBarrier();
        }
      }
    }
  }
}
