// What a caller may tune. Rounds are counted in shapes: a coarse round at the bottom that
// only has to be there when the optimiser opens a crack above it (few shapes, so few of its
// own boundaries can open at the same place), and a fine round that carries the picture.

export interface VectorizeOptions {
  /** Shape count of each round, coarse first, each larger than the one before (default [100, 2000]). */
  rounds: number[];
  /** Longest side of the working picture in pixels (default 512, at most MAX_WORKING_SIZE). */
  maxSize: number;
  /** Regions smaller than this many working-size pixels are merged into their most similar neighbour first (default: scales with the picture, 3 at 512x512). */
  minRegionArea?: number;
  /** Largest distance in pixels between the traced outline and its cubic fit (default 1). */
  fitTolerance: number;
  /**
   * How far in pixels each shape reaches under the neighbours drawn above it in its round,
   * to hide the faint anti-aliasing seams between abutting shapes and the cracks the
   * optimiser opens. Default: 0 in the bottom round (exact abutting tiles, a provably
   * complete cover) and 0.75 in the rounds above it (their few under-covered pixels, at
   * one-pixel finger tips, lie over that complete cover). A number applies to every round.
   * 0.75 rather than 0.5: the crack test's mean share falls 4-13% on the six bench photos
   * and PSNR does not move (the tuck lies under the neighbour drawn above).
   */
  overlap?: number;
  /** Cancels between stages with the signal's reason. */
  signal?: AbortSignal;
}

export const DEFAULT_ROUNDS: readonly number[] = [100, 2000];
export const DEFAULT_MAX_SIZE = 512;
export const MAX_WORKING_SIZE = 2048;
export const MAX_ROUNDS = 8;
export const MAX_SHAPES_PER_ROUND = 100_000;
/** Tuck of the rounds above the bottom one when overlap is not given (px). */
export const UPPER_ROUND_OVERLAP = 0.75;

export function resolveVectorizeOptions(partial: Partial<VectorizeOptions> = {}): VectorizeOptions {
  const o: VectorizeOptions = {
    rounds: partial.rounds ? [...partial.rounds] : [...DEFAULT_ROUNDS],
    maxSize: partial.maxSize ?? DEFAULT_MAX_SIZE,
    fitTolerance: partial.fitTolerance ?? 1,
  };
  if (partial.overlap !== undefined) o.overlap = partial.overlap;
  if (partial.minRegionArea !== undefined) o.minRegionArea = partial.minRegionArea;
  if (partial.signal) o.signal = partial.signal;
  if (o.rounds.length === 0 || o.rounds.length > MAX_ROUNDS) throw new RangeError(`rounds: give 1 to ${MAX_ROUNDS} shape counts`);
  o.rounds.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 1 || c > MAX_SHAPES_PER_ROUND)
      throw new RangeError(`rounds: each shape count must be an integer from 1 to ${MAX_SHAPES_PER_ROUND}, got ${c}`);
    if (i > 0 && c <= o.rounds[i - 1]!) throw new RangeError(`rounds: shape counts must grow from the coarse round to the fine one, got ${o.rounds.join(',')}`);
  });
  if (!Number.isInteger(o.maxSize) || o.maxSize < 16 || o.maxSize > MAX_WORKING_SIZE) {
    throw new RangeError(`max size must be an integer from 16 to ${MAX_WORKING_SIZE}, got ${o.maxSize}`);
  }
  if (o.minRegionArea !== undefined && !(o.minRegionArea >= 1)) throw new RangeError(`min region area must be at least 1, got ${o.minRegionArea}`);
  if (!(o.fitTolerance > 0 && o.fitTolerance <= 10)) throw new RangeError(`fit tolerance must be in (0, 10] px, got ${o.fitTolerance}`);
  if (o.overlap !== undefined && !(o.overlap >= 0 && o.overlap <= 2)) throw new RangeError(`overlap must be in [0, 2] px, got ${o.overlap}`);
  return o;
}

/** Speck size that scales with the working size: 3 px at 512x512, at least 1. */
export function defaultMinRegionArea(width: number, height: number): number {
  return Math.max(1, Math.round((3 * width * height) / (512 * 512)));
}
