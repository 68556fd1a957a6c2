// A binary min-heap of item ids 0..capacity-1 keyed by a caller-owned Float64Array, with each
// item's position kept so that a key can be changed in place (decrease or increase) and an
// item removed in O(log n). The Ward merger keeps one entry per region, its cheapest merge,
// instead of one per candidate pair: no stale entries to pop, and a heap a few times smaller.

export class IndexedMinHeap {
  private readonly items: Int32Array;
  /** Position of each item in `items`, or -1 when absent. */
  private readonly pos: Int32Array;
  size = 0;

  constructor(
    capacity: number,
    private readonly key: Float64Array,
  ) {
    this.items = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  /** The item with the least key (the heap must not be empty). */
  peek(): number {
    return this.items[0]!;
  }

  has(item: number): boolean {
    return this.pos[item] !== -1;
  }

  /** Inserts the item, or moves it after its key changed. */
  update(item: number): void {
    let i = this.pos[item]!;
    if (i === -1) {
      i = this.size++;
      this.items[i] = item;
      this.pos[item] = i;
    }
    this.siftDown(this.siftUp(i));
  }

  remove(item: number): void {
    const i = this.pos[item]!;
    if (i === -1) return;
    this.pos[item] = -1;
    const last = --this.size;
    if (i === last) return;
    const moved = this.items[last]!;
    this.items[i] = moved;
    this.pos[moved] = i;
    this.siftDown(this.siftUp(i));
  }

  private siftUp(i: number): number {
    const items = this.items,
      pos = this.pos,
      key = this.key;
    const item = items[i]!;
    const k = key[item]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const up = items[p]!;
      if (key[up]! <= k) break;
      items[i] = up;
      pos[up] = i;
      i = p;
    }
    items[i] = item;
    pos[item] = i;
    return i;
  }

  private siftDown(i: number): void {
    const items = this.items,
      pos = this.pos,
      key = this.key,
      n = this.size;
    const item = items[i]!;
    const k = key[item]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const m = l + 1 < n && key[items[l + 1]!]! < key[items[l]!]! ? l + 1 : l;
      const down = items[m]!;
      if (key[down]! >= k) break;
      items[i] = down;
      pos[down] = i;
      i = m;
    }
    items[i] = item;
    pos[item] = i;
  }
}
