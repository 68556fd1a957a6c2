// Crop / perspective / flip / resize of the render into CLIP's pixel_values, one thread per
// output pixel: 4x4 bicubic sample at H_b (u + 0.5, v + 0.5), white for taps outside the
// canvas or the valid rectangle, CLIP normalisation, planar [B, 3, S, S].
// Dispatch (ceil(S / 8), ceil(S / 8), B).

#import augment-common
#import clip-normalisation

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> images: array<AugmentImage>;
@group(0) @binding(2) var<storage, read> render: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> pixelValues: array<f32>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let S = dims.outSize;
  let u = gid.x;
  let v = gid.y;
  let b = gid.z;
  if (u >= S || v >= S || b >= dims.batch) {
    return;
  }
  let img = images[b];
  var rgb = vec3f(1.0);
  let sp = samplePoint(img, u, v, dims.width, dims.height);
  if (sp.ok) {
    var wx: array<f32, 4>;
    var wy: array<f32, 4>;
    for (var k = 0; k < 4; k++) {
      wx[k] = cubicWeight(sp.fx + 1.0 - f32(k));
      wy[k] = cubicWeight(sp.fy + 1.0 - f32(k));
    }
    rgb = vec3f(0.0);
    for (var ty = 0; ty < 4; ty++) {
      let j = sp.iy - 1 + ty;
      for (var tx = 0; tx < 4; tx++) {
        let i = sp.ix - 1 + tx;
        let w = wx[tx] * wy[ty];
        if (tapValid(img, i, j, dims.width, dims.height)) {
          rgb += w * render[u32(j) * dims.width + u32(i)].rgb;
        } else {
          rgb += vec3f(w);
        }
      }
    }
  }
  let n = (rgb - CLIP_MEAN) / CLIP_STD;
  let plane = S * S;
  let base = b * 3u * plane + v * S + u;
  pixelValues[base] = n.x;
  pixelValues[base + plane] = n.y;
  pixelValues[base + 2u * plane] = n.z;
}
