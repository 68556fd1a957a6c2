// Cubic segments -> lines at uniform parameter values (counts frozen at upload).
// Twin: flatten.ts.

#import raster-common
#import bezier

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> points: array<vec2f>;
@group(0) @binding(2) var<storage, read> segPoints: array<vec4u>;
// Per segment: (first line, line count).
@group(0) @binding(3) var<storage, read> segLines: array<vec2u>;
@group(0) @binding(4) var<storage, read> lineSeg: array<u32>;
@group(0) @binding(5) var<storage, read_write> lines: array<vec4f>;

fn bezierAt(i: vec4u, t: f32) -> vec2f {
  let b = bernstein(t);
  return b.x * points[i.x] + b.y * points[i.y] + b.z * points[i.z] + b.w * points[i.w];
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let l = gid.x + gid.y * nwg.x * 256u;
  if (l >= P.lineCount) { return; }
  let s = lineSeg[l];
  let sl = segLines[s];
  let k = l - sl.x;
  let nf = f32(sl.y);
  let ids = segPoints[s];
  lines[l] = vec4f(bezierAt(ids, f32(k) / nf), bezierAt(ids, f32(k + 1u) / nf));
}
