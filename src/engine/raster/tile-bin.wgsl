// Acceleration structure, rebuilt every render because points move: each group's line
// bounding box (groupBoxes), then per bin (a square of binTiles x binTiles tiles, at most
// 64 bins) the list of groups whose box meets it, in draw order. bins[0..nbins) holds the
// counts, bin b's list starts at nbins + b * groupCount (worst-case capacity, so nothing
// can overflow: 64 * groupCount words). One invocation per bin walks all groups serially:
// no barriers (SwiftShader pays dearly for each), and 64 x groups box tests are cheap.
// Twin: tile-bin.ts.

#import raster-common

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> lines: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> groups: array<Group>;
@group(0) @binding(3) var<storage, read_write> bins: array<u32>;

@compute @workgroup_size(256)
fn groupBoxes(@builtin(global_invocation_id) gid: vec3u) {
  let g = gid.x;
  if (g >= P.groupCount) { return; }
  var lo = vec2f(3.0e38);
  var hi = vec2f(-3.0e38);
  for (var l = groups[g].lineStart; l < groups[g].lineEnd; l++) {
    let ln = lines[l];
    lo = min(lo, min(ln.xy, ln.zw));
    hi = max(hi, max(ln.xy, ln.zw));
  }
  groups[g].box = vec4f(lo, hi);
}

@compute @workgroup_size(64)
fn binGroups(@builtin(global_invocation_id) gid: vec3u) {
  let bin = gid.x;
  let nbins = P.binsX * P.binsY;
  if (bin >= nbins) { return; }
  let side = f32(P.binTiles * TILE);
  let bx = f32(bin % P.binsX) * side;
  let by = f32(bin / P.binsX) * side;
  let box = vec4f(bx, by, min(bx + side, f32(P.width)), min(by + side, f32(P.height)));
  let base = nbins + bin * P.groupCount;
  var count = 0u;
  for (var g = 0u; g < P.groupCount; g++) {
    let b = groups[g].box;
    if (b.x < box.z && b.z > box.x && b.y < box.w && b.w > box.y) {
      bins[base + count] = g;
      count++;
    }
  }
  bins[bin] = count;
}
