// Draws the render (f32 straight RGBA over white, width x height) into a canvas texture of
// any size, nearest sample, for the live preview. One full-screen triangle.
// Twin: render-to-rgba8.ts (the same mapping for the 8-bit snapshots).

struct Dims { width: u32, height: u32, canvasWidth: u32, canvasHeight: u32 }

@group(0) @binding(0) var<uniform> D: Dims;
@group(0) @binding(1) var<storage, read> image: array<vec4f>;

@vertex
fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4f {
  let x = f32(i32(i & 1u) * 4 - 1);
  let y = f32(i32(i >> 1u) * 4 - 1);
  return vec4f(x, y, 0.0, 1.0);
}

@fragment
fn fs(@builtin(position) pos: vec4f) -> @location(0) vec4f {
  let x = min(u32(pos.x * f32(D.width) / f32(D.canvasWidth)), D.width - 1u);
  let y = min(u32(pos.y * f32(D.height) / f32(D.canvasHeight)), D.height - 1u);
  let c = clamp(image[y * D.width + x], vec4f(0.0), vec4f(1.0));
  return vec4f(c.rgb, 1.0);
}
