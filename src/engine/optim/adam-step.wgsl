// One Adam step on the GPU over points then colours (one invocation per scalar), with
// separate learning rates, per-group masks and colours clamped to [0,1]. Twin: adam-step.ts.

#import adam-common

@group(0) @binding(0) var<uniform> A: AdamParams;
@group(0) @binding(1) var<storage, read_write> points: array<f32>;
@group(0) @binding(2) var<storage, read_write> colors: array<f32>;
@group(0) @binding(3) var<storage, read> pointGrad: array<f32>;
@group(0) @binding(4) var<storage, read> colorGrad: array<f32>;
// (m, v) per scalar.
@group(0) @binding(5) var<storage, read_write> pointMoments: array<vec2f>;
@group(0) @binding(6) var<storage, read_write> colorMoments: array<vec2f>;
@group(0) @binding(7) var<storage, read> pointGroup: array<u32>;
// Per group: bit 0 optimise shape, bit 1 optimise colour.
@group(0) @binding(8) var<storage, read> groupMask: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i < A.pointValues) {
    if (A.lrPoints == 0.0 || (groupMask[pointGroup[i / 2u]] & 1u) == 0u) { return; }
    let r = adamUpdate(points[i], pointGrad[i], pointMoments[i], A.lrPoints);
    points[i] = r.x;
    pointMoments[i] = r.yz;
    return;
  }
  let j = i - A.pointValues;
  if (j >= A.colorValues) { return; }
  if (A.lrColors == 0.0 || (groupMask[j / 4u] & 2u) == 0u) { return; }
  let r = adamUpdate(colors[j], colorGrad[j], colorMoments[j], A.lrColors);
  colors[j] = clamp(r.x, 0.0, 1.0);
  colorMoments[j] = r.yz;
}
