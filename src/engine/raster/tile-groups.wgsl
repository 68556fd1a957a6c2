// Shared by render-forward.wgsl and render-backward.wgsl (after raster-common.wgsl): one
// workgroup = one 16x16 tile, one invocation per pixel. Groups reach a tile through its
// bin's list (in draw order), filtered by bounding box with an order-preserving
// compaction; a group's lines are classified cooperatively, 256 at a time.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> lines: array<vec4f>;
@group(0) @binding(2) var<storage, read> groups: array<Group>;
@group(0) @binding(3) var<storage, read> colors: array<vec4f>;
@group(0) @binding(4) var<storage, read> bins: array<u32>;

var<workgroup> wgScan: array<u32, 256>;
var<workgroup> wgCand: array<u32, 256>;
var<workgroup> wgCandCount: u32;
var<workgroup> wgLines: array<vec4f, 256>;
var<workgroup> wgLineIdx: array<u32, 256>;
var<workgroup> wgLineCount: atomic<u32>;
var<workgroup> wgBackdrop: atomic<i32>;
var<workgroup> wgAny: u32;
var<workgroup> wgU: u32;
var<workgroup> wgRange: vec2u;

fn binOfTile(tx: u32, ty: u32) -> u32 { return (ty / P.binTiles) * P.binsX + tx / P.binTiles; }

fn uniformBinLength(bin: u32, li: u32) -> u32 {
  if (li == 0u) { wgU = bins[bin]; }
  return workgroupUniformLoad(&wgU);
}

// Candidates [chunkStart, chunkStart+256) of the bin list whose box meets the tile, in
// order, into wgCand; returns their count (uniform).
fn gatherCandidates(li: u32, chunkStart: u32, binLen: u32, binBase: u32, tileBox: vec4f) -> u32 {
  var hit = 0u;
  var gid = 0u;
  let idx = chunkStart + li;
  if (idx < binLen) {
    gid = bins[binBase + idx];
    let b = groups[gid].box;
    if (b.x < tileBox.z && b.z > tileBox.x && b.y < tileBox.w && b.w > tileBox.y) { hit = 1u; }
  }
  workgroupBarrier();
  wgScan[li] = hit;
  workgroupBarrier();
  for (var off = 1u; off < 256u; off = off << 1u) {
    var v = 0u;
    if (li >= off) { v = wgScan[li - off]; }
    workgroupBarrier();
    wgScan[li] += v;
    workgroupBarrier();
  }
  if (hit == 1u) { wgCand[wgScan[li] - 1u] = gid; }
  if (li == 255u) { wgCandCount = wgScan[255]; }
  return workgroupUniformLoad(&wgCandCount);
}

// Signed winding area of group g at this invocation's pixel.
fn groupAreaAt(g: u32, li: u32, X0: f32, Y0: f32, px: f32, py: f32) -> f32 {
  workgroupBarrier();
  if (li == 0u) {
    atomicStore(&wgBackdrop, 0);
    wgRange = vec2u(groups[g].lineStart, groups[g].lineEnd);
    wgAny = 0u;
  }
  let range = workgroupUniformLoad(&wgRange);
  let start = range.x;
  let end = range.y;
  var area = 0.0;
  for (var base = start; base < end; base += 256u) {
    if (li == 0u) { atomicStore(&wgLineCount, 0u); }
    workgroupBarrier();
    let l = base + li;
    if (l < end) {
      let ln = lines[l];
      let k = classifyLine(ln, X0, Y0);
      if (k == 1u) {
        let slot = atomicAdd(&wgLineCount, 1u);
        wgLines[slot] = ln;
      } else if (k == 2u) {
        atomicAdd(&wgBackdrop, 1);
      } else if (k == 3u) {
        atomicAdd(&wgBackdrop, -1);
      }
    }
    workgroupBarrier();
    let n = atomicLoad(&wgLineCount);
    for (var i = 0u; i < n; i++) { area += pixelArea(wgLines[i], px, py); }
    workgroupBarrier();
  }
  workgroupBarrier();
  return area + f32(atomicLoad(&wgBackdrop));
}
