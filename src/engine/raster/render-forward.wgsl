// Forward: per pixel, composite every group whose box meets the tile, bottom first, over
// the background. Twin: render-forward.ts. Prepended: raster-common.wgsl, tile-groups.wgsl.
// Writes the straight-RGBA image and, for the backward pass, the premultiplied composite,
// the log-transmittance above the topmost opaque layer and that layer's index.

@group(0) @binding(5) var<storage, read_write> image: array<vec4f>;
// [0, 4N): composite (f32 bits, vec4 per pixel); [4N, 5N): logT (f32 bits); [5N, 6N): occluder.
@group(0) @binding(6) var<storage, read_write> state: array<u32>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) li: u32) {
  let X0 = f32(wg.x * TILE);
  let Y0 = f32(wg.y * TILE);
  let pxi = wg.x * TILE + lid.x;
  let pyi = wg.y * TILE + lid.y;
  let px = f32(pxi);
  let py = f32(pyi);
  let bin = binOfTile(wg.x, wg.y);
  let nbins = P.binsX * P.binsY;
  let binBase = nbins + bin * P.groupCount;
  let binLen = uniformBinLength(bin, li);
  let tileBox = vec4f(X0, Y0, X0 + TILE_F, Y0 + TILE_F);
  var S = select(vec4f(0.0), vec4f(1.0), P.background == 1u);
  var logT = 0.0;
  var occ = NO_OCCLUDER;
  for (var cs = 0u; cs < binLen; cs += 256u) {
    let nc = gatherCandidates(li, cs, binLen, binBase, tileBox);
    for (var c = 0u; c < nc; c++) {
      let g = workgroupUniformLoad(&wgCand[c]);
      let area = groupAreaAt(g, li, X0, Y0, px, py);
      let cv = coverageOf(area, groups[g].rule);
      let col = colors[g];
      let ac = col.a * cv.x;
      let m = 1.0 - ac;
      S = ac * vec4f(col.rgb, 1.0) + m * S;
      if (m < OCCLUDER_T) {
        occ = g;
        logT = 0.0;
      } else {
        logT += log(m);
      }
    }
  }
  if (pxi < P.width && pyi < P.height) {
    let p = pyi * P.width + pxi;
    let n = P.width * P.height;
    var out = vec4f(0.0, 0.0, 0.0, S.a);
    if (S.a > 0.0) { out = vec4f(S.rgb / S.a, S.a); }
    image[p] = out;
    state[p * 4u] = bitcast<u32>(S.r);
    state[p * 4u + 1u] = bitcast<u32>(S.g);
    state[p * 4u + 2u] = bitcast<u32>(S.b);
    state[p * 4u + 3u] = bitcast<u32>(S.a);
    state[4u * n + p] = bitcast<u32>(logT);
    state[5u * n + p] = occ;
  }
}
