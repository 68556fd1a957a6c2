// Adjoint of augment-forward.wgsl: d loss / d render from d loss / d pixel_values, as a
// gather (no atomics, deterministic). For each image the
// output pixels that can tap canvas pixel (i, j) have their sample point in the canvas
// square [i - 1.5, i + 2.5] x [j - 1.5, j + 2.5]; H^-1 of its corners bounds them. Each
// candidate's tap is recomputed with the forward's own functions, so the weights are the
// forward's. Pixels outside the valid rectangle (white fill) get 0; alpha gets 0.
// dims.accumulate: add to dRender instead of overwriting it (micro-batches).
// An invocation takes a PX x PY block of canvas pixels: they share their candidates, so each
// candidate's sample point (a homography and a division) is computed once for the block,
// and only its taps that land in the block are visited. Per pixel the candidates and their
// order (v, then u) are those of a one-pixel gather, so the sums are unchanged.
// Dispatch (ceil(width / (8 PX)), ceil(height / (8 PY)), 1).

#import augment-common
#import clip-normalisation

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> images: array<AugmentImage>;
@group(0) @binding(2) var<storage, read> pixelGrad: array<f32>;
@group(0) @binding(3) var<storage, read_write> dRender: array<vec4f>;

const PX: u32 = 4u;
const PY: u32 = 4u;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  if (gid.x * PX >= dims.width || gid.y * PY >= dims.height) {
    return;
  }
  let i0 = i32(gid.x * PX);
  let j0 = i32(gid.y * PY);
  let S = dims.outSize;
  let plane = S * S;
  let last = f32(S) - 1.0;
  var acc: array<vec3f, PX * PY>;
  var valid: array<bool, PX * PY>;
  for (var b = 0u; b < dims.batch; b++) {
    let img = images[b];
    var anyValid = false;
    for (var k = 0u; k < PX * PY; k++) {
      valid[k] = tapValid(img, i0 + i32(k % PX), j0 + i32(k / PX), dims.width, dims.height);
      anyValid = anyValid || valid[k];
    }
    if (!anyValid) {
      continue;
    }
    var lo = vec2f(3.0e38);
    var hi = vec2f(-3.0e38);
    var everywhere = false;
    for (var k = 0u; k < 4u; k++) {
      let corner = vec3f(f32(i0) + select(-1.5, f32(PX) + 1.5, (k & 1u) != 0u), f32(j0) + select(-1.5, f32(PY) + 1.5, (k & 2u) != 0u), 1.0);
      let z = dot(img.inv2.xyz, corner);
      if (z <= 1.0e-20) {
        everywhere = true;
      } else {
        let q = vec2f(dot(img.inv0.xyz, corner), dot(img.inv1.xyz, corner)) / z;
        lo = min(lo, q);
        hi = max(hi, q);
      }
    }
    // Output pixel u is sampled at u + 0.5. A candidate lost to float32 rounding sits on
    // the tap support's edge, where the cubic weight and its slope are 0: the 1e-3 slack
    // covers rounding, and every candidate is re-checked exactly below.
    var r0 = vec2u(0u);
    var r1 = vec2u(S - 1u);
    if (!everywhere) {
      if (any(hi < vec2f(-1.0)) || any(lo > vec2f(f32(S) + 1.0))) {
        continue;
      }
      r0 = vec2u(clamp(ceil(lo - 0.5 - 1.0e-3), vec2f(0.0), vec2f(last)));
      r1 = vec2u(clamp(floor(hi - 0.5 + 1.0e-3), vec2f(0.0), vec2f(last)));
    }
    let base = b * 3u * plane;
    for (var v = r0.y; v <= r1.y; v++) {
      for (var u = r0.x; u <= r1.x; u++) {
        let sp = samplePoint(img, u, v, dims.width, dims.height);
        // The candidate's taps are columns ix - 1 .. ix + 2 and rows iy - 1 .. iy + 2; the
        // block's offsets of the first: they must meet 0 .. PX - 1 and 0 .. PY - 1.
        let cx = sp.ix - 1 - i0;
        let cy = sp.iy - 1 - j0;
        if (!sp.ok || cx > i32(PX) - 1 || cx < -3 || cy > i32(PY) - 1 || cy < -3) {
          continue;
        }
        let o = base + v * S + u;
        let gv = vec3f(pixelGrad[o], pixelGrad[o + plane], pixelGrad[o + 2u * plane]);
        for (var ty = max(-cy, 0); ty < min(i32(PY) - cy, 4); ty++) {
          let wy = cubicWeight(sp.fy + 1.0 - f32(ty));
          let row = u32(cy + ty) * PX;
          for (var tx = max(-cx, 0); tx < min(i32(PX) - cx, 4); tx++) {
            let k = row + u32(cx + tx);
            if (valid[k]) {
              acc[k] += cubicWeight(sp.fx + 1.0 - f32(tx)) * wy * gv;
            }
          }
        }
      }
    }
  }
  for (var k = 0u; k < PX * PY; k++) {
    let i = u32(i0) + k % PX;
    let j = u32(j0) + k / PX;
    if (i >= dims.width || j >= dims.height) {
      continue;
    }
    let p = j * dims.width + i;
    var g = vec4f(acc[k] / CLIP_STD, 0.0);
    if (dims.accumulate != 0u) {
      g += dRender[p];
    }
    dRender[p] = g;
  }
}
