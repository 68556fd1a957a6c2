import type * as OrtModule from 'onnxruntime-web';

// Runs a CLIP text_model.onnx (transformers.js layout: input_ids int64 [batch, seq] ->
// text_embeds [batch, D]). The ORT module is passed in so the host picks the build (the
// plugin's WebGPU build, or the plain WASM one in Node tests) and tensors come from the same
// copy of ORT as the session.

export interface TextTower {
  readonly embedDim: number;
  /** Raw (unnormalised) text_embeds, one row per id list. */
  embedAsync(idLists: readonly (readonly number[])[]): Promise<Float32Array[]>;
  releaseAsync(): Promise<void>;
}

type Ort = Pick<typeof OrtModule, 'Tensor' | 'InferenceSession'>;

/**
 * Pads with id 0 after the end token: the tower pools at argmax(input_ids) (the end token,
 * the largest id) under a causal mask, so positions after it never reach the pooled output.
 */
export async function createOrtTextTowerAsync(
  ort: Ort,
  modelBytes: Uint8Array,
  sessionOptions: OrtModule.InferenceSession.SessionOptions = {},
): Promise<TextTower> {
  const session = await ort.InferenceSession.create(modelBytes, sessionOptions);
  for (const name of ['input_ids'])
    if (!session.inputNames.includes(name))
      throw new Error(`text model has no '${name}' input (inputs: ${session.inputNames.join(', ')}): not a CLIP text_model.onnx export`);
  if (!session.outputNames.includes('text_embeds')) throw new Error(`text model has no 'text_embeds' output (outputs: ${session.outputNames.join(', ')})`);
  let embedDim = 0;
  const tower: TextTower = {
    get embedDim() {
      return embedDim;
    },
    async embedAsync(idLists) {
      if (idLists.length === 0) return [];
      const seq = Math.max(...idLists.map((l) => l.length));
      const ids = new BigInt64Array(idLists.length * seq);
      idLists.forEach((list, row) => list.forEach((id, i) => (ids[row * seq + i] = BigInt(id))));
      const feeds: Record<string, OrtModule.Tensor> = { input_ids: new ort.Tensor('int64', ids, [idLists.length, seq]) };
      // Some exports also take attention_mask (optimum's CLIP text config does not).
      if (session.inputNames.includes('attention_mask')) {
        const mask = new BigInt64Array(idLists.length * seq);
        idLists.forEach((list, row) => list.forEach((_, i) => (mask[row * seq + i] = 1n)));
        feeds.attention_mask = new ort.Tensor('int64', mask, [idLists.length, seq]);
      }
      const out = await session.run(feeds, ['text_embeds']);
      const t = out.text_embeds!;
      const d = Number(t.dims[1]);
      embedDim = d;
      const data = (await t.getData()) as Float32Array | Uint16Array;
      const rows = idLists.map((_, r) => toFloat32(data, r * d, d));
      t.dispose();
      return rows;
    },
    releaseAsync: () => session.release(),
  };
  return tower;
}

/** fp16 exports return Uint16Array halves; the text side works in float32. */
function toFloat32(data: Float32Array | Uint16Array, offset: number, length: number): Float32Array {
  if (data instanceof Float32Array) return data.slice(offset, offset + length);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = halfToFloat(data[offset + i]!);
  return out;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
