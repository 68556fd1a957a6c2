import type { RgbaImage } from '../../image/rgba-image.ts';
import { IndexedMinHeap } from './indexed-min-heap.ts';
import type { RegionMap } from './region-map.ts';

// Hierarchical region merging by Ward's criterion: repeatedly merge the two adjacent regions
// whose union adds the least squared colour error, n_a n_b / (n_a + n_b) |mean_a - mean_b|^2,
// until `targets` region counts are reached. Each region is drawn in its mean colour, so this
// greedily minimises the picture's squared error (PSNR) for a given number of shapes, at full
// colour precision: a smooth gradient is cut into bands where it changes, not where a global
// palette puts its colours, and a speck costs almost nothing to fold into its best neighbour.
// Every coarser map is a merge of the finer one, so coarser rounds share the finer rounds'
// boundaries wherever they keep one.
//
// Each region keeps its cheapest merge (partner and cost), exact at all times, in an indexed
// heap (./indexed-min-heap.ts): a merge changes only the merged region's costs, so it re-costs
// that region's neighbours and re-scans only those whose cheapest partner was one of the two
// and got dearer. That is the textbook greedy, exactly, with a heap of one entry per region
// rather than one per (stale) pair, where most of the time used to go.

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
  // The merge walks neighbour lists in no particular order, so it is bound by memory
  // latency: what one step reads about a region sits together. stat: pixel count and the
  // three colour sums; link: union-find parent, walk mark (see `mark` below), cheapest partner.
  const stat = new Float64Array(m * 4);
  const link = new Int32Array(m * 4);
  const d = image.data;
  const of = start.regionOf;
  for (let p = 0; p < n; p++) {
    const r = of[p]! * 4;
    stat[r]!++;
    stat[r + 1]! += d[p * 4]!;
    stat[r + 2]! += d[p * 4 + 1]!;
    stat[r + 3]! += d[p * 4 + 2]!;
  }
  for (let r = 0; r < m; r++) {
    link[r * 4] = r;
    link[r * 4 + 1] = -1;
    link[r * 4 + 2] = -1;
  }
  const find = (x: number): number => {
    while (link[x * 4] !== x) {
      const up = link[link[x * 4]! * 4]!;
      link[x * 4] = up;
      x = up;
    }
    return x;
  };
  const minArea = o.minArea ?? 1;
  // A speck's merges are discounted so far that they all come first; its best neighbour is
  // still the one of least error.
  const SPECK_DISCOUNT = 1e-9;
  const cost = (a: number, b: number) => {
    const na = stat[a * 4]!,
      nb = stat[b * 4]!;
    const speck = na < minArea || nb < minArea ? SPECK_DISCOUNT : 1;
    const dr = stat[a * 4 + 1]! / na - stat[b * 4 + 1]! / nb;
    const dg = stat[a * 4 + 2]! / na - stat[b * 4 + 2]! / nb;
    const db = stat[a * 4 + 3]! / na - stat[b * 4 + 3]! / nb;
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
  // Node k: the neighbour's id at 2k, the next node at 2k + 1 (-1 ends the list).
  const nodes = new Int32Array(4 * pairCount);
  const append = (r: number, node: number, c: number) => {
    nodes[node * 2] = c;
    nodes[node * 2 + 1] = -1;
    if (head[r] === -1) head[r] = node;
    else nodes[tail[r]! * 2 + 1] = node;
    tail[r] = node;
  };
  for (let e = 0; e < pairCount; e++) {
    append(pairs[2 * e]!, 2 * e, pairs[2 * e + 1]!);
    append(pairs[2 * e + 1]!, 2 * e + 1, pairs[2 * e]!);
  }
  // Each region's cheapest merge; the heap orders regions by it.
  const bestCost = new Float64Array(m).fill(Infinity);
  const heap = new IndexedMinHeap(m, bestCost);
  // link[c * 4 + 1] === mark: c was already listed in the walk that set mark (dedupes each walk afresh).
  let mark = 0;
  const setBest = (r: number, partner: number, c: number) => {
    link[r * 4 + 2] = partner;
    bestCost[r] = c;
    if (partner === -1) heap.remove(r);
    else heap.update(r);
  };
  /** Walks r's list, compacting it, and sets r's cheapest merge from scratch. */
  const rescan = (r: number) => {
    mark++;
    let best = -1,
      least = Infinity,
      prev = -1;
    for (let node = head[r]!; node !== -1; node = nodes[node * 2 + 1]!) {
      const c = find(nodes[node * 2]!);
      if (c === r || link[c * 4 + 1] === mark) {
        if (prev === -1) head[r] = nodes[node * 2 + 1]!;
        else nodes[prev * 2 + 1] = nodes[node * 2 + 1]!;
        continue;
      }
      link[c * 4 + 1] = mark;
      nodes[node * 2] = c;
      prev = node;
      const k = cost(r, c);
      if (k < least) (least = k), (best = c);
    }
    tail[r] = prev;
    if (prev === -1) head[r] = -1;
    setBest(r, best, least);
  };
  for (let r = 0; r < m; r++) rescan(r);
  const targets = [...o.targets].sort((x, y) => y - x);
  const out: RegionMap[] = [];
  let alive = m;
  let t = 0;
  let specks = 0;
  for (let r = 0; r < m; r++) if (stat[r * 4]! < minArea) specks++;
  const dearer = new Int32Array(m);
  while (specks === 0 && t < targets.length && alive <= targets[t]!) out.push(snapshot()), t++;
  while ((t < targets.length || specks > 0) && heap.size > 0) {
    const a = heap.peek(),
      b = find(link[a * 4 + 2]!);
    const big = stat[a * 4]! >= stat[b * 4]! ? a : b;
    const small = big === a ? b : a;
    heap.remove(small);
    if (stat[small * 4]! < minArea) specks--;
    if (stat[big * 4]! < minArea && stat[big * 4]! + stat[small * 4]! >= minArea) specks--;
    link[small * 4] = big;
    for (let k = 0; k < 4; k++) stat[big * 4 + k]! += stat[small * 4 + k]!;
    alive--;
    const taken = head[small]!;
    if (taken !== -1) {
      if (tail[big] === -1) head[big] = taken;
      else nodes[tail[big]! * 2 + 1] = taken;
      tail[big] = tail[small]!;
    }
    head[small] = tail[small] = -1;
    // Only the merged region's costs changed: re-cost all its pairs, from both sides. A
    // neighbour whose cheapest partner was one of the two and got dearer is re-scanned after.
    mark++;
    let best = -1,
      least = Infinity,
      prev = -1,
      dearerCount = 0;
    for (let node = head[big]!; node !== -1; node = nodes[node * 2 + 1]!) {
      const c = find(nodes[node * 2]!);
      if (c === big || link[c * 4 + 1] === mark) {
        if (prev === -1) head[big] = nodes[node * 2 + 1]!;
        else nodes[prev * 2 + 1] = nodes[node * 2 + 1]!;
        continue;
      }
      link[c * 4 + 1] = mark;
      nodes[node * 2] = c;
      prev = node;
      const k = cost(big, c);
      if (k < least) (least = k), (best = c);
      if (find(link[c * 4 + 2]!) === big) {
        if (k <= bestCost[c]!) setBest(c, big, k);
        else dearer[dearerCount++] = c;
      } else if (k < bestCost[c]!) setBest(c, big, k);
    }
    tail[big] = prev;
    if (prev === -1) head[big] = -1;
    setBest(big, best, least);
    for (let i = 0; i < dearerCount; i++) rescan(dearer[i]!);
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
