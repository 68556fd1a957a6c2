// Keeps control points within a margin around the canvas after each Adam step
// ([-margin, width + margin] x [-margin, height + margin]), so a runaway gradient cannot fling
// a shape far away (where it would stop getting gradient). Twin: clamp-points.ts.

struct Bounds { minX: f32, minY: f32, maxX: f32, maxY: f32, count: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<uniform> B: Bounds;
@group(0) @binding(1) var<storage, read_write> points: array<vec2f>;
// Per point: 1 = optimised (clamp it), 0 = frozen (never written).
@group(0) @binding(2) var<storage, read> movable: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= B.count || movable[i] == 0u) { return; }
  let p = points[i];
  let q = clamp(p, vec2f(B.minX, B.minY), vec2f(B.maxX, B.maxY));
  // Store only when it moves, so untouched points keep their exact bits.
  if (any(q != p)) { points[i] = q; }
}
