"""Trains the tiny shipped CLIP ("shapes-clip") contrastively on procedural icon- and
logo-like scenes (icon_scenes.py), seen through the CLIPVG loss's own views (loss_views.py:
ROI views and perspective patches), and exports it in the transformers.js layout (fused
op style) to models/shapes-clip/.

Run:  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=2 \
      nice -n 5 /usr/bin/python3 models/scripts/train_shapes_clip.py [--steps N]
(Debian's python3-torch 1.13 CPU; with the apt package libopenblas0-pthread installed,
LD_LIBRARY_PATH selects OpenBLAS for this process only, several times faster than the
reference BLAS. Results then depend on the BLAS only in the last bits.) Seeded; writes
vision_model.onnx, text_model.onnx, tokenizer.json, config.json, zero-shot.json and
eval-scenes.json (held-out scenes as PNGs with labels and PyTorch's predictions, for the
TypeScript re-check in test/models/shapes-clip-zero-shot.test.ts).

Captions (icon_scenes.caption): the dominant colour ("a red icon", "a red logo", "red"),
colour schemes ("a red and white icon"), shapes and letters where present ("a star",
"a blue circle", "the letter K"), and neutral captions that fit every image ("a photo",
"a picture", "an icon"): those make the engine's reference prompt "A photo" mean "any
image of this kind", so ΔT = T(prompt) − T("A photo") points from the average picture to
the prompt. Half the captions sit inside one of the 79 ImageNet templates, as the
engine averages every prompt over them. Short captions fit many images, so the
contrastive target is soft: image i and caption j match when caption j's predicate holds
for image i's facts.

Every training image is one of the loss's views of a scene: the ROI view (40%) or a
perspective patch (60%), so that the gradients the edit loop takes on patches point the
same way as on the whole view.

Zero-shot (held-out scenes from another seed): colour = argmax over the eleven prompts
"a {colour} icon" against the dominant colour; shape = argmax over "a {shape}" for the
four shapes, on held-out scenes that hold exactly one named shape; each prompt embedded
as the normalised mean over the 79 templates of normalised text embeddings, exactly as
the product does.
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
from icon_scenes import CLIP_MEAN, CLIP_STD, NAMES, SHAPES, caption, load_templates, matches, random_scene, to_pixel_values, tokenizer_corpus  # noqa: E402
from loss_views import loss_view  # noqa: E402
from directional import colour_directions, directional_loss, paired_views  # noqa: E402
from warm_start import warm_start  # noqa: E402

OUT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', 'shapes-clip'))
CFG = dict(style='fused', vision_width=64, vision_layers=2, vision_heads=4, vision_mlp=256,
           text_width=64, text_layers=2, text_heads=4, text_mlp=256, embed_dim=64)


def normalise(x):
    """float [B,3,H,W] in 0..1 -> CLIP-normalised."""
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


def single_shape(facts):
    return next(iter(facts['shapes'])) if len(facts['shapes']) == 1 else None


def zero_shot(model, bpe, scenes, templates, cfg):
    model.eval()
    with torch.no_grad():
        colour_prompts = torch.stack([prompt_embedding(model, bpe, f'a {c} icon', templates, cfg.context_length) for c in NAMES])
        shape_prompts = torch.stack([prompt_embedding(model, bpe, f'a {s}', templates, cfg.context_length) for s in SHAPES])
        img = []
        for i in range(0, len(scenes), 50):
            pix = torch.from_numpy(np.stack([to_pixel_values(s['u8']) for s in scenes[i:i + 50]]))
            img.append(F.normalize(model.vision(pix)[0], dim=-1))
        img = torch.cat(img)
        colour_pred = (img @ colour_prompts.T).argmax(-1).tolist()
        shape_pred = (img @ shape_prompts.T).argmax(-1).tolist()
    for s, c, sh in zip(scenes, colour_pred, shape_pred):
        s['predictedColour'], s['predictedShape'] = NAMES[c], SHAPES[sh]
    colour_acc = float(np.mean([s['predictedColour'] == s['facts']['dominant'] for s in scenes]))
    with_shape = [s for s in scenes if single_shape(s['facts'])]
    shape_acc = float(np.mean([s['predictedShape'] == single_shape(s['facts']) for s in with_shape]))
    return colour_acc, shape_acc, len(with_shape)


def held_out_scenes(n, seed):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        u8, facts = random_scene(rng)
        out.append({'u8': u8, 'facts': facts})
    return out


def png_b64(u8):
    buf = io.BytesIO()
    Image.fromarray(u8).save(buf, format='PNG', optimize=True)
    return base64.b64encode(buf.getvalue()).decode('ascii')


def main():
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--seed', type=int, default=20261202)
    ap.add_argument('--eval', type=int, default=500)
    ap.add_argument('--pool', type=int, default=1500)
    ap.add_argument('--fresh', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--lr', type=float, default=1.5e-3)
    ap.add_argument('--checkpoint', default='/tmp/shapes-clip-checkpoint.pt',
                    help='state saved every 100 steps; --export-only exports it (to stop early on a busy machine)')
    ap.add_argument('--export-only', action='store_true')
    ap.add_argument('--directional', type=int, default=32,
                    help='pairs per batch trained with the CLIPVG loss itself (directional.py); 0 for none')
    ap.add_argument('--directional-weight', type=float, default=1.0)
    ap.add_argument('--checkpoint-every', type=int, default=100)
    ap.add_argument('--init-from', help='model folder to start from (same widths), e.g. the previous shapes-clip')
    ap.add_argument('--out', default=OUT)
    args = ap.parse_args()
    OUT = os.path.abspath(args.out)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    templates = load_templates()
    bpe = ClipBpe(learn_merges(tokenizer_corpus()))
    cfg = ClipConfig(vocab_size=len(bpe.vocab), **CFG)
    model = Clip(cfg)
    if args.init_from and not args.export_only:
        loaded, skipped = warm_start(model, args.init_from, bpe)
        print(f'started from {args.init_from}: {len(loaded)} tensors ({", ".join(x for x in loaded if "token" in x)}); skipped {skipped}', flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    warmup = 100
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1, (s + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(s, args.steps) / args.steps)))
    start = time.time()
    # A pool of pre-rendered scenes, partly refreshed every step: PIL rendering costs
    # about as much as a training step. The loss views drawn per step multiply the pool.
    pool = [] if args.export_only else [random_scene(rng) for _ in range(args.pool)]
    print(f'pool of {len(pool)} scenes in {time.time() - start:.0f}s; vocabulary {len(bpe.vocab)}', flush=True)
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
        texts, preds = [], []
        for i in picks:
            text, pred = caption(rng, pool[i][1], templates)
            texts.append(text)
            preds.append(pred)
        match = torch.tensor([[matches(p, pool[i][1]) for p in preds] for i in picks], dtype=torch.float32)
        # The first `directional` picks are seen through the same view as a recoloured copy
        # of their scene, which joins the vision batch after the contrastive images.
        pairs = [paired_views(pool[i][0], rng) for i in picks[:args.directional]]
        views = [p[0] for p in pairs] + [loss_view(pool[i][0], rng) for i in picks[len(pairs):]]
        u8 = np.stack(views + [p[1] for p in pairs])
        pixels = normalise(torch.from_numpy(u8).permute(0, 3, 1, 2).float() / 255.0)
        raw = model.vision(pixels)[0]
        img = F.normalize(raw[:args.batch], dim=-1)
        txt = encode_texts(model, bpe, texts, cfg.context_length)
        logits = model.logit_scale.exp().clamp(max=100) * img @ txt.T
        loss = 0.5 * (-(F.log_softmax(logits, 1) * match / match.sum(1, keepdim=True)).sum(1).mean()
                      - (F.log_softmax(logits, 0) * match / match.sum(0, keepdim=True)).sum(0).mean())
        d_loss = torch.zeros(())
        if pairs:
            directions = colour_directions(lambda t: encode_texts(model, bpe, t, cfg.context_length), templates, rng)
            d_loss = directional_loss(raw[:len(pairs)], raw[args.batch:], directions, [p[2] for p in pairs])
            loss = loss + args.directional_weight * d_loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 50 == 0 or step == args.steps - 1:
            print(f'step {step} loss {loss.item():.3f} directional {d_loss.item():.3f} scale {model.logit_scale.exp().item():.1f} '
                  f'{time.time() - start:.0f}s', flush=True)
        steps_done = step + 1
        if steps_done % args.checkpoint_every == 0:
            torch.save({'model': model.state_dict(), 'steps': steps_done, 'seconds': time.time() - start}, args.checkpoint)
    train_seconds = time.time() - start
    if args.export_only:
        train_seconds = saved.get('seconds', 0)
    scenes = held_out_scenes(args.eval, args.seed + 1)
    colour_acc, shape_acc, n_shape = zero_shot(model, bpe, scenes, templates, cfg)
    print(f'zero-shot on {len(scenes)} held-out scenes: colour {colour_acc:.3f}; shape {shape_acc:.3f} ({n_shape} one-shape scenes)')
    os.makedirs(OUT, exist_ok=True)
    export_onnx(model, OUT, cfg)
    write_tokenizer(bpe, os.path.join(OUT, 'tokenizer.json'))
    with open(os.path.join(OUT, 'config.json'), 'w') as f:
        json.dump({**cfg.to_dict(), 'seed': args.seed, 'steps': steps_done, 'batch': args.batch,
                   'directionalPairs': args.directional, 'directionalWeight': args.directional_weight, 'lr': args.lr,
                   'initFrom': os.path.basename(os.path.normpath(args.init_from)) if args.init_from else None,
                   'weights': 'trained on procedural icon scenes through the loss views (models/scripts/train_shapes_clip.py)'}, f, indent=1)
    with open(os.path.join(OUT, 'zero-shot.json'), 'w') as f:
        json.dump({'heldOutScenes': len(scenes), 'colourAccuracy': colour_acc, 'shapeAccuracy': shape_acc,
                   'shapeScenes': n_shape, 'colourPrompts': [f'a {c} icon' for c in NAMES],
                   'shapePrompts': [f'a {s}' for s in SHAPES],
                   'templates': 'imagenet-templates.json (79), mean of normalised embeddings, normalised',
                   'trainSeconds': round(train_seconds), 'steps': steps_done,
                   'chance': {'colour': 1 / len(NAMES), 'shape': 1 / len(SHAPES)}},
                  f, indent=1)
    eval_subset = scenes[:60]
    with open(os.path.join(OUT, 'eval-scenes.json'), 'w') as f:
        json.dump({'note': 'first 60 held-out scenes of zero-shot.json, 224x224 PNG, with the dominant colour, the one '
                           'named shape (null unless exactly one) and the PyTorch zero-shot predictions (same prompts '
                           'and template averaging)',
                   'colours': NAMES, 'shapes': SHAPES,
                   'scenes': [{'dominant': s['facts']['dominant'], 'shape': single_shape(s['facts']),
                               'predictedColour': s['predictedColour'], 'predictedShape': s['predictedShape'],
                               'pngBase64': png_b64(s['u8'])} for s in eval_subset]}, f)


if __name__ == '__main__':
    main()
