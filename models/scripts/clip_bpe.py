"""CLIP-style byte-level BPE: learn a small merge list over a word corpus, encode text the
way OpenAI's CLIP tokenizer does, and write it as a Hugging Face tokenizer.json in the same
layout as openai/clip-vit-base-patch32's (NFC + whitespace + lowercase normaliser, CLIP's
split regex + ByteLevel pre-tokenizer, BPE with end_of_word_suffix '</w>', start/end tokens
added by the post-processor). The vocabulary is laid out like CLIP's: 256 byte symbols,
the same with '</w>', one token per merge, then <|startoftext|> and <|endoftext|> last,
so the end token has the largest id (the text tower pools at argmax(input_ids)).
"""
import collections
import json
import re

START, END = '<|startoftext|>', '<|endoftext|>'


def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(ord('¡'), ord('¬') + 1)) + list(range(ord('®'), ord('ÿ') + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_ENCODER = bytes_to_unicode()
# ASCII-only stand-in for CLIP's \p{L}/\p{N} regex: our corpora are ASCII.
WORD_RE = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d|[a-z]+|[0-9]|[^\sa-z0-9]+")


def words_of(text):
    text = re.sub(r'\s+', ' ', text).strip().lower()
    return [''.join(BYTE_ENCODER[b] for b in w.encode('utf-8')) for w in WORD_RE.findall(text)]


def symbols_of(word):
    return tuple(word[:-1]) + (word[-1] + '</w>',)


def learn_merges(texts):
    """Greedy BPE learning until every corpus word is a single token."""
    freq = collections.Counter(w for t in texts for w in words_of(t))
    words = {w: symbols_of(w) for w in freq}
    merges = []
    while True:
        pairs = collections.Counter()
        for w, syms in words.items():
            for a, b in zip(syms, syms[1:]):
                pairs[(a, b)] += freq[w]
        if not pairs:
            return merges
        # most frequent, ties broken lexicographically: deterministic
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        merges.append(best)
        for w, syms in words.items():
            out, i = [], 0
            while i < len(syms):
                if i + 1 < len(syms) and (syms[i], syms[i + 1]) == best:
                    out.append(syms[i] + syms[i + 1])
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            words[w] = tuple(out)


class ClipBpe:
    def __init__(self, merges):
        base = list(BYTE_ENCODER.values())
        vocab = base + [b + '</w>' for b in base] + [a + b for a, b in merges] + [START, END]
        assert len(set(vocab)) == len(vocab), 'duplicate token produced by merges'
        self.merges = merges
        self.vocab = vocab
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.ranks = {m: i for i, m in enumerate(merges)}

    def bpe(self, word):
        syms = list(symbols_of(word))
        while len(syms) > 1:
            pairs = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(syms, syms[1:]))]
            rank, _ = min(pairs)
            if rank == 1 << 30:
                break
            pair = self.merges[rank]
            out, i = [], 0
            while i < len(syms):
                if i + 1 < len(syms) and (syms[i], syms[i + 1]) == pair:
                    out.append(syms[i] + syms[i + 1])
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            syms = out
        return syms

    def encode(self, text, context_length=77):
        ids = [self.ids[START]]
        for w in words_of(text):
            ids += [self.ids[s] for s in self.bpe(w)]
        ids = ids[:context_length - 1] + [self.ids[END]]
        return ids

    def tokenizer_json(self):
        n = len(self.vocab)
        special = lambda i, c: {'id': i, 'content': c, 'single_word': False, 'lstrip': False, 'rstrip': False,
                                'normalized': True, 'special': True}
        return {
            'version': '1.0',
            'truncation': None,
            'padding': None,
            'added_tokens': [special(n - 2, START), special(n - 1, END)],
            'normalizer': {'type': 'Sequence', 'normalizers': [
                {'type': 'NFC'},
                {'type': 'Replace', 'pattern': {'Regex': '\\s+'}, 'content': ' '},
                {'type': 'Lowercase'}]},
            'pre_tokenizer': {'type': 'Sequence', 'pretokenizers': [
                {'type': 'Split', 'pattern': {'Regex': "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+"},
                 'behavior': 'Removed', 'invert': True},
                {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': False}]},
            'post_processor': {'type': 'RobertaProcessing', 'sep': [END, n - 1], 'cls': [START, n - 2],
                               'trim_offsets': False, 'add_prefix_space': False},
            'decoder': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': True, 'use_regex': True},
            'model': {'type': 'BPE', 'dropout': None, 'unk_token': END, 'continuing_subword_prefix': '',
                      'end_of_word_suffix': '</w>', 'fuse_unk': False,
                      'vocab': {t: i for i, t in enumerate(self.vocab)},
                      'merges': [a + ' ' + b for a, b in self.merges]},
        }


def write_tokenizer(bpe, path):
    with open(path, 'w') as f:
        json.dump(bpe.tokenizer_json(), f, ensure_ascii=False, separators=(',', ':'))
