import { MAX_VARIATIONS } from './edit-types.ts';

/** Seeds of a variations run: 1..MAX_VARIATIONS distinct whole numbers (a repeat would only redo a result). */
export function checkVariationSeeds(seeds: readonly number[]): void {
  if (seeds.length < 1 || seeds.length > MAX_VARIATIONS) throw new Error(`variations take 1 to ${MAX_VARIATIONS} seeds, got ${seeds.length}`);
  for (const s of seeds) if (!Number.isInteger(s) || Math.abs(s) >= 2 ** 31) throw new Error(`a seed must be a whole number below 2^31 in size, got ${s}`);
  if (new Set(seeds).size !== seeds.length) throw new Error(`the seeds repeat (${seeds.join(', ')}): each variation needs its own seed`);
}
