// Sets flag[0] to 1 when any of the first `count` values is NaN or +-Inf (the step guard:
// a bad gradient skips the Adam step). Only a 4-byte flag is read back, never the
// gradients. Twin: nonfinite-flag.ts. Dispatch (ceil(count / 256), 1, 1) or 2-D via dispatchSize.

struct Count { n: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<uniform> C: Count;
@group(0) @binding(1) var<storage, read> values: array<u32>;
@group(0) @binding(2) var<storage, read_write> flag: array<atomic<u32>>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= C.n) { return; }
  // Exponent bits all ones: Inf or NaN (read as bits: WGSL may assume floats are finite).
  if ((values[i] & 0x7f800000u) == 0x7f800000u) { atomicStore(&flag[0], 1u); }
}
