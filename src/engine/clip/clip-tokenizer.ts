import { Tokenizer } from '@huggingface/tokenizers';
import { CLIP_END_TOKEN, CLIP_START_TOKEN } from './clip-bpe-vocab.ts';

/** CLIP's text context length (positions in the text tower). */
export const CLIP_CONTEXT_LENGTH = 77;

export interface ClipTokens {
  /** Start token, BPE ids, end token; no padding. */
  ids: number[];
  /** Set when the text did not fit the context and was cut (the end token is kept). */
  warning?: string;
}

/**
 * CLIP's tokenizer from a Hugging Face tokenizer.json (the layout of the CLIP exports):
 * the JSON's normaliser does the lower-casing and whitespace clean-up, its pre-tokenizer
 * CLIP's word split, the post-processor adds the start/end tokens. Truncation follows
 * OpenAI's clip.tokenize(truncate=True): keep the first context-1 ids, end token last.
 */
export class ClipTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly startId: number;
  readonly endId: number;
  readonly vocabSize: number;

  constructor(
    tokenizerJson: object,
    readonly contextLength = CLIP_CONTEXT_LENGTH,
  ) {
    this.tokenizer = new Tokenizer(tokenizerJson, {});
    const start = this.tokenizer.token_to_id(CLIP_START_TOKEN);
    const end = this.tokenizer.token_to_id(CLIP_END_TOKEN);
    if (start === undefined || end === undefined) {
      throw new Error(`tokenizer.json has no ${CLIP_START_TOKEN} / ${CLIP_END_TOKEN} tokens: not a CLIP tokenizer`);
    }
    this.startId = start;
    this.endId = end;
    this.vocabSize = this.tokenizer.get_vocab(true).size;
  }

  encode(text: string): ClipTokens {
    // CLIP's clean-up also strips the ends; the HF normaliser only collapses runs of whitespace.
    let ids = this.tokenizer.encode(text.trim()).ids;
    if (ids[0] !== this.startId) ids = [this.startId, ...ids, this.endId];
    if (ids.length <= this.contextLength) return { ids };
    const cut = [...ids.slice(0, this.contextLength - 1), this.endId];
    return {
      ids: cut,
      warning: `prompt is ${ids.length - 2} tokens long; CLIP reads at most ${this.contextLength - 2}, the rest was cut: "${text.slice(0, 60)}${text.length > 60 ? '…' : ''}"`,
    };
  }
}
