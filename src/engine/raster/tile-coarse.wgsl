// Per-tile command lists (PTCL), rebuilt every render: for each 16x16 tile, in draw order,
// every group that can touch it, as [group, backdrop (i32 bits), n, n line indices].
// "Listed" lines are evaluated per pixel; lines wholly left of the tile that span its 16
// rows add exactly +-1 to every pixel and are folded into the backdrop (classifyLine).
// Groups with neither are dropped (zero coverage and zero gradient there).
// One invocation per tile walks its bin's groups serially (no barriers): coarseCount sizes
// each list, scanTiles turns sizes into offsets (one workgroup), coarseWrite fills them.
// ptcl layout (u32 words): [0, 2T) per tile (size, offset); [2T] total; [2T+1] overflow;
// command words from 2T+2 (offsets are relative to it). A list that would pass
// ptclCapacity is dropped (size 0) and overflow set: GpuRasterizer grows the buffer when
// asked (ensureCapacityAsync). Twin: tile-coarse.ts.
// Prepended: raster-common.wgsl.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> lines: array<vec4f>;
@group(0) @binding(2) var<storage, read> groups: array<Group>;
@group(0) @binding(3) var<storage, read> bins: array<u32>;
@group(0) @binding(4) var<storage, read_write> ptcl: array<u32>;

fn coarse(tile: u32, write: bool) {
  let tx = tile % P.tilesX;
  let ty = tile / P.tilesX;
  let X0 = f32(tx * TILE);
  let Y0 = f32(ty * TILE);
  let tileBox = vec4f(X0, Y0, X0 + TILE_F, Y0 + TILE_F);
  let bin = (ty / P.binTiles) * P.binsX + tx / P.binTiles;
  let nbins = P.binsX * P.binsY;
  let binLen = bins[bin];
  let binBase = nbins + bin * P.groupCount;
  var base = 0u;
  if (write) {
    if (ptcl[tile * 2u] == 0u) { return; }
    base = ptcl[tile * 2u + 1u] + 2u * P.tilesX * P.tilesY + 2u;
  }
  var w = 0u;
  for (var i = 0u; i < binLen; i++) {
    let g = bins[binBase + i];
    let b = groups[g].box;
    if (!(b.x < tileBox.z && b.z > tileBox.x && b.y < tileBox.w && b.w > tileBox.y)) { continue; }
    let header = w;
    w += 3u;
    var backdrop = 0i;
    var n = 0u;
    for (var l = groups[g].lineStart; l < groups[g].lineEnd; l++) {
      let k = classifyLine(lines[l], X0, Y0);
      if (k == 1u) {
        if (write) { ptcl[base + w] = l; }
        w++;
        n++;
      } else if (k == 2u) {
        backdrop += 1i;
      } else if (k == 3u) {
        backdrop -= 1i;
      }
    }
    if (n == 0u && backdrop == 0i) {
      w = header;
      continue;
    }
    if (write) {
      ptcl[base + header] = g;
      ptcl[base + header + 1u] = bitcast<u32>(backdrop);
      ptcl[base + header + 2u] = n;
    }
  }
  if (!write) { ptcl[tile * 2u] = w; }
}

@compute @workgroup_size(64)
fn coarseCount(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= P.tilesX * P.tilesY) { return; }
  coarse(gid.x, false);
}

@compute @workgroup_size(64)
fn coarseWrite(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x >= P.tilesX * P.tilesY) { return; }
  coarse(gid.x, true);
}

var<workgroup> wgSums: array<u32, 256>;
var<workgroup> wgOverflow: atomic<u32>;

@compute @workgroup_size(256)
fn scanTiles(@builtin(local_invocation_index) li: u32) {
  let tiles = P.tilesX * P.tilesY;
  let per = (tiles + 255u) / 256u;
  let start = li * per;
  let end = min(start + per, tiles);
  var sum = 0u;
  for (var t = start; t < end; t++) { sum += ptcl[t * 2u]; }
  wgSums[li] = sum;
  if (li == 0u) { atomicStore(&wgOverflow, 0u); }
  workgroupBarrier();
  for (var off = 1u; off < 256u; off = off << 1u) {
    var v = 0u;
    if (li >= off) { v = wgSums[li - off]; }
    workgroupBarrier();
    wgSums[li] += v;
    workgroupBarrier();
  }
  var offset = wgSums[li] - sum;
  var overflow = 0u;
  for (var t = start; t < end; t++) {
    let size = ptcl[t * 2u];
    ptcl[t * 2u + 1u] = offset;
    if (offset + size > P.ptclCapacity) {
      ptcl[t * 2u] = 0u;
      overflow = 1u;
    }
    offset += size;
  }
  atomicMax(&wgOverflow, overflow);
  workgroupBarrier();
  if (li == 0u) {
    ptcl[tiles * 2u] = wgSums[255];
    ptcl[tiles * 2u + 1u] = atomicLoad(&wgOverflow);
  }
}
