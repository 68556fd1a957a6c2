// dL/dpoint from dL/dline: each point gathers from the lines of the one or two segments
// that use it (Bernstein weight at each line end). No atomics, deterministic; adds into
// pointGrad so several backward passes accumulate. Twin: point-grads.ts.

#import raster-common
#import bezier

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> segLines: array<vec2u>;
// Per point: (segment, role 0..3) twice; segment 0xffffffff = unused.
@group(0) @binding(2) var<storage, read> pointRefs: array<vec4u>;
@group(0) @binding(3) var<storage, read> lineGrad: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> pointGrad: array<vec2f>;

fn fromSegment(s: u32, role: u32) -> vec2f {
  var g = vec2f(0.0);
  if (s == 0xffffffffu) { return g; }
  let sl = segLines[s];
  let nf = f32(sl.y);
  for (var k = 0u; k < sl.y; k++) {
    let lg = lineGrad[sl.x + k];
    g += bernstein(f32(k) / nf)[role] * lg.xy + bernstein(f32(k + 1u) / nf)[role] * lg.zw;
  }
  return g;
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= P.pointCount) { return; }
  let r = pointRefs[i];
  pointGrad[i] += fromSegment(r.x, r.y) + fromSegment(r.z, r.w);
}
