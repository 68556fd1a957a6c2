// Shared by augment-forward.wgsl and augment-backward.wgsl (#import augment-common).
// Mirrors augment-sample-point.ts and bicubic-kernel.ts.

struct Dims {
  width: u32,
  height: u32,
  batch: u32,
  outSize: u32,
  // backward: 1 adds into dRender (micro-batches), 0 overwrites it
  accumulate: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

// 128 bytes, packed by augment-params.ts: rows of H (output pixel -> canvas pixel), rows of
// H^-1, the valid rectangle [x0, x1) x [y0, y1) in canvas pixels.
struct AugmentImage {
  h0: vec4f,
  h1: vec4f,
  h2: vec4f,
  inv0: vec4f,
  inv1: vec4f,
  inv2: vec4f,
  valid: vec4f,
  reserved: vec4f,
}

struct SamplePoint {
  ok: bool,
  ix: i32,
  iy: i32,
  fx: f32,
  fy: f32,
}

// PyTorch's bicubic (the CLIPVG reference resizes with F.interpolate(mode='bicubic')).
const BICUBIC_A: f32 = -0.75;

fn cubicWeight(t: f32) -> f32 {
  let x = abs(t);
  if (x <= 1.0) {
    return ((BICUBIC_A + 2.0) * x - (BICUBIC_A + 3.0)) * x * x + 1.0;
  }
  if (x < 2.0) {
    return ((BICUBIC_A * x - 5.0 * BICUBIC_A) * x + 8.0 * BICUBIC_A) * x - 4.0 * BICUBIC_A;
  }
  return 0.0;
}

fn samplePoint(img: AugmentImage, u: u32, v: u32, width: u32, height: u32) -> SamplePoint {
  let p = vec3f(f32(u) + 0.5, f32(v) + 0.5, 1.0);
  let X = dot(img.h0.xyz, p);
  let Y = dot(img.h1.xyz, p);
  let W = dot(img.h2.xyz, p);
  var s: SamplePoint;
  s.ok = W > 0.0;
  if (!s.ok) {
    return s;
  }
  // Beyond these bounds every tap is off the canvas; clamping keeps the integers small.
  let x = clamp(X / W - 0.5, -3.0, f32(width) + 2.0);
  let y = clamp(Y / W - 0.5, -3.0, f32(height) + 2.0);
  let fx = floor(x);
  let fy = floor(y);
  s.ix = i32(fx);
  s.iy = i32(fy);
  s.fx = x - fx;
  s.fy = y - fy;
  return s;
}

fn tapValid(img: AugmentImage, i: i32, j: i32, width: u32, height: u32) -> bool {
  if (i < 0 || j < 0 || i >= i32(width) || j >= i32(height)) {
    return false;
  }
  let c = vec2f(f32(i) + 0.5, f32(j) + 0.5);
  return all(c >= img.valid.xy) && all(c < img.valid.zw);
}
