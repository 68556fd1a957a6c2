import type { ClipTokenizer } from './clip-tokenizer.ts';
import type { TextTower } from './text-tower.ts';

// CLIPVG's text side: a prompt's embedding is the mean over the 79 ImageNet templates of the
// normalised text embeddings, normalised again; the reference "A photo" likewise; the
// direction of an ROI is ΔT = e(prompt) − e("A photo"). The templates are passed in as data
// (the engine reads no files); each prompt is computed once per model.

export const REFERENCE_PROMPT = 'A photo';

export interface PromptEmbedding {
  /** Unit vector, length D. */
  embedding: Float32Array;
  /** Tokenizer warnings (templates cut to the context length). */
  warnings: string[];
}

export class PromptEmbeddings {
  private readonly cache = new Map<string, Promise<PromptEmbedding>>();

  constructor(
    private readonly tokenizer: ClipTokenizer,
    private readonly tower: TextTower,
    private readonly templates: readonly string[],
  ) {
    if (templates.length === 0 || templates.some((t) => !t.includes('{}'))) throw new Error('prompt templates must be non-empty strings containing {}');
  }

  /** Template-averaged, normalised embedding of a prompt (cached per prompt text). */
  promptAsync(prompt: string): Promise<PromptEmbedding> {
    const key = prompt.trim();
    if (key === '') return Promise.reject(new Error('empty prompt'));
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.computeAsync(key);
      this.cache.set(key, hit);
      hit.catch(() => this.cache.delete(key));
    }
    return hit;
  }

  referenceAsync(): Promise<PromptEmbedding> {
    return this.promptAsync(REFERENCE_PROMPT);
  }

  /** ΔT for one prompt (not unit length). */
  async directionAsync(prompt: string): Promise<Float32Array> {
    const [p, r] = await Promise.all([this.promptAsync(prompt), this.referenceAsync()]);
    return p.embedding.map((v, i) => v - r.embedding[i]!);
  }

  /** ΔT per ROI, in order. */
  directionsForRoisAsync(rois: readonly { prompt: string }[]): Promise<Float32Array[]> {
    return Promise.all(rois.map((roi) => this.directionAsync(roi.prompt)));
  }

  private async computeAsync(prompt: string): Promise<PromptEmbedding> {
    const warnings = new Set<string>();
    const idLists = this.templates.map((t) => {
      const tokens = this.tokenizer.encode(t.split('{}').join(prompt));
      if (tokens.warning) warnings.add(`prompt "${prompt}" is too long for CLIP's ${this.tokenizer.contextLength}-token context and was cut`);
      return tokens.ids;
    });
    const rows = await this.tower.embedAsync(idLists);
    const sum = new Float64Array(rows[0]!.length);
    for (const row of rows) {
      const n = norm(row);
      row.forEach((v, i) => (sum[i]! += v / n));
    }
    const n = norm(sum);
    return { embedding: Float32Array.from(sum, (v) => v / n), warnings: [...warnings] };
  }
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}
