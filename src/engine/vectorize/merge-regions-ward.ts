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

/**
 * Min-heap of merge candidates (cost, a, b, time) in typed arrays. `time` is the merge number
 * at which the entry was pushed: an entry older than a region's last full re-costing is
 * stale and dropped when popped (lazy deletion), so no pair is ever queued twice over.
 */
class EdgeHeap {
  cost: Float64Array;
  a: Int32Array;
  b: Int32Array;
  time: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.cost = new Float64Array(capacity);
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.time = new Int32Array(capacity);
  }
  private grow(): void {
    const n = this.cost.length * 2;
    const cost = new Float64Array(n),
      a = new Int32Array(n),
      b = new Int32Array(n),
      time = new Int32Array(n);
    cost.set(this.cost);
    a.set(this.a);
    b.set(this.b);
    time.set(this.time);
    this.cost = cost;
    this.a = a;
    this.b = b;
    this.time = time;
  }
  push(cost: number, a: number, b: number, time: number): void {
    if (this.size === this.cost.length) this.grow();
    const hc = this.cost,
      ha = this.a,
      hb = this.b,
      ht = this.time;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hc[p]! <= cost) break;
      hc[i] = hc[p]!;
      ha[i] = ha[p]!;
      hb[i] = hb[p]!;
      ht[i] = ht[p]!;
      i = p;
    }
    hc[i] = cost;
    ha[i] = a;
    hb[i] = b;
    ht[i] = time;
  }
  /** Removes the minimum into (topCost, topA, topB, topTime). */
  topCost = 0;
  topA = 0;
  topB = 0;
  topTime = 0;
  pop(): void {
    const hc = this.cost,
      ha = this.a,
      hb = this.b,
      ht = this.time;
    this.topCost = hc[0]!;
    this.topA = ha[0]!;
    this.topB = hb[0]!;
    this.topTime = ht[0]!;
    const last = --this.size;
    const c = hc[last]!,
      a = ha[last]!,
      b = hb[last]!,
      t = ht[last]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const m = l + 1 < last && hc[l + 1]! < hc[l]! ? l + 1 : l;
      if (hc[m]! >= c) break;
      hc[i] = hc[m]!;
      ha[i] = ha[m]!;
      hb[i] = hb[m]!;
      ht[i] = ht[m]!;
      i = m;
    }
    hc[i] = c;
    ha[i] = a;
    hb[i] = b;
    ht[i] = t;
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
  // Neighbour lists as singly linked lists in typed arrays: a merge appends the smaller
  // region's list to the larger one's in O(1), and walking a list compacts it in place
  // (stale ids resolved, repeats dropped). Nodes are never allocated after the start: a
  // pair's two nodes are reused by whoever inherits them.
  const pairs = new Int32Array(4 * n); // at most two pairs per pixel
  let pairCount = 0;
  let lastA = -1,
    lastB = -1;
  const candidate = (a: number, b: number) => {
    if (a === lastA && b === lastB) return;
    lastA = a;
    lastB = b;
    pairs[2 * pairCount] = a;
    pairs[2 * pairCount + 1] = b;
    pairCount++;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = y * w + x,
        r = of[p]!;
      if (x + 1 < w && of[p + 1] !== r) candidate(r, of[p + 1]!);
      if (y + 1 < h && of[p + w] !== r) candidate(r, of[p + w]!);
    }
  }
  const head = new Int32Array(m).fill(-1);
  const tail = new Int32Array(m).fill(-1);
  const next = new Int32Array(2 * pairCount);
  const val = new Int32Array(2 * pairCount);
  const link = (r: number, node: number, c: number) => {
    val[node] = c;
    next[node] = -1;
    if (head[r] === -1) head[r] = node;
    else next[tail[r]!] = node;
    tail[r] = node;
  };
  const heap = new EdgeHeap(Math.max(16, 2 * pairCount));
  for (let e = 0; e < pairCount; e++) {
    const a = pairs[2 * e]!,
      b = pairs[2 * e + 1]!;
    link(a, 2 * e, b);
    link(b, 2 * e + 1, a);
    heap.push(cost(a, b), a, b, 0);
  }
  // stamp[r]: the merge number at which all of r's pairs were last queued afresh; heap
  // entries older than that are stale. seen[c] holds the merge number at which c was last
  // listed, so each merge dedupes afresh.
  const stamp = new Int32Array(m);
  const seen = new Int32Array(m).fill(-1);
  let mergeNo = 0;
  const targets = [...o.targets].sort((x, y) => y - x);
  const out: RegionMap[] = [];
  let alive = m;
  let t = 0;
  // After a merge the merged region's pairs get fresh entries (see below). An entry still
  // current when popped is re-costed (a region that only swallowed specks drifts a little);
  // if its cost went up it goes back in, so the pair merged is the cheapest one, as in the
  // textbook greedy, up to the small drift of a large region's mean that is not re-costed.
  let specks = 0;
  for (let r = 0; r < m; r++) if (count[r]! < minArea) specks++;
  while (specks === 0 && t < targets.length && alive <= targets[t]!) out.push(snapshot()), t++;
  while ((t < targets.length || specks > 0) && heap.size > 0) {
    heap.pop();
    const a = heap.topA,
      b = heap.topB,
      time = heap.topTime;
    if (parent[a] !== a || parent[b] !== b || time < stamp[a]! || time < stamp[b]!) continue;
    const c = cost(a, b);
    if (c > heap.topCost * (1 + 1e-9) + 1e-9) {
      heap.push(c, a, b, mergeNo);
      continue;
    }
    const big = count[a]! >= count[b]! ? a : b;
    const small = big === a ? b : a;
    if (count[small]! < minArea) specks--;
    if (count[big]! < minArea && count[big]! + count[small]! >= minArea) specks--;
    parent[small] = big;
    mergeNo++;
    count[big]! += count[small]!;
    for (let k = 0; k < 3; k++) sum[big * 3 + k]! += sum[small * 3 + k]!;
    alive--;
    // Fresh entries for the merged region's pairs: always for those it took over from the
    // smaller side; for all of them when the merge moved its mean noticeably (a large region
    // swallowing a speck barely changes, and re-costing its thousands of pairs each time would
    // make the whole merge quadratic).
    const moved = count[small]! >= RECOST_SHARE * count[big]!;
    const ownTail = tail[big]!;
    const taken = head[small]!;
    if (taken !== -1) {
      if (ownTail === -1) head[big] = taken;
      else next[ownTail] = taken;
      tail[big] = tail[small]!;
    }
    head[small] = tail[small] = -1;
    if (moved) stamp[big] = mergeNo;
    let prev = moved ? -1 : ownTail;
    for (let node = moved ? head[big]! : taken; node !== -1; node = next[node]!) {
      const c = find(val[node]!);
      if (c === big || seen[c] === mergeNo) {
        if (prev === -1) head[big] = next[node]!;
        else next[prev] = next[node]!;
        continue;
      }
      seen[c] = mergeNo;
      val[node] = c;
      prev = node;
      heap.push(cost(big, c), big, c, mergeNo);
    }
    tail[big] = prev;
    if (prev === -1) head[big] = -1;
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
