// Forward: per pixel, composite the tile's command list bottom first over the background.
// Twin: render-forward.ts.
// Writes the straight-RGBA image and, for the backward pass, the premultiplied composite,
// the log-transmittance above the topmost opaque layer and that layer's index, and the
// areas of every live row-command (layout in tile-rows.wgsl), so the backward need not
// compute them again (about a third of its time on pitt.svg). Each row reserves its
// areas with one atomic add; where the reserve is full (P.areaCapacity) the row keeps none
// and the backward recomputes them, bit for bit the same, and alloc[5] asks
// GpuRasterizer.ensureCapacityAsync for more.

#import raster-common
#import tile-rows
#import paint

@group(0) @binding(5) var<storage, read_write> image: array<vec4f>;
// [0, 4N): composite (f32 bits, vec4 per pixel); [4N, 5N): logT (f32 bits); [5N, 6N): occluder.
@group(0) @binding(6) var<storage, read_write> state: array<u32>;
// Shared with the coarse passes (tile-coarse.wgsl): [4] area words reserved, [5] overflow.
@group(0) @binding(7) var<storage, read_write> alloc: array<atomic<u32>, 6>;

@compute @workgroup_size(16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) row: u32) {
  let pyi = wg.y * TILE + row;
  if (pyi >= P.height) { return; }
  let tile = wg.y * P.tilesX + wg.x;
  let X0 = f32(wg.x * TILE);
  let py = f32(pyi);
  var S: array<vec4f, 16>;
  var logT: array<f32, 16>;
  var occ: array<u32, 16>;
  let bg = select(vec4f(0.0), vec4f(1.0), P.background == 1u);
  for (var c = 0u; c < 16u; c++) {
    S[c] = bg;
    logT[c] = 0.0;
    occ[c] = NO_OCCLUDER;
  }

  var live = 0u;
  for (var cmd = ptcl[tile]; cmd != END; cmd = ptcl[cmd]) {
    if (rowLive(cmd, row)) { live++; }
  }
  var kept = NO_AREAS;
  if (live > 0u) {
    kept = atomicAdd(&alloc[4], 16u * live);
    if (kept + 16u * live > P.areaCapacity) {
      atomicStore(&alloc[5], 1u);
      kept = NO_AREAS;
    }
  }
  state[areaStartWord(tile, row)] = kept;
  var at = areasBase() + kept;

  var area: array<f32, 16>;
  for (var cmd = ptcl[tile]; cmd != END; cmd = ptcl[cmd]) {
    let g = ptcl[cmd + 1u];
    if (!rowLive(cmd, row)) { continue; }
    rowAreas(cmd, row, X0, py, &area);
    if (kept != NO_AREAS) {
      for (var c = 0u; c < 16u; c++) { state[at + c] = bitcast<u32>(area[c]); }
      at += 16u;
    }
    let rule = groups[g].rule;
    let pk = paintOf(g);
    let solid = !GRADIENTS || pk.kind == PAINT_SOLID;
    var col = colors[g];
    var premul = vec4f(col.rgb, 1.0);
    for (var c = 0u; c < 16u; c++) {
      // Zero area: no coverage, S and logT unchanged (most pixels of most commands).
      if (area[c] == 0.0) { continue; }
      if (!solid) {
        col = gradientColor(pk, X0 + f32(c) + 0.5, py + 0.5);
        premul = vec4f(col.rgb, 1.0);
      }
      let ac = col.a * coverageOf(area[c], rule).x;
      let m = 1.0 - ac;
      S[c] = ac * premul + m * S[c];
      if (m < OCCLUDER_T) {
        occ[c] = g;
        logT[c] = 0.0;
      } else {
        logT[c] += log(m);
      }
    }
  }
  let n = P.width * P.height;
  for (var c = 0u; c < 16u; c++) {
    let pxi = wg.x * TILE + c;
    if (pxi >= P.width) { break; }
    let p = pyi * P.width + pxi;
    let s = S[c];
    var out = vec4f(0.0, 0.0, 0.0, s.a);
    if (s.a > 0.0) { out = vec4f(s.rgb / s.a, s.a); }
    image[p] = out;
    state[p * 4u] = bitcast<u32>(s.r);
    state[p * 4u + 1u] = bitcast<u32>(s.g);
    state[p * 4u + 2u] = bitcast<u32>(s.b);
    state[p * 4u + 3u] = bitcast<u32>(s.a);
    state[4u * n + p] = bitcast<u32>(logT[c]);
    state[5u * n + p] = occ[c];
  }
}
