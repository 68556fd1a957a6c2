// Splits the images of one iteration into micro-batches of equal size (the last one padded
// with zero-weight rows), so the session always sees one batch shape (shaders compiled once,
// buffers reused) and the padding is at most count-1 rows of the last micro-batch.

export interface MicroBatch {
  /** First image of this micro-batch in the iteration's buffers. */
  start: number;
  /** Real images in it (the rest of `size` rows are padding with weight 0). */
  count: number;
}

export interface MicroBatchPlan {
  size: number;
  batches: MicroBatch[];
}

/** Split into micro-batches of exactly `size` rows (a session's batch dimension is fixed). */
export function microBatchesOfSize(images: number, size: number): MicroBatchPlan {
  checkCount(images, 'images');
  checkCount(size, 'micro-batch size');
  const batches: MicroBatch[] = [];
  for (let start = 0; start < images; start += size) batches.push({ start, count: Math.min(size, images - start) });
  return { size, batches };
}

export function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${n}`);
}
