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

/** The most even split of `images` into micro-batches of at most `maxMicroBatch`. */
export function planMicroBatches(images: number, maxMicroBatch: number): MicroBatchPlan {
  checkCount(images, 'images');
  checkCount(maxMicroBatch, 'micro-batch size');
  const n = Math.ceil(images / maxMicroBatch);
  return microBatchesOfSize(images, Math.ceil(images / n));
}

/** Split into micro-batches of exactly `size` rows (a session's batch dimension is fixed). */
export function microBatchesOfSize(images: number, size: number): MicroBatchPlan {
  checkCount(images, 'images');
  checkCount(size, 'micro-batch size');
  const batches: MicroBatch[] = [];
  for (let start = 0; start < images; start += size) batches.push({ start, count: Math.min(size, images - start) });
  return { size, batches };
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${n}`);
}

/** Largest micro-batch whose measured peak fits `budgetBytes` (peak = fixed + perImage * size). */
export function maxMicroBatchForBudget(fixedBytes: number, perImageBytes: number, budgetBytes: number): number {
  if (perImageBytes <= 0) throw new Error('per-image memory must be positive');
  return Math.max(0, Math.floor((budgetBytes - fixedBytes) / perImageBytes));
}
