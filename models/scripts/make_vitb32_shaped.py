"""A random-weight CLIP with ViT-B/32's real dimensions, for benchmarks only; never committed.

Run:  /usr/bin/python3 models/scripts/make_vitb32_shaped.py [--style decomposed|fused] [--out DIR]
Writes DIR (default models/generated/vit-b32-random-<style>/): vision_model.onnx (~350 MB),
text_model.onnx (~250 MB), tokenizer.json (CLIP's real 49,408-token BPE, built from
models/clip-text/clip-bpe/bpe_simple_vocab_16e6.txt.gz), config.json.

Dimensions: vision width 768, 12 layers, 12 heads, MLP 3072, patch 32 (50 tokens);
text width 512, 12 layers, 8 heads, MLP 2048, context 77, vocab 49,408; D = 512.
The default style is 'decomposed' (opset 14, ReduceMean/Sub/Pow/Sqrt/Div LayerNorm and
QuickGELU): that is what the transformers.js export of openai/clip-vit-base-patch32 contains,
since HF's CLIP uses quick_gelu and opset 14 has no LayerNormalization op.
"""
import argparse
import gzip
import json
import os
import sys
import torch

sys.path.insert(0, os.path.dirname(__file__))
from clip_torch import Clip, ClipConfig, export_onnx  # noqa: E402
from clip_bpe import ClipBpe, write_tokenizer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BPE = os.path.join(HERE, '..', 'clip-text', 'clip-bpe', 'bpe_simple_vocab_16e6.txt.gz')


def clip_bpe():
    with gzip.open(BPE, 'rt', encoding='utf-8') as f:
        lines = f.read().split('\n')[1:1 + 49152 - 256 - 2]
    return ClipBpe([tuple(line.split()) for line in lines])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--style', default='decomposed', choices=['decomposed', 'fused'])
    ap.add_argument('--out', default=None)
    ap.add_argument('--seed', type=int, default=32)
    args = ap.parse_args()
    out = args.out or os.path.join(HERE, '..', 'generated', f'vit-b32-random-{args.style}')
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(args.seed)
    bpe = clip_bpe()
    assert len(bpe.vocab) == 49408
    cfg = ClipConfig(image_size=224, patch_size=32, vision_width=768, vision_layers=12, vision_heads=12,
                     vision_mlp=3072, vocab_size=49408, context_length=77, text_width=512, text_layers=12,
                     text_heads=8, text_mlp=2048, embed_dim=512, style=args.style)
    model = Clip(cfg)
    export_onnx(model, out, cfg)
    write_tokenizer(bpe, os.path.join(out, 'tokenizer.json'))
    with open(os.path.join(out, 'config.json'), 'w') as f:
        json.dump({**cfg.to_dict(), 'seed': args.seed, 'weights': 'random (benchmarks only)'}, f, indent=1)
    print(out, {fn: os.path.getsize(os.path.join(out, fn)) for fn in sorted(os.listdir(out))})


if __name__ == '__main__':
    main()
