"""CLIPs built the way the published transformers.js files were: the CLIP modules exported with
torch.onnx, split into vision_model.onnx / text_model.onnx (transformers.js inputs and
outputs), then the reduced files published beside them: *_fp16.onnx (float16 converter,
keep_io_types) and *_quantized.onnx (quantize_dynamic, per channel, reduce_range, QUInt8
weights for the model with a Conv). The two tools are emulated by published_patterns.py
(their sources cited there): onnxruntime and onnxconverter-common are not installable here.

Run:  /usr/bin/python3 models/scripts/make_published_fixtures.py            (committed tiny fixtures)
      /usr/bin/python3 models/scripts/make_published_fixtures.py --vitb32   (+ full-size ViT-B/32-shaped
        graphs in models/generated/vit-b32-published/, gitignored; writes their op lists to
        models/published-op-lists.json)

Writes models/published-tiny-opset14/ and models/published-tiny-opset11/: the six ONNX files,
tokenizer.json (CLIP layout), config.json; and models/published-op-lists.json.
"""
import argparse
import gzip
import json
import os
import sys
import onnx
import torch

sys.path.insert(0, os.path.dirname(__file__))
from clip_torch import Clip, ClipConfig, export_onnx  # noqa: E402
from clip_bpe import ClipBpe, write_tokenizer  # noqa: E402
from published_patterns import op_list, to_fp16, to_int8  # noqa: E402

MODELS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
BPE = os.path.join(MODELS_DIR, 'clip-text', 'clip-bpe', 'bpe_simple_vocab_16e6.txt.gz')
TINY = dict(style='decomposed', vision_width=32, vision_layers=2, vision_heads=2, vision_mlp=64,
            text_width=32, text_layers=2, text_heads=2, text_mlp=64, embed_dim=32, causal_mask='hf')
VITB32 = dict(style='decomposed', vision_width=768, vision_layers=12, vision_heads=12, vision_mlp=3072,
              text_width=512, text_layers=12, text_heads=8, text_mlp=2048, embed_dim=512, causal_mask='hf')
VARIANT_FILES = {'fp32': '{}_model.onnx', 'fp16': '{}_model_fp16.onnx', 'quantized': '{}_model_quantized.onnx'}


def clip_bpe():
    with gzip.open(BPE, 'rt', encoding='utf-8') as f:
        lines = f.read().split('\n')[1:1 + 49152 - 256 - 2]
    return ClipBpe([tuple(line.split()) for line in lines])


def perturb_norms(model, seed):
    gen = torch.Generator().manual_seed(seed)
    for name, p in model.named_parameters():
        if 'norm' in name or 'layrnorm' in name:
            with torch.no_grad():
                p.copy_((1 if name.endswith('weight') else 0) + 0.2 * torch.randn(p.shape, generator=gen))


def make_periodic(model, seed, period=4096):
    """Every weight tensor becomes one random block of `period` values repeated (scaled like
    its init), so the files compress to almost nothing with gzip (deflate's 32 KB window holds
    the period at every precision); norms and biases stay fully random."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() < 2:
                continue
            block = torch.randn(period, generator=gen) * float(p.std())
            p.copy_(block.repeat(p.numel() // period + 1)[:p.numel()].reshape(p.shape))


def build(out, cfg_kwargs, opset, bpe, seed, periodic=False, gz=False):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(seed)
    cfg = ClipConfig(vocab_size=len(bpe.vocab), **cfg_kwargs)
    model = Clip(cfg)
    perturb_norms(model, seed + 1)
    if periodic:
        make_periodic(model, seed + 2)
    export_onnx(model, out, cfg, opset=opset)
    lists = {}
    for tower in ('vision', 'text'):
        fp32 = onnx.load(os.path.join(out, VARIANT_FILES['fp32'].format(tower)))
        lists[f'{tower}/fp32'] = op_list(fp32)
        fp16 = to_fp16(onnx.load(os.path.join(out, VARIANT_FILES['fp32'].format(tower))))
        onnx.save(fp16, os.path.join(out, VARIANT_FILES['fp16'].format(tower)))
        lists[f'{tower}/fp16'] = op_list(fp16)
        q = to_int8(onnx.load(os.path.join(out, VARIANT_FILES['fp32'].format(tower))))
        onnx.save(q, os.path.join(out, VARIANT_FILES['quantized'].format(tower)))
        lists[f'{tower}/quantized'] = op_list(q)
    if gz:
        # Committed gzipped (deterministic: no name or time in the header); the tests serve the
        # inflated bytes. The tokenizer is CLIP's own, rebuilt from models/clip-text/clip-bpe.
        for tower in ('vision', 'text'):
            for pattern in VARIANT_FILES.values():
                path = os.path.join(out, pattern.format(tower))
                with open(path, 'rb') as src, open(path + '.gz', 'wb') as raw:
                    with gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0, compresslevel=9) as dst:
                        dst.write(src.read())
                os.remove(path)
    else:
        write_tokenizer(bpe, os.path.join(out, 'tokenizer.json'))
    with open(os.path.join(out, 'config.json'), 'w') as f:
        json.dump({**cfg.to_dict(), 'opset': opset, 'seed': seed, 'weights': 'random, periodic blocks of 4096' if periodic else 'random'}, f, indent=1)
    sizes = {fn: os.path.getsize(os.path.join(out, fn)) for fn in sorted(os.listdir(out))}
    print(out, sizes)
    return {'opset': opset, 'config': cfg.to_dict(), 'bytes': sizes, 'ops': lists}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vitb32', action='store_true', help='also build the full-size ViT-B/32-shaped graphs (gitignored)')
    ap.add_argument('--only-shallow', action='store_true', help='build only published-vitb32-shallow')
    args = ap.parse_args()
    lists_path = os.path.join(MODELS_DIR, 'published-op-lists.json')
    lists = json.load(open(lists_path)) if os.path.exists(lists_path) else {}
    # The tiny BPE of the other tiny fixtures (shape/colour words), read back from its tokenizer.json.
    with open(os.path.join(MODELS_DIR, 'tiny-random-decomposed', 'tokenizer.json')) as f:
        tiny_bpe = ClipBpe([tuple(m.split(' ')) for m in json.load(f)['model']['merges']])
    for opset, seed in () if args.only_shallow else ((14, 1414), (11, 1111)):
        name = f'published-tiny-opset{opset}'
        lists[name] = build(os.path.join(MODELS_DIR, name), TINY, opset, tiny_bpe, seed)
    # ViT-B/32's width, heads, MLP, patching, vocabulary, IO and op set, one layer per tower
    # (the edit tests' fixture: twelve layers would take minutes per iteration on WASM here).
    shallow = dict(VITB32, vision_layers=1, text_layers=1)
    lists['published-vitb32-shallow'] = build(os.path.join(MODELS_DIR, 'published-vitb32-shallow'), shallow, 14, clip_bpe(), 3232, periodic=True, gz=True)
    if args.vitb32:
        out = os.path.join(MODELS_DIR, 'generated', 'vit-b32-published')
        lists['vit-b32-published (generated, full size)'] = build(out, VITB32, 14, clip_bpe(), 32)
    with open(lists_path, 'w') as f:
        json.dump(lists, f, indent=1)


if __name__ == '__main__':
    main()
