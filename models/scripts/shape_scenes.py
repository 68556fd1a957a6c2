"""Procedural vector scenes for the tiny CLIP: one coloured shape (circle, square,
triangle, star) on a coloured background, drawn with PIL at 224x224 (antialiased by
drawing at 2x and downsampling), with captions like "a red circle on a blue background".
"""
import json
import math
import os
import numpy as np
from PIL import Image, ImageDraw

COLOURS = {
    'red': (220, 40, 40), 'green': (40, 170, 60), 'blue': (40, 80, 220), 'yellow': (240, 210, 40),
    'orange': (245, 140, 30), 'purple': (140, 60, 190), 'pink': (245, 130, 190), 'black': (20, 20, 20),
    'white': (245, 245, 245), 'gray': (128, 128, 128),
}
SHAPES = ['circle', 'square', 'triangle', 'star']
SIZE = 224
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
TEMPLATES_PATH = os.path.join(os.path.dirname(__file__), '..', 'clip-text', 'imagenet-templates.json')


def load_templates():
    with open(os.path.abspath(TEMPLATES_PATH)) as f:
        return json.load(f)


def shape_polygon(shape, cx, cy, r, rot):
    if shape == 'square':
        n, radii = 4, [r * math.sqrt(2) * 0.8] * 4
        rot += math.pi / 4
    elif shape == 'triangle':
        n, radii = 3, [r * 1.1] * 3
    else:  # star
        n, radii = 10, [r * 1.1 if i % 2 == 0 else r * 0.45 for i in range(10)]
    return [(cx + radii[i] * math.cos(rot + 2 * math.pi * i / n - math.pi / 2),
             cy + radii[i] * math.sin(rot + 2 * math.pi * i / n - math.pi / 2)) for i in range(n)]


def jitter(rgb, rng, amount=18):
    return tuple(int(np.clip(c + rng.integers(-amount, amount + 1), 0, 255)) for c in rgb)


def draw_scene(rng, shape, fg, bg):
    """Returns a 224x224x3 uint8 array."""
    s = 2
    img = Image.new('RGB', (SIZE * s, SIZE * s), jitter(COLOURS[bg], rng))
    d = ImageDraw.Draw(img)
    r = rng.uniform(40, 80) * s
    cx = rng.uniform(r * 1.1, SIZE * s - r * 1.1)
    cy = rng.uniform(r * 1.1, SIZE * s - r * 1.1)
    colour = jitter(COLOURS[fg], rng)
    if shape == 'circle':
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
    else:
        rot = rng.uniform(-0.3, 0.3) if shape != 'square' else rng.uniform(-0.4, 0.4)
        d.polygon(shape_polygon(shape, cx, cy, r, rot), fill=colour)
    return np.asarray(img.resize((SIZE, SIZE), Image.BILINEAR), dtype=np.uint8)


def random_scene(rng):
    names = list(COLOURS)
    shape = SHAPES[rng.integers(len(SHAPES))]
    fg = names[rng.integers(len(names))]
    bg = names[rng.integers(len(names))]
    while bg == fg:
        bg = names[rng.integers(len(names))]
    return draw_scene(rng, shape, fg, bg), shape, fg, bg


def caption_variants(shape, fg, bg):
    return [f'a {fg} {shape} on a {bg} background', f'a {fg} {shape}', f'a {shape}', f'a {fg} shape',
            f'a {shape} on a {bg} background', f'something {fg}', f'a photo of a {fg} {shape}']


def to_pixel_values(u8):
    """uint8 HxWx3 -> float32 3xHxW normalised with CLIP's mean/std."""
    x = u8.astype(np.float32) / 255.0
    x = (x - np.array(CLIP_MEAN, np.float32)) / np.array(CLIP_STD, np.float32)
    return x.transpose(2, 0, 1).copy()


def tokenizer_corpus():
    texts = load_templates() + ['A photo', 'a photo', 'a drawing of a thing', 'something']
    for shape in SHAPES:
        for fg in COLOURS:
            for bg in COLOURS:
                texts += caption_variants(shape, fg, bg)
    return texts
