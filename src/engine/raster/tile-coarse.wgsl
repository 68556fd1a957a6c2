// Per-tile command lists (PTCL), rebuilt every render: for each 16x16 tile, in draw order,
// every group that can touch it, as a linked list of commands [next, group, backdrop (i32
// bits), hits, 17 row offsets, line indices bucketed by pixel row] (a line appears once
// per row it may touch, so a row's invocation in the fine passes visits only its own
// lines). "Listed" lines are evaluated per pixel; lines wholly left of the tile that span
// its 16 rows add exactly +-1 to every pixel and are folded into the backdrop
// (classifyLine). Groups with neither are dropped (zero coverage and zero gradient there).
// One invocation per tile walks its bin's groups serially (no barriers: SwiftShader pays
// dearly for each) and allocates each command with one atomic add, so there is no counting
// pass. ptcl layout (u32 words): [0, T) the head of each tile's list (END if empty), then
// commands. alloc: (words used, overflow flag), cleared before each render. A command that
// would pass ptclCapacity is dropped (its tile renders incomplete) and overflow set:
// GpuRasterizer grows the buffer when asked (ensureCapacityAsync). A group's lines come
// from its row index (tile-row-index.wgsl): only those reaching the tile's row of tiles
// are classified (a full scan when the index overflowed). Twin: tile-coarse.ts.

#import raster-common
#import ptcl

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> lines: array<vec4f>;
@group(0) @binding(2) var<storage, read> groups: array<Group>;
@group(0) @binding(3) var<storage, read> bins: array<u32>;
@group(0) @binding(4) var<storage, read_write> ptcl: array<u32>;
@group(0) @binding(5) var<storage, read_write> alloc: array<atomic<u32>, 2>;
@group(0) @binding(6) var<storage, read> rowIndex: array<u32>;

// The j-th line to classify: from the row index, or line j itself on a full scan.
fn lineAt(j: u32, indexed: bool) -> u32 {
  if (indexed) { return rowIndex[j]; }
  return j;
}

// Rows (0..15, tile-relative) a line can touch.
fn lineRows(l: vec4f, Y0: f32) -> vec2u {
  let r0 = u32(clamp(floor(min(l.y, l.w)) - Y0, 0.0, 15.0));
  let r1 = u32(clamp(floor(max(l.y, l.w)) - Y0, 0.0, 15.0));
  return vec2u(r0, r1);
}

@compute @workgroup_size(64)
fn coarse(@builtin(global_invocation_id) gid: vec3u) {
  let tiles = P.tilesX * P.tilesY;
  let tile = gid.x;
  if (tile >= tiles) { return; }
  let tx = tile % P.tilesX;
  let ty = tile / P.tilesX;
  let X0 = f32(tx * TILE);
  let Y0 = f32(ty * TILE);
  let tileBox = vec4f(X0, Y0, X0 + TILE_F, Y0 + TILE_F);
  let bin = (ty / P.binTiles) * P.binsX + tx / P.binTiles;
  let nbins = P.binsX * P.binsY;
  let binLen = bins[bin];
  let binBase = nbins + bin * P.groupCount;
  var link = tile;
  ptcl[tile] = END;
  var rowCount: array<u32, 16>;
  // The first listed lines of the current group, so the write loop need not classify again.
  var listed: array<u32, 64>;
  for (var i = 0u; i < binLen; i++) {
    let g = bins[binBase + i];
    let b = groups[g].box;
    if (!(b.x < tileBox.z && b.z > tileBox.x && b.y < tileBox.w && b.w > tileBox.y)) { continue; }
    for (var r = 0u; r < 16u; r++) { rowCount[r] = 0u; }
    var backdrop = 0i;
    var hits = 0u;
    var nListed = 0u;
    var first = groups[g].lineStart;
    var end = groups[g].lineEnd;
    let rowBase = groups[g].rowBase;
    let indexed = rowBase != NO_ROW_INDEX;
    if (indexed) {
      let k = i32(ty) - i32(rowIndex[rowBase]);
      // No line of the group reaches this row of tiles: nothing to list, no backdrop.
      if (k < 0 || k >= i32(rowIndex[rowBase + 1u])) { continue; }
      first = rowIndex[rowBase + 2u + u32(k)];
      end = rowIndex[rowBase + 3u + u32(k)];
    }
    for (var j = first; j < end; j++) {
      let l = lineAt(j, indexed);
      let ln = lines[l];
      let k = classifyLine(ln, X0, Y0);
      if (k == 1u) {
        let rr = lineRows(ln, Y0);
        for (var r = rr.x; r <= rr.y; r++) { rowCount[r]++; }
        hits += rr.y - rr.x + 1u;
        if (nListed < 64u) { listed[nListed] = l; }
        nListed++;
      } else if (k == 2u) {
        backdrop += 1i;
      } else if (k == 3u) {
        backdrop -= 1i;
      }
    }
    if (hits == 0u && backdrop == 0i) { continue; }
    let size = COMMAND_HEADER + hits;
    let at = atomicAdd(&alloc[0], size);
    if (at + size > P.ptclCapacity) {
      // Keep counting what the full lists would take, so one regrowth suffices.
      atomicStore(&alloc[1], 1u);
      continue;
    }
    let cmd = tiles + at;
    ptcl[link] = cmd;
    link = cmd;
    ptcl[cmd] = END;
    ptcl[cmd + 1u] = g;
    ptcl[cmd + 2u] = bitcast<u32>(backdrop);
    ptcl[cmd + 3u] = hits;
    // Row r's line indices are words [cmd + HEADER + off[r], cmd + HEADER + off[r + 1]).
    var off = 0u;
    for (var r = 0u; r < 16u; r++) {
      ptcl[cmd + 4u + r] = off;
      let c = rowCount[r];
      rowCount[r] = off;
      off += c;
    }
    ptcl[cmd + 20u] = off;
    if (nListed <= 64u) {
      for (var j = 0u; j < nListed; j++) {
        let l = listed[j];
        let rr = lineRows(lines[l], Y0);
        for (var r = rr.x; r <= rr.y; r++) {
          ptcl[cmd + COMMAND_HEADER + rowCount[r]] = l;
          rowCount[r]++;
        }
      }
      continue;
    }
    for (var j = first; j < end; j++) {
      let l = lineAt(j, indexed);
      let ln = lines[l];
      if (classifyLine(ln, X0, Y0) == 1u) {
        let rr = lineRows(ln, Y0);
        for (var r = rr.x; r <= rr.y; r++) {
          ptcl[cmd + COMMAND_HEADER + rowCount[r]] = l;
          rowCount[r]++;
        }
      }
    }
  }
}
