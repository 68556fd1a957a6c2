// Cubic segments -> lines at uniform parameter values, one invocation per segment, with the
// counts and layout allocate-lines.wgsl chose for the current points. Twin: flatten.ts.

#import raster-common
#import bezier

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> points: array<vec2f>;
@group(0) @binding(2) var<storage, read> segPoints: array<vec4u>;
// Per segment: (first line, line count).
@group(0) @binding(3) var<storage, read> segLines: array<vec2u>;
@group(0) @binding(4) var<storage, read_write> lines: array<vec4f>;

fn bezierAt(i: vec4u, t: f32) -> vec2f {
  let b = bernstein(t);
  return b.x * points[i.x] + b.y * points[i.y] + b.z * points[i.z] + b.w * points[i.w];
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let s = gid.x + gid.y * nwg.x * 256u;
  if (s >= P.segmentCount) { return; }
  let sl = segLines[s];
  let ids = segPoints[s];
  let nf = f32(sl.y);
  // The allocation keeps every segment inside the capacity; min() keeps it so regardless.
  let end = min(sl.x + sl.y, P.lineCapacity);
  var a = bezierAt(ids, 0.0);
  for (var l = sl.x; l < end; l++) {
    let b = bezierAt(ids, f32(l - sl.x + 1u) / nf);
    lines[l] = vec4f(a, b);
    a = b;
  }
}
