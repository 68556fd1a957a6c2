// Cubic Bezier helpers shared by the kernels that evaluate segments (flatten.wgsl) or spread
// gradients back onto their control points (point-grads.wgsl). Twin: bernstein in flatten.ts.

// The cubic Bernstein weights of P0..P3 at t. At t = 1 they are exactly (0, 0, 0, 1), so a
// segment's last vertex is bit-identical to P3 (and to the next segment's first).
fn bernstein(t: f32) -> vec4f {
  let u = 1.0 - t;
  return vec4f(u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
}
