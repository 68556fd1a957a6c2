"""Random-weight tiny CLIPs (two op styles) plus gradient fixtures, deterministic from a seed.

Run:  /usr/bin/python3 models/scripts/make_random_tiny.py
Writes models/tiny-random-fused/ and models/tiny-random-decomposed/, each holding
vision_model.onnx, text_model.onnx, tokenizer.json, config.json, gradient-fixture.json.

Gradient fixture (gradient-fixture.json), per image b in a batch of 2:
  x_b      = pixel_values[b]: CLIP-normalised 3x224x224, from the stored uint8 RGB image
             (x = (u8/255 - mean_c) / std_c, mean/std in the JSON)
  e_b      = image_embeds[b] = E_I(x_b) (raw vision output, not normalised)
  ref_b    = a unit vector (stands in for norm(E_I(source crop)))
  dT_b     = deltaT[b] (stands in for norm(E_T(t)) - norm(E_T("A photo")), not unit length)
  dI_b     = e_b / ||e_b|| - ref_b
  L_b      = 1 - <dI_b, dT_b> / (||dI_b|| * ||dT_b||)
  total    = sum_b w_b * L_b          (weights w in the JSON)
  gradient = d total / d pixel_values, shape [2,3,224,224], computed by PyTorch autograd
             in float64 and stored as little-endian float32, base64.
"""
import base64
import json
import os
import sys
import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from clip_torch import Clip, ClipConfig, export_onnx  # noqa: E402
from clip_bpe import ClipBpe, learn_merges, write_tokenizer  # noqa: E402
from shape_scenes import CLIP_MEAN, CLIP_STD, random_scene, to_pixel_values, tokenizer_corpus  # noqa: E402

MODELS_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
FIXTURE_TEXTS = ['A photo', 'a red circle on a blue background', 'a photo of a green star.',
                 'a bad photo of a yellow triangle.']

VARIANTS = {
    'tiny-random-fused': dict(style='fused', vision_width=48, vision_layers=2, vision_heads=4, vision_mlp=96,
                              text_width=48, text_layers=2, text_heads=4, text_mlp=96, embed_dim=32, seed=1234),
    'tiny-random-decomposed': dict(style='decomposed', vision_width=32, vision_layers=2, vision_heads=2,
                                   vision_mlp=64, text_width=32, text_layers=1, text_heads=2, text_mlp=64,
                                   embed_dim=32, seed=5678),
}


def b64_f32(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype='<f4').tobytes()).decode('ascii')


def perturb_norms(model, gen):
    """Random LayerNorm affine parameters, so the fixtures exercise the scale and shift."""
    for name, p in model.named_parameters():
        if 'norm' in name or 'layrnorm' in name:
            with torch.no_grad():
                if name.endswith('weight'):
                    p.copy_(1 + 0.2 * torch.randn(p.shape, generator=gen))
                else:
                    p.copy_(0.1 * torch.randn(p.shape, generator=gen))


def directional_losses(image_embeds, ref, delta_t):
    d_i = image_embeds / image_embeds.norm(dim=-1, keepdim=True) - ref
    return 1 - (d_i * delta_t).sum(-1) / (d_i.norm(dim=-1) * delta_t.norm(dim=-1))


def gradient_fixture(model, cfg, bpe, seed):
    rng = np.random.default_rng(seed)
    gen = torch.Generator().manual_seed(seed)
    images, captions = [], []
    for _ in range(2):
        u8, shape, fg, bg = random_scene(rng)
        images.append(u8)
        captions.append(f'a {fg} {shape} on a {bg} background')
    pix = torch.from_numpy(np.stack([to_pixel_values(u8) for u8 in images])).double().requires_grad_(True)
    d = cfg.embed_dim
    unit = lambda v: v / v.norm(dim=-1, keepdim=True)
    ref = unit(torch.randn(2, d, generator=gen, dtype=torch.float64))
    delta_t = unit(torch.randn(2, d, generator=gen, dtype=torch.float64)) - unit(torch.randn(2, d, generator=gen, dtype=torch.float64))
    weights = torch.tensor([0.75, 1.25], dtype=torch.float64)
    m = model.double()
    embeds, _ = m.vision(pix)
    losses = directional_losses(embeds, ref, delta_t)
    total = (weights * losses).sum()
    total.backward()
    texts = []
    with torch.no_grad():
        for t in FIXTURE_TEXTS:
            ids = bpe.encode(t, cfg.context_length)
            te, _ = m.text(torch.tensor([ids]))
            texts.append({'text': t, 'ids': ids, 'textEmbeds': te[0].tolist()})
    model.float()
    return {
        'definition': 'L_b = 1 - cos(image_embeds[b]/|image_embeds[b]| - reference[b], deltaT[b]); '
                      'total = sum_b weights[b]*L_b; gradient = d total / d pixel_values (PyTorch autograd, float64)',
        'imageSize': cfg.image_size,
        'embedDim': d,
        'clipMean': list(CLIP_MEAN),
        'clipStd': list(CLIP_STD),
        'pixelValuesFrom': 'pixel_values[b,c,y,x] = (rgb[b][(y*224+x)*3+c]/255 - clipMean[c]) / clipStd[c], float32',
        'images': [{'caption': c, 'rgbBase64': base64.b64encode(u8.tobytes()).decode('ascii')}
                   for c, u8 in zip(captions, images)],
        'weights': weights.tolist(),
        'deltaT': delta_t.tolist(),
        'reference': ref.tolist(),
        'imageEmbeds': embeds.detach().tolist(),
        'losses': losses.detach().tolist(),
        'totalLoss': total.item(),
        'gradient': {'dtype': 'float32', 'shape': [2, 3, cfg.image_size, cfg.image_size],
                     'base64': b64_f32(pix.grad.numpy())},
        'texts': texts,
    }


def build_tokenizer():
    return ClipBpe(learn_merges(tokenizer_corpus()))


def main():
    bpe = build_tokenizer()
    for name, v in VARIANTS.items():
        v = dict(v)
        seed = v.pop('seed')
        torch.manual_seed(seed)
        cfg = ClipConfig(vocab_size=len(bpe.vocab), **v)
        model = Clip(cfg)
        perturb_norms(model, torch.Generator().manual_seed(seed + 1))
        out = os.path.join(MODELS_DIR, name)
        os.makedirs(out, exist_ok=True)
        export_onnx(model, out, cfg)
        write_tokenizer(bpe, os.path.join(out, 'tokenizer.json'))
        with open(os.path.join(out, 'config.json'), 'w') as f:
            json.dump({**cfg.to_dict(), 'seed': seed, 'weights': 'random'}, f, indent=1)
        with open(os.path.join(out, 'gradient-fixture.json'), 'w') as f:
            json.dump(gradient_fixture(model, cfg, bpe, seed + 2), f)
        print(name, {fn: os.path.getsize(os.path.join(out, fn)) for fn in sorted(os.listdir(out))})


if __name__ == '__main__':
    main()
