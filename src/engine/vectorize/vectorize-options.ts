// What a caller may tune, with the defaults of CLIPVG's paper (10 then 30 colours) and a
// working size that keeps the optimiser's renders cheap.

export interface VectorizeOptions {
  /** Colour count of each round, coarse first (default [10, 30]). */
  rounds: number[];
  /** Longest side of the working picture in pixels (default 512, at most MAX_WORKING_SIZE). */
  maxSize: number;
  /** Regions smaller than this many working-size pixels are merged into a neighbour (default: scales with the picture, 12 at 512x512). */
  minRegionArea?: number;
  /** Largest distance in pixels between the traced outline and its cubic fit (default 1). */
  fitTolerance: number;
  /**
   * How far in pixels each shape reaches under the neighbours drawn above it, to hide the
   * faint anti-aliasing seams between abutting shapes (default 0: exact abutting tiles, a
   * provably complete cover; 0.5 removes most seams but may leave a few pixels at one-pixel
   * finger tips less than half covered, about 1 in 10,000 on the test photos).
   */
  overlap: number;
  /** Cancels between stages with the signal's reason. */
  signal?: AbortSignal;
}

export const DEFAULT_ROUNDS: readonly number[] = [10, 30];
export const DEFAULT_MAX_SIZE = 512;
export const MAX_WORKING_SIZE = 2048;
export const MAX_ROUNDS = 8;

export function resolveVectorizeOptions(partial: Partial<VectorizeOptions> = {}): VectorizeOptions {
  const o: VectorizeOptions = {
    rounds: partial.rounds ? [...partial.rounds] : [...DEFAULT_ROUNDS],
    maxSize: partial.maxSize ?? DEFAULT_MAX_SIZE,
    fitTolerance: partial.fitTolerance ?? 1,
    overlap: partial.overlap ?? 0,
  };
  if (partial.minRegionArea !== undefined) o.minRegionArea = partial.minRegionArea;
  if (partial.signal) o.signal = partial.signal;
  if (o.rounds.length === 0 || o.rounds.length > MAX_ROUNDS) throw new RangeError(`rounds: give 1 to ${MAX_ROUNDS} colour counts`);
  for (const c of o.rounds) {
    if (!Number.isInteger(c) || c < 2 || c > 256) throw new RangeError(`rounds: each colour count must be an integer from 2 to 256, got ${c}`);
  }
  if (!Number.isInteger(o.maxSize) || o.maxSize < 16 || o.maxSize > MAX_WORKING_SIZE) {
    throw new RangeError(`max size must be an integer from 16 to ${MAX_WORKING_SIZE}, got ${o.maxSize}`);
  }
  if (o.minRegionArea !== undefined && !(o.minRegionArea >= 1)) throw new RangeError(`min region area must be at least 1, got ${o.minRegionArea}`);
  if (!(o.fitTolerance > 0 && o.fitTolerance <= 10)) throw new RangeError(`fit tolerance must be in (0, 10] px, got ${o.fitTolerance}`);
  if (!(o.overlap >= 0 && o.overlap <= 2)) throw new RangeError(`overlap must be in [0, 2] px, got ${o.overlap}`);
  return o;
}

/** Speck size that keeps path counts similar across working sizes: 12 px at 512x512. */
export function defaultMinRegionArea(width: number, height: number): number {
  return Math.max(2, Math.round((12 * width * height) / (512 * 512)));
}
