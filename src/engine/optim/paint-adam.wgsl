// Adam on the gradient paints' parameters (paint.ts: geometry, then offset + RGBA per stop),
// after adam-step.wgsl, from the same uniform (adam-common.wgsl). They live in the colours buffer after the G
// groups' colours (layout in paint.wgsl): parameter i at 16G + i, its gradient at 4G + i. `step`: one invocation per parameter; the
// geometry moves with the shape's learning rate and mask bit, stops with the colour's;
// colours and offsets are clamped to [0,1], radii to >= 0. `order`: one invocation per
// group, offsets made non-decreasing again (a running maximum), as the stops require.
// Twin: paint-adam.ts.

#import adam-common
#import paint-layout

@group(0) @binding(0) var<uniform> A: AdamParams;
// The colours buffer and the colour gradients (GpuRasterizer's colors, colorGrad).
@group(0) @binding(1) var<storage, read_write> paint: array<f32>;
@group(0) @binding(2) var<storage, read> paintGrad: array<f32>;
// (m, v) per parameter.
@group(0) @binding(3) var<storage, read_write> paintMoments: array<vec2f>;
// Per parameter: group << 3 | role.
@group(0) @binding(4) var<storage, read> paintRole: array<u32>;
// Per group: bit 0 optimise shape, bit 1 optimise colour.
@group(0) @binding(5) var<storage, read> groupMask: array<u32>;

@compute @workgroup_size(256)
fn step(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= A.paintValues) { return; }
  let role = paintRole[i] & 7u;
  if (role == ROLE_UNUSED) { return; }
  let geometry = role == ROLE_POSITION || role == ROLE_RADIUS;
  let g = paintRole[i] >> 3u;
  // Geometry: the points' rate is in pixels, the geometry's units are the gradient's.
  let lr = select(A.lrColors, A.lrPoints * paint[A.groupCount * 4u + g * RECORD_WORDS + RECORD_GEOMETRY_SCALE], geometry);
  let bit = select(2u, 1u, geometry);
  if (lr == 0.0 || (groupMask[g] & bit) == 0u) { return; }
  let grad = paintGrad[A.groupCount * 4u + i];
  let at = A.groupCount * 16u + i;
  let r = adamUpdate(paint[at], grad, paintMoments[i], lr);
  var x = r.x;
  if (role == ROLE_RADIUS) {
    x = max(x, 0.0);
  } else if (!geometry) {
    x = clamp(x, 0.0, 1.0);
  }
  paint[at] = x;
  paintMoments[i] = r.yz;
}

@compute @workgroup_size(64)
fn order(@builtin(global_invocation_id) gid: vec3u) {
  let g = gid.x;
  if (g >= A.groupCount) { return; }
  let info = A.groupCount * 4u + g * RECORD_WORDS;
  if (u32(paint[info]) == PAINT_SOLID) { return; }
  let sb = A.groupCount * 16u + u32(paint[info + 2u]) + PAINT_GEOMETRY;
  let n = u32(paint[info + 3u]);
  var last = 0.0;
  for (var k = 0u; k < n; k++) {
    let o = max(paint[sb + k * STOP_WORDS], last);
    paint[sb + k * STOP_WORDS] = o;
    last = o;
  }
}
