// Per-group index of lines by tile row, rebuilt every render (points move): the coarse pass
// (tile-coarse.wgsl) then classifies, for a tile in tile row r, only the group's lines that
// reach row r instead of all of the group's lines. A line reaches row r when classifyLine's
// strip test holds there (max y >= 16 r and min y < 16 r + 16), i.e. rows floor(min y / 16)
// to floor(max y / 16), clamped to the canvas (division by 16 is exact). Within a row the
// lines keep their order, so command lists (and float sums) are the same as a full scan.
// One invocation per group, two serial passes over its lines (count, then scatter), one
// atomic add to allocate: no barriers, no prefix-sum pass.
// rowIndex layout at a group's base (groups[g].rowBase): [first row, rows, rows + 1 offsets
// (absolute word indices), line indices]. alloc[2] counts words wanted, alloc[3] is set on
// overflow; an overflowing group gets rowBase = NO_ROW_INDEX and the coarse pass scans all
// its lines (slower, same result) until GpuRasterizer grows the buffer (ensureCapacityAsync).
// Twin: tile-row-index.ts.

#import raster-common

const MAX_TILE_ROWS: u32 = 128u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> lines: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> groups: array<Group>;
@group(0) @binding(3) var<storage, read_write> rowIndex: array<u32>;
@group(0) @binding(4) var<storage, read_write> alloc: array<atomic<u32>, 4>;

// Tile rows [x, y] line l reaches; x > y when none (NaN lines reach none, as in classifyLine).
fn lineTileRows(l: vec4f) -> vec2i {
  let ymin = min(l.y, l.w);
  let ymax = max(l.y, l.w);
  if (!(ymax >= 0.0 && ymin < f32(P.tilesY * TILE))) { return vec2i(1, 0); }
  let last = f32(P.tilesY - 1u);
  return vec2i(i32(clamp(floor(ymin / TILE_F), 0.0, last)), i32(clamp(floor(ymax / TILE_F), 0.0, last)));
}

@compute @workgroup_size(64)
fn groupRowIndex(@builtin(global_invocation_id) gid: vec3u) {
  let g = gid.x;
  if (g >= P.groupCount) { return; }
  var counts: array<u32, MAX_TILE_ROWS>; // zero-initialised
  var lo = i32(P.tilesY);
  var hi = -1i;
  var entries = 0u;
  let lineStart = groups[g].lineStart;
  let lineEnd = groups[g].lineEnd;
  for (var l = lineStart; l < lineEnd; l++) {
    let rr = lineTileRows(lines[l]);
    for (var r = rr.x; r <= rr.y; r++) { counts[r]++; }
    if (rr.x <= rr.y) {
      lo = min(lo, rr.x);
      hi = max(hi, rr.y);
      entries += u32(rr.y - rr.x + 1);
    }
  }
  let rows = u32(max(hi - lo + 1, 0));
  let size = 3u + rows + entries;
  let base = atomicAdd(&alloc[2], size);
  if (base + size > P.rowIndexCapacity) {
    atomicStore(&alloc[3], 1u);
    groups[g].rowBase = NO_ROW_INDEX;
    return;
  }
  groups[g].rowBase = base;
  rowIndex[base] = u32(max(lo, 0));
  rowIndex[base + 1u] = rows;
  // counts[r] becomes the next free word of row r.
  var at = base + 3u + rows;
  for (var k = 0u; k < rows; k++) {
    let r = u32(lo) + k;
    rowIndex[base + 2u + k] = at;
    let c = counts[r];
    counts[r] = at;
    at += c;
  }
  rowIndex[base + 2u + rows] = at;
  for (var l = lineStart; l < lineEnd; l++) {
    let rr = lineTileRows(lines[l]);
    for (var r = rr.x; r <= rr.y; r++) {
      rowIndex[counts[r]] = l;
      counts[r]++;
    }
  }
}
