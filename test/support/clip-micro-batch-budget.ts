// The budget planner: how many crops one CLIP gradient run may take so its measured peak GPU
// memory fits a budget, and the most even split at that cap. Only the CLIP benchmark (and its
// test) plans against a budget; the engine runs a fixed micro-batch (microBatchesOfSize).
import { checkCount, microBatchesOfSize, type MicroBatchPlan } from '../../src/engine/clip/clip-micro-batch-plan.ts';

/** The most even split of `images` into micro-batches of at most `maxMicroBatch`. */
export function planMicroBatches(images: number, maxMicroBatch: number): MicroBatchPlan {
  checkCount(images, 'images');
  checkCount(maxMicroBatch, 'micro-batch size');
  const n = Math.ceil(images / maxMicroBatch);
  return microBatchesOfSize(images, Math.ceil(images / n));
}

/** Largest micro-batch whose measured peak fits `budgetBytes` (peak = fixed + perImage * size). */
export function maxMicroBatchForBudget(fixedBytes: number, perImageBytes: number, budgetBytes: number): number {
  if (perImageBytes <= 0) throw new Error('per-image memory must be positive');
  return Math.max(0, Math.floor((budgetBytes - fixedBytes) / perImageBytes));
}
