// Shared by adam-step.wgsl and paint-adam.wgsl (#import adam-common): the step's uniform,
// which GpuRasterizer.step writes once for both, and the update. Twin: adamUpdate in
// adam-step.ts.

struct AdamParams {
  lrPoints: f32, lrColors: f32, beta1: f32, beta2: f32,
  eps: f32, c1: f32, c2: f32, pointValues: u32,
  colorValues: u32, paintValues: u32, groupCount: u32, pad0: u32,
}

// (new value, m, v) of one parameter; A is the kernel's AdamParams uniform.
fn adamUpdate(value: f32, grad: f32, mv: vec2f, lr: f32) -> vec3f {
  let m = A.beta1 * mv.x + (1.0 - A.beta1) * grad;
  let v = A.beta2 * mv.y + (1.0 - A.beta2) * grad * grad;
  return vec3f(value - lr * (m / A.c1) / (sqrt(v / A.c2) + A.eps), m, v);
}
