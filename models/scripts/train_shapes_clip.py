"""Trains the tiny "shapes CLIP" contrastively on procedural scenes (shape_scenes.py) and
exports it in the transformers.js layout (fused op style) to models/shapes-clip/.

Run:  OPENBLAS_NUM_THREADS=1 LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread \
      nice -n 10 /usr/bin/python3 models/scripts/train_shapes_clip.py [--steps N]
(Debian's torch uses the reference BLAS by default, about 5x slower; with the apt package
libopenblas0-pthread installed, LD_LIBRARY_PATH selects OpenBLAS for this process only.
Results then depend on the BLAS only in the last bits, but are not byte-reproducible.)
Single CPU thread, seeded; writes vision_model.onnx, text_model.onnx, tokenizer.json,
config.json, zero-shot.json (accuracies) and eval-scenes.json (held-out scenes as PNGs
with labels, for the TypeScript re-check).

Captions: each image gets one caption variant ("a red circle on a blue background",
"a red circle", "a circle", "a red shape", ...), half the time wrapped in one of the 79
ImageNet templates ("a sketch of a {}.") so that template-averaged prompts land in
familiar territory. Because short captions match many images, the contrastive target is
soft: image i and caption j match when every attribute the caption names (shape,
foreground colour, background colour) agrees with image i.

Zero-shot (held-out scenes drawn from a different seed): colour = argmax over the 10
prompts "{colour} shape", shape = argmax over the 4 prompts "{shape}", each prompt
embedded as the normalised mean over the 79 templates of the normalised text embeddings,
exactly as the product does.
"""
import argparse
import base64
import io
import json
import math
import os
import sys
import time
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
from clip_torch import Clip, ClipConfig, export_onnx  # noqa: E402
from clip_bpe import ClipBpe, learn_merges, write_tokenizer  # noqa: E402
from shape_scenes import CLIP_MEAN, CLIP_STD, COLOURS, SHAPES, load_templates, random_scene, to_pixel_values, tokenizer_corpus  # noqa: E402

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'shapes-clip'))
CFG = dict(style='fused', vision_width=64, vision_layers=2, vision_heads=4, vision_mlp=256,
           text_width=64, text_layers=2, text_heads=4, text_mlp=256, embed_dim=64)


def caption_for(rng, shape, fg, bg, templates):
    """Returns (text, (shape|None, fg|None, bg|None))."""
    options = [
        (f'{fg} {shape} on a {bg} background', (shape, fg, bg)),
        (f'{fg} {shape}', (shape, fg, None)),
        (f'{shape}', (shape, None, None)),
        (f'{fg} shape', (None, fg, None)),
        (f'{shape} on a {bg} background', (shape, None, bg)),
    ]
    text, attrs = options[rng.integers(len(options))]
    if rng.random() < 0.5:
        text = templates[rng.integers(len(templates))].replace('{}', text)
    else:
        text = 'a ' + text
    return text, attrs


def normalise_batch(u8):
    """uint8 [B,H,W,3] -> CLIP-normalised float32 [B,3,H,W] (same maths as to_pixel_values)."""
    x = torch.from_numpy(u8).permute(0, 3, 1, 2).float() / 255.0
    return (x - torch.tensor(CLIP_MEAN).view(1, 3, 1, 1)) / torch.tensor(CLIP_STD).view(1, 3, 1, 1)


def pad_batch(id_lists):
    t = max(len(x) for x in id_lists)
    out = torch.zeros(len(id_lists), t, dtype=torch.int64)
    for i, ids in enumerate(id_lists):
        out[i, :len(ids)] = torch.tensor(ids)
    return out


def encode_texts(model, bpe, texts, context_length):
    ids = pad_batch([bpe.encode(t, context_length) for t in texts])
    emb, _ = model.text(ids)
    return F.normalize(emb, dim=-1)


def prompt_embedding(model, bpe, prompt, templates, context_length):
    e = encode_texts(model, bpe, [t.replace('{}', prompt) for t in templates], context_length)
    return F.normalize(e.mean(0), dim=0)


def zero_shot(model, bpe, scenes, templates, cfg):
    model.eval()
    with torch.no_grad():
        colour_names, shape_names = list(COLOURS), SHAPES
        colour_prompts = torch.stack([prompt_embedding(model, bpe, f'{c} shape', templates, cfg.context_length) for c in colour_names])
        shape_prompts = torch.stack([prompt_embedding(model, bpe, s, templates, cfg.context_length) for s in shape_names])
        pix = torch.from_numpy(np.stack([to_pixel_values(s['u8']) for s in scenes]))
        img = F.normalize(model.vision(pix)[0], dim=-1)
        colour_pred = (img @ colour_prompts.T).argmax(-1).tolist()
        shape_pred = (img @ shape_prompts.T).argmax(-1).tolist()
    for s, c, sh in zip(scenes, colour_pred, shape_pred):
        s['predictedColour'], s['predictedShape'] = colour_names[c], shape_names[sh]
    colour_acc = float(np.mean([s['predictedColour'] == s['fg'] for s in scenes]))
    shape_acc = float(np.mean([s['predictedShape'] == s['shape'] for s in scenes]))
    return colour_acc, shape_acc


def held_out_scenes(n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        u8, shape, fg, bg = random_scene(rng)
        out.append({'u8': u8, 'shape': shape, 'fg': fg, 'bg': bg})
    return out


def png_b64(u8):
    buf = io.BytesIO()
    Image.fromarray(u8).save(buf, format='PNG', optimize=True)
    return base64.b64encode(buf.getvalue()).decode('ascii')


def main():
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=1100)
    ap.add_argument('--batch', type=int, default=96)
    ap.add_argument('--seed', type=int, default=20261127)
    ap.add_argument('--eval', type=int, default=400)
    ap.add_argument('--pool', type=int, default=4000)
    ap.add_argument('--fresh', type=int, default=16)
    ap.add_argument('--checkpoint', default='/tmp/shapes-clip-checkpoint.pt',
                    help='state saved every 100 steps; --export-only exports it (to stop early on a busy machine)')
    ap.add_argument('--export-only', action='store_true')
    ap.add_argument('--out', default=OUT)
    args = ap.parse_args()
    OUT = os.path.abspath(args.out)
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    templates = load_templates()
    bpe = ClipBpe(learn_merges(tokenizer_corpus()))
    cfg = ClipConfig(vocab_size=len(bpe.vocab), **CFG)
    model = Clip(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=1.5e-3, weight_decay=0.05)
    warmup = 100
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(s, args.steps) / args.steps)))
    # A pool of pre-rendered scenes, partly refreshed every step: PIL rendering costs
    # about as much as a training step, so drawing every batch afresh would halve the steps.
    pool = [] if args.export_only else [random_scene(rng) for _ in range(args.pool)]
    start = time.time()
    steps_done = 0
    if args.export_only:
        saved = torch.load(args.checkpoint)
        model.load_state_dict(saved['model'])
        steps_done = saved['steps']
    for step in range(0 if args.export_only else args.steps):
        model.train()
        for _ in range(args.fresh):
            pool[rng.integers(len(pool))] = random_scene(rng)
        picks = rng.choice(len(pool), args.batch, replace=False)
        texts, img_attrs, txt_attrs = [], [], []
        for i in picks:
            _, shape, fg, bg = pool[i]
            text, attrs = caption_for(rng, shape, fg, bg, templates)
            texts.append(text)
            img_attrs.append((shape, fg, bg))
            txt_attrs.append(attrs)
        pixels = normalise_batch(np.stack([pool[i][0] for i in picks]))
        match = torch.tensor([[all(a is None or a == b for a, b in zip(ta, ia)) for ta in txt_attrs] for ia in img_attrs],
                             dtype=torch.float32)
        img = F.normalize(model.vision(pixels)[0], dim=-1)
        txt = encode_texts(model, bpe, texts, cfg.context_length)
        logits = model.logit_scale.exp().clamp(max=100) * img @ txt.T
        loss = 0.5 * (-(F.log_softmax(logits, 1) * match / match.sum(1, keepdim=True)).sum(1).mean()
                      - (F.log_softmax(logits, 0) * match / match.sum(0, keepdim=True)).sum(0).mean())
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == args.steps - 1:
            print(f'step {step} loss {loss.item():.3f} scale {model.logit_scale.exp().item():.1f} '
                  f'{time.time() - start:.0f}s', flush=True)
        steps_done = step + 1
        if steps_done % 100 == 0:
            torch.save({'model': model.state_dict(), 'steps': steps_done}, args.checkpoint)
    train_seconds = time.time() - start
    previous = os.path.join(OUT, 'zero-shot.json')
    if args.export_only and os.path.exists(previous):
        with open(previous) as f:
            train_seconds = json.load(f).get('trainSeconds', 0)
    scenes = held_out_scenes(args.eval, args.seed + 1)
    colour_acc, shape_acc = zero_shot(model, bpe, scenes, templates, cfg)
    print(f'zero-shot on {len(scenes)} held-out scenes: colour {colour_acc:.3f} shape {shape_acc:.3f}')
    os.makedirs(OUT, exist_ok=True)
    export_onnx(model, OUT, cfg)
    write_tokenizer(bpe, os.path.join(OUT, 'tokenizer.json'))
    with open(os.path.join(OUT, 'config.json'), 'w') as f:
        json.dump({**cfg.to_dict(), 'seed': args.seed, 'steps': steps_done, 'batch': args.batch,
                   'weights': 'trained on procedural shape scenes'}, f, indent=1)
    with open(os.path.join(OUT, 'zero-shot.json'), 'w') as f:
        json.dump({'heldOutScenes': len(scenes), 'colourAccuracy': colour_acc, 'shapeAccuracy': shape_acc,
                   'colourPrompts': [f'{c} shape' for c in COLOURS], 'shapePrompts': SHAPES,
                   'templates': 'imagenet-templates.json (79), mean of normalised embeddings, normalised',
                   'trainSeconds': round(train_seconds), 'chance': {'colour': 1 / len(COLOURS), 'shape': 1 / len(SHAPES)}},
                  f, indent=1)
    eval_subset = scenes[:60]
    with open(os.path.join(OUT, 'eval-scenes.json'), 'w') as f:
        json.dump({'note': 'first 60 held-out scenes of zero-shot.json, 224x224 PNG, with the PyTorch '
                           'zero-shot predictions (same prompts and template averaging)',
                   'scenes': [{'shape': s['shape'], 'fg': s['fg'], 'bg': s['bg'],
                               'predictedColour': s['predictedColour'], 'predictedShape': s['predictedShape'],
                               'pngBase64': png_b64(s['u8'])} for s in eval_subset]}, f)


if __name__ == '__main__':
    main()
