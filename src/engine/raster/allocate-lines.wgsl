// Line counts per cubic from the current points, and the line buffer's layout, before every
// render: one workgroup; each invocation counts a run of consecutive segments, one prefix
// sum over the runs gives every segment its first line, in segment order (groups stay
// contiguous, the layout is deterministic). If the lines wanted exceed P.lineCapacity the
// upload's layout (which always fits) is used and lineAlloc[1] is set, for
// GpuRasterizer.ensureCapacityAsync to grow the buffer. Twin: allocate-lines.ts.

#import raster-common

// 0.75 / FLATTEN_TOLERANCE (packed-scene.ts): n = ceil(sqrt(this * d)) keeps chords within it.
const WANG_SCALE: f32 = 7.5;
// MAX_LINES_PER_SEGMENT (packed-scene.ts).
const MAX_LINES: f32 = 128.0;
const RUNS: u32 = 256u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> points: array<vec2f>;
@group(0) @binding(2) var<storage, read> segPoints: array<vec4u>;
// Per segment: the upload's (first line, line count).
@group(0) @binding(3) var<storage, read> uploadLines: array<vec2u>;
// Per segment: (first line, line count) for the current points.
@group(0) @binding(4) var<storage, read_write> segLines: array<vec2u>;
// Per group: [first segment, end segment).
@group(0) @binding(5) var<storage, read> groupSegs: array<vec2u>;
@group(0) @binding(6) var<storage, read_write> groups: array<Group>;
// (lines wanted, 1 when they did not fit).
@group(0) @binding(7) var<storage, read_write> lineAlloc: array<u32, 2>;

var<workgroup> runStart: array<u32, RUNS>;
var<workgroup> wanted: u32;

// Same float32 steps as lineCountForCubic (packed-scene.ts), so the twins count alike.
fn lineCount(i: vec4u) -> u32 {
  let a = points[i.x] - 2.0 * points[i.y] + points[i.z];
  let b = points[i.y] - 2.0 * points[i.z] + points[i.w];
  let d = max(length(a), length(b));
  if (!(d < 1e30)) { return 1u; }
  return u32(clamp(ceil(sqrt(WANG_SCALE * d)), 1.0, MAX_LINES));
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) r: u32) {
  let run = (P.segmentCount + RUNS - 1u) / RUNS;
  let s0 = min(r * run, P.segmentCount);
  let s1 = min(s0 + run, P.segmentCount);
  var sum = 0u;
  for (var s = s0; s < s1; s++) {
    let n = lineCount(segPoints[s]);
    segLines[s] = vec2u(0u, n);
    sum += n;
  }
  runStart[r] = sum;
  workgroupBarrier();
  // 256 additions: serial is cheaper than a parallel scan's barriers on SwiftShader.
  if (r == 0u) {
    var at = 0u;
    for (var k = 0u; k < RUNS; k++) {
      let v = runStart[k];
      runStart[k] = at;
      at += v;
    }
    wanted = at;
  }
  workgroupBarrier();
  let total = wanted;
  let fits = total <= P.lineCapacity;
  var at = runStart[r];
  for (var s = s0; s < s1; s++) {
    if (fits) {
      let n = segLines[s].y;
      segLines[s] = vec2u(at, n);
      at += n;
    } else {
      segLines[s] = uploadLines[s];
    }
  }
  storageBarrier();
  for (var g = r; g < P.groupCount; g += RUNS) {
    let gs = groupSegs[g];
    if (gs.x < gs.y) {
      let last = segLines[gs.y - 1u];
      groups[g].lineStart = segLines[gs.x].x;
      groups[g].lineEnd = last.x + last.y;
    }
  }
  if (r == 0u) {
    lineAlloc[0] = total;
    lineAlloc[1] = select(1u, 0u, fits);
  }
}
