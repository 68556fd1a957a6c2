// A picture cut into regions: 4-connected sets of pixels that cover it exactly once.

export interface RegionMap {
  width: number;
  height: number;
  /** Region id of every pixel, 0 .. regionCount-1. */
  regionOf: Int32Array;
  regionCount: number;
  /** Pixel count of each region. */
  area: Int32Array;
}

/** 4-connected runs of equal keys, numbered in order of their first pixel. */
export function labelRegions(keys: Int32Array, width: number, height: number): RegionMap {
  const n = width * height;
  const regionOf = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const areas: number[] = [];
  for (let start = 0; start < n; start++) {
    if (regionOf[start] !== -1) continue;
    const key = keys[start]!;
    const id = areas.length;
    let top = 0;
    stack[top++] = start;
    regionOf[start] = id;
    let area = 0;
    while (top > 0) {
      const p = stack[--top]!;
      area++;
      const x = p % width;
      if (x > 0 && regionOf[p - 1] === -1 && keys[p - 1] === key) {
        regionOf[p - 1] = id;
        stack[top++] = p - 1;
      }
      if (x < width - 1 && regionOf[p + 1] === -1 && keys[p + 1] === key) {
        regionOf[p + 1] = id;
        stack[top++] = p + 1;
      }
      if (p >= width && regionOf[p - width] === -1 && keys[p - width] === key) {
        regionOf[p - width] = id;
        stack[top++] = p - width;
      }
      if (p + width < n && regionOf[p + width] === -1 && keys[p + width] === key) {
        regionOf[p + width] = id;
        stack[top++] = p + width;
      }
    }
    areas.push(area);
  }
  return { width, height, regionOf, regionCount: areas.length, area: Int32Array.from(areas) };
}

/**
 * The finest regions worth merging from: runs of pixels whose colours agree in their top
 * `bits` bits per channel. At 4 bits (16 levels, steps of 16) the merges start from a few
 * tens of thousands of regions on a 512 px photo instead of a quarter million pixels, and
 * the step is below what the merged regions' mean colours keep anyway.
 */
export function startRegions(data: Uint8ClampedArray | Uint8Array, width: number, height: number, bits: number): RegionMap {
  const n = width * height;
  const keys = new Int32Array(n);
  const shift = 8 - bits;
  for (let p = 0; p < n; p++) keys[p] = ((data[p * 4]! >> shift) << (2 * bits)) | ((data[p * 4 + 1]! >> shift) << bits) | (data[p * 4 + 2]! >> shift);
  return labelRegions(keys, width, height);
}
