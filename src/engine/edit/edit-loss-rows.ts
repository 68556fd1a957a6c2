// Per-image rows of the gradient graph's small inputs for one iteration's batch (ROI after
// ROI: its ROI view, then its N patches, the order of sampleAugmentBatch):
//   loss_weights: w_roi for the ROI view, w_patch / N for each patch (w_patch on the mean),
//   delta_t: the ROI's ΔT, ref_embeds: the ROI's reference embedding (unit).
// One backward of Σ w_b L_b then gives the whole CLIPVG loss's gradient.

export interface LossRows {
  count: number;
  weights: Float32Array;
  deltaT: Float32Array;
  refEmbeds: Float32Array;
}

export function buildLossRows(
  deltaTs: readonly Float32Array[],
  refs: readonly Float32Array[],
  patches: number,
  roiWeight: number,
  patchWeight: number,
): LossRows {
  if (deltaTs.length !== refs.length || deltaTs.length === 0) throw new Error('one ΔT and one reference per ROI are needed');
  const D = deltaTs[0]!.length;
  const per = 1 + patches;
  const count = deltaTs.length * per;
  const weights = new Float32Array(count);
  const deltaT = new Float32Array(count * D);
  const refEmbeds = new Float32Array(count * D);
  deltaTs.forEach((dt, r) => {
    for (let k = 0; k < per; k++) {
      const b = r * per + k;
      weights[b] = k === 0 ? roiWeight : patchWeight / patches;
      deltaT.set(dt, b * D);
      refEmbeds.set(refs[r]!, b * D);
    }
  });
  return { count, weights, deltaT, refEmbeds };
}

/** Unit-normalises each row of [rows, D] raw embeddings. */
export function normaliseRows(raw: Float32Array, rows: number): Float32Array[] {
  const D = raw.length / rows;
  return Array.from({ length: rows }, (_, r) => {
    const row = raw.slice(r * D, (r + 1) * D);
    let n = 0;
    for (const v of row) n += v * v;
    n = Math.sqrt(n) || 1;
    return row.map((v) => v / n);
  });
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb || 1);
}
