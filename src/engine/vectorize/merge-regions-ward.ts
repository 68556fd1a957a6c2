import type { RgbaImage } from '../../image/rgba-image.ts';
import type { RegionMap } from './region-map.ts';

// Hierarchical region merging by Ward's criterion: repeatedly merge the two adjacent regions
// whose union adds the least squared colour error, n_a n_b / (n_a + n_b) |mean_a - mean_b|^2,
// until `targets` region counts are reached. Each region is drawn in its mean colour, so this
// greedily minimises the picture's squared error (PSNR) for a given number of shapes, at full
// colour precision: a smooth gradient is cut into bands where it changes, not where a global
// palette puts its colours, and a speck costs almost nothing to fold into its best neighbour.
// Every coarser map is a merge of the finer one, so coarser rounds share the finer rounds'
// boundaries wherever they keep one.

/** Min-heap of merge candidates (cost, a, b) in typed arrays. */
class EdgeHeap {
  cost: Float64Array;
  a: Int32Array;
  b: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.cost = new Float64Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
  }
  private grow(): void {
    const n = this.cost.length * 2;
    const cost = new Float64Array(n),
      a = new Int32Array(n),
      b = new Int32Array(n);
    cost.set(this.cost);
    a.set(this.a);
    b.set(this.b);
    this.cost = cost;
    this.a = a;
    this.b = b;
  }
  push(cost: number, a: number, b: number): void {
    if (this.size === this.cost.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.cost[p]! <= cost) break;
      this.cost[i] = this.cost[p]!;
      this.a[i] = this.a[p]!;
      this.b[i] = this.b[p]!;
      i = p;
    }
    this.cost[i] = cost;
    this.a[i] = a;
    this.b[i] = b;
  }
  /** Removes the minimum into (topCost, topA, topB). */
  topCost = 0;
  topA = 0;
  topB = 0;
  pop(): void {
    this.topCost = this.cost[0]!;
    this.topA = this.a[0]!;
    this.topB = this.b[0]!;
    const last = --this.size;
    const c = this.cost[last]!,
      a = this.a[last]!,
      b = this.b[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const m = l + 1 < last && this.cost[l + 1]! < this.cost[l]! ? l + 1 : l;
      if (this.cost[m]! >= c) break;
      this.cost[i] = this.cost[m]!;
      this.a[i] = this.a[m]!;
      this.b[i] = this.b[m]!;
      i = m;
    }
    this.cost[i] = c;
    this.a[i] = a;
    this.b[i] = b;
  }
}

/** A merge re-costs all of the merged region's edges when the smaller side brings at least this share of its pixels. */
const RECOST_SHARE = 0.05;

export interface WardOptions {
  /** Region counts to stop at; one map is returned for each, largest count first. */
  targets: number[];
  /** Regions smaller than this (px) merge before any other, each into its most similar neighbour (default 1: none forced). */
  minArea?: number;
}

/**
 * Merges the regions of `start` (any map of 4-connected regions of `image`) down to each
 * target count; returns one RegionMap per target, region ids compact and ordered by first pixel.
 */
export function mergeRegionsWard(image: RgbaImage, start: RegionMap, o: WardOptions): RegionMap[] {
  const { width: w, height: h } = start;
  const n = w * h;
  const m = start.regionCount;
  const count = new Float64Array(m);
  const sum = new Float64Array(m * 3);
  const d = image.data;
  const of = start.regionOf;
  for (let p = 0; p < n; p++) {
    const r = of[p]!;
    count[r]!++;
    sum[r * 3]! += d[p * 4]!;
    sum[r * 3 + 1]! += d[p * 4 + 1]!;
    sum[r * 3 + 2]! += d[p * 4 + 2]!;
  }
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const minArea = o.minArea ?? 1;
  // A speck's merges are discounted so far that they all come first; its best neighbour is
  // still the one of least error. Areas only grow, so the keys stay lower bounds (see below).
  const SPECK_DISCOUNT = 1e-9;
  const cost = (a: number, b: number) => {
    const na = count[a]!,
      nb = count[b]!;
    const speck = na < minArea || nb < minArea ? SPECK_DISCOUNT : 1;
    const dr = sum[a * 3]! / na - sum[b * 3]! / nb;
    const dg = sum[a * 3 + 1]! / na - sum[b * 3 + 1]! / nb;
    const db = sum[a * 3 + 2]! / na - sum[b * 3 + 2]! / nb;
    return speck * ((na * nb) / (na + nb)) * (dr * dr + dg * dg + db * db);
  };
  // Neighbour lists (may hold stale ids and repeats until compacted) and one heap entry per
  // adjacent pair.
  const adj: number[][] = Array.from({ length: m }, () => []);
  const heap = new EdgeHeap(Math.max(16, m * 3));
  let lastA = -1,
    lastB = -1;
  const candidate = (a: number, b: number) => {
    if (a > b) [a, b] = [b, a];
    if (a === lastA && b === lastB) return;
    lastA = a;
    lastB = b;
    adj[a]!.push(b);
    adj[b]!.push(a);
    heap.push(cost(a, b), a, b);
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x,
        r = of[p]!;
      if (x + 1 < w && of[p + 1] !== r) candidate(r, of[p + 1]!);
      if (y + 1 < h && of[p + w] !== r) candidate(r, of[p + w]!);
    }
  }
  // seen[c] holds the merge number at which c was last listed, so each merge dedupes afresh.
  const seen = new Int32Array(m).fill(-1);
  let mergeNo = 0;
  const targets = [...o.targets].sort((x, y) => y - x);
  const out: RegionMap[] = [];
  let alive = m;
  let t = 0;
  // After a merge the merged region's edges get fresh entries (see below); older entries for
  // the same pair are left in the heap and re-costed when popped (if the cost went up, the
  // pair goes back in), so the pair merged is the cheapest one, as in the textbook greedy,
  // up to the small drift of a large region's mean that is not re-costed.
  let specks = 0;
  for (let r = 0; r < m; r++) if (count[r]! < minArea) specks++;
  while (specks === 0 && t < targets.length && alive <= targets[t]!) out.push(snapshot()), t++;
  while ((t < targets.length || specks > 0) && heap.size > 0) {
    heap.pop();
    const a = find(heap.topA),
      b = find(heap.topB);
    if (a === b) continue;
    const c = cost(a, b);
    if (c > heap.topCost * (1 + 1e-9) + 1e-9) {
      heap.push(c, a, b);
      continue;
    }
    const [big, small] = count[a]! >= count[b]! ? [a, b] : [b, a];
    if (count[small]! < minArea) specks--;
    if (count[big]! < minArea && count[big]! + count[small]! >= minArea) specks--;
    parent[small] = big;
    mergeNo++;
    count[big]! += count[small]!;
    for (let k = 0; k < 3; k++) sum[big * 3 + k]! += sum[small * 3 + k]!;
    alive--;
    // Fresh entries for the merged region's edges: always for those it took over from the
    // smaller side; for all of them when the merge moved its mean noticeably (a large region
    // swallowing a speck barely changes, and re-costing its thousands of edges each time would
    // make the whole merge quadratic).
    const moved = count[small]! >= RECOST_SHARE * count[big]!;
    const own = adj[big]!;
    const taken = adj[small]!;
    adj[small] = [];
    for (const c of taken) own.push(c);
    const from = moved ? 0 : own.length - taken.length;
    let k = from;
    for (let i = from; i < own.length; i++) {
      const c = find(own[i]!);
      if (c === big || seen[c] === mergeNo) continue;
      seen[c] = mergeNo;
      own[k++] = c;
      const [x, y] = big < c ? [big, c] : [c, big];
      heap.push(cost(x, y), x, y);
    }
    own.length = k;
    while (specks === 0 && t < targets.length && alive <= targets[t]!) out.push(snapshot()), t++;
  }
  while (out.length < targets.length) out.push(snapshot());
  return out;

  function snapshot(): RegionMap {
    const id = new Int32Array(m).fill(-1);
    const regionOf = new Int32Array(n);
    const areas: number[] = [];
    for (let p = 0; p < n; p++) {
      const r = find(of[p]!);
      if (id[r] === -1) {
        id[r] = areas.length;
        areas.push(0);
      }
      regionOf[p] = id[r]!;
      areas[id[r]!]!++;
    }
    return { width: w, height: h, regionOf, regionCount: areas.length, area: Int32Array.from(areas) };
  }
}
