// Builds, in memory, the Hugging Face tokenizer.json that is equivalent to OpenAI CLIP's
// bpe_simple_vocab_16e6.txt merges list, so one tokenizer code path serves both inputs.
// Vocabulary order is CLIP's: 256 byte symbols, the same with '</w>', one token per merge,
// then <|startoftext|> and <|endoftext|>.

export const CLIP_START_TOKEN = '<|startoftext|>';
export const CLIP_END_TOKEN = '<|endoftext|>';
/** CLIP uses the first 49152 - 256 - 2 merges of the file. */
export const CLIP_MERGE_COUNT = 48894;

/**
 * GPT-2/CLIP's reversible byte -> printable character table, as [byte, character] pairs in
 * CLIP's order (printable bytes first, then the rest): the vocabulary's first 256 ids.
 */
export function bytesToUnicode(): [number, string][] {
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = bs.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n++;
    }
  }
  return bs.map((b, i) => [b, String.fromCodePoint(cs[i]!)]);
}

export interface ClipTokenizerJson {
  model: { type: 'BPE'; vocab: Record<string, number>; merges: string[]; [k: string]: unknown };
  added_tokens: { id: number; content: string; special: boolean; [k: string]: unknown }[];
  [k: string]: unknown;
}

/** The pre-tokenizer regex of CLIP's tokenizer (simple_tokenizer.py / HF tokenizer.json). */
export const CLIP_SPLIT_REGEX = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

/** tokenizer.json for the given merges (each "a b"), in the layout of openai/clip-vit-base-patch32's. */
export function clipTokenizerJsonFromMerges(merges: readonly string[]): ClipTokenizerJson {
  const base = bytesToUnicode().map(([, c]) => c);
  const vocabList = [...base, ...base.map((b) => `${b}</w>`), ...merges.map((m) => m.replace(' ', '')), CLIP_START_TOKEN, CLIP_END_TOKEN];
  const vocab: Record<string, number> = {};
  vocabList.forEach((t, i) => (vocab[t] = i));
  const start = vocabList.length - 2;
  const end = vocabList.length - 1;
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(start, CLIP_START_TOKEN), special(end, CLIP_END_TOKEN)],
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: CLIP_SPLIT_REGEX }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: [CLIP_END_TOKEN, end], cls: [CLIP_START_TOKEN, start], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: CLIP_END_TOKEN,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      vocab,
      merges: merges.slice(),
    },
  };
}

/** Parses the text of bpe_simple_vocab_16e6.txt (already decompressed): header line, then merges. */
export function clipTokenizerJsonFromBpeText(text: string): ClipTokenizerJson {
  const lines = text.split('\n');
  const merges = lines.slice(1, 1 + CLIP_MERGE_COUNT).map((l) => l.trim());
  if (merges.length < CLIP_MERGE_COUNT || merges.some((m) => m.split(' ').length !== 2)) {
    throw new Error(`not a CLIP BPE merges file: expected a header line and ${CLIP_MERGE_COUNT} lines of "a b" pairs`);
  }
  return clipTokenizerJsonFromMerges(merges);
}
