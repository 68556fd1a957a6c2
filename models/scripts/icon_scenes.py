"""Procedural icon- and logo-like scenes for the tiny CLIP, with the facts their captions
may name. Drawn with PIL at 2x and downsampled to 224x224 (antialiased), reproducible from
a numpy Generator.

A scene is one of four layouts:
  tile:    an app-icon tile (rounded square or circle) of one colour, 1-3 symbols on it;
  scatter: 2-5 overlapping shapes, glyphs and strokes;
  single:  one large shape (outlined or not);
  glyph:   one or two letters from the bundled DejaVu fonts, bare or on a tile.
Half the backgrounds are white (what a transparent frame renders to: the engine composites
over white), half a colour; some compositions sit in a non-square frame padded with white,
as the loss pads non-square artwork. Fills are flat, outlined, or gradients: a gradient is
drawn either as its ramp or as its mean colour (what svg-import makes of one).

Colours are drawn per name and named by the rule the semantics benchmark uses: the nearest
of the eleven basic colours (models/clip-text/basic-colours.json, CSS values) in OKLab.
"""
import json
import math
import os
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SIZE = 224
SS = 2  # supersampling
CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
TEMPLATES_PATH = os.path.join(ROOT, 'models', 'clip-text', 'imagenet-templates.json')
COLOURS_PATH = os.path.join(ROOT, 'models', 'clip-text', 'basic-colours.json')
FONTS = [os.path.join(ROOT, 'test', 'data', 'fonts', f) for f in ('DejaVuSans.ttf', 'DejaVuSerif.ttf')]
SHAPES = ['circle', 'square', 'triangle', 'star']
LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
NOUNS = ['icon', 'logo', 'shape', 'symbol', 'sign', 'picture']
NEUTRAL = ['a photo', 'a picture', 'an icon', 'an image', 'a drawing', 'a logo', 'a graphic', 'a symbol', 'artwork']


def _hex(h):
    return tuple(int(h[i:i + 2], 16) for i in (1, 3, 5))


with open(COLOURS_PATH) as _f:
    COLOURS = {k: _hex(v) for k, v in json.load(_f)['colours'].items()}
NAMES = list(COLOURS)


def load_templates():
    with open(TEMPLATES_PATH) as f:
        return json.load(f)


def srgb_to_oklab(rgb):
    """uint8/float sRGB [...,3] (0..255) -> OKLab [...,3] (Björn Ottosson's matrices)."""
    c = np.asarray(rgb, dtype=np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    m1 = np.array([[0.4122214708, 0.5363325363, 0.0514459929],
                   [0.2119034982, 0.6806995451, 0.1073969566],
                   [0.0883024619, 0.2817188376, 0.6299787005]])
    m2 = np.array([[0.2104542553, 0.7936177850, -0.0040720468],
                   [1.9779984951, -2.4285922050, 0.4505937099],
                   [0.0259040371, 0.7827717662, -0.8086757660]])
    lms = np.cbrt(lin @ m1.T)
    return lms @ m2.T


PROTO_LAB = srgb_to_oklab(np.array([COLOURS[n] for n in NAMES]))


def colour_labels(rgb):
    """Index into NAMES of the nearest basic colour (OKLab) of each pixel/colour."""
    lab = srgb_to_oklab(rgb)
    d = ((lab[..., None, :] - PROTO_LAB) ** 2).sum(-1)
    return d.argmin(-1)


def colour_name(rgb):
    return NAMES[int(colour_labels(np.array(rgb)))]


def sample_colour(rng, name):
    """A colour whose nearest basic colour is `name`: the CSS value with noise, rejected
    until the rule names it so (shades, tints and muted versions all occur)."""
    base = np.array(COLOURS[name], dtype=np.float64)
    for _ in range(40):
        mode = rng.random()
        if mode < 0.3:
            c = base + rng.normal(0, 25, 3)
        elif mode < 0.6:  # tint or shade
            t = rng.uniform(-0.45, 0.45)
            c = base + (255 - base) * t if t > 0 else base * (1 + t)
            c = c + rng.normal(0, 12, 3)
        else:
            c = base + rng.normal(0, 55, 3)
        c = np.clip(c, 0, 255)
        if colour_name(c) == name:
            return tuple(int(v) for v in c)
    return tuple(int(v) for v in base)


def random_name(rng, exclude=()):
    while True:
        n = NAMES[rng.integers(len(NAMES))]
        if n not in exclude:
            return n


def regular_polygon(cx, cy, r, n, rot, inner=None):
    pts = []
    k = 2 * n if inner else n
    for i in range(k):
        rr = r if (not inner or i % 2 == 0) else r * inner
        a = rot + 2 * math.pi * i / k - math.pi / 2
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return pts


class Canvas:
    """An RGB image and an id map drawn together (id 0 = background)."""

    def __init__(self, w, h, bg):
        self.w, self.h = w, h
        self.img = Image.new('RGB', (w, h), bg)
        self.ids = Image.new('I', (w, h), 0)
        self.d = ImageDraw.Draw(self.img)
        self.di = ImageDraw.Draw(self.ids)
        self.items = []  # (id, kind, colour name, nominal area in px)

    def add(self, kind, colour):
        self.items.append({'id': len(self.items) + 1, 'kind': kind, 'colour': colour})
        return len(self.items)

    def fill_shape(self, rng, kind, geom, rgb, outline=None, gradient=None):
        """geom: ('ellipse', box) | ('rounded', box, radius) | ('polygon', pts). Fill is rgb,
        or a ramp (gradient = (rgb2, angle)) or its mean; outline = (rgb, width)."""
        mask = Image.new('L', (self.w, self.h), 0)
        dm = ImageDraw.Draw(mask)
        self._draw(dm, geom, 255)
        fill = rgb
        if gradient is not None:
            rgb2, angle, as_ramp = gradient
            mean = tuple(int((a + b) / 2) for a, b in zip(rgb, rgb2))
            if as_ramp:
                ramp = linear_ramp(self.w, self.h, rgb, rgb2, angle)
                self.img.paste(ramp, (0, 0), mask)
            else:
                self.img.paste(mean, (0, 0), mask)
            fill = mean
        else:
            self.img.paste(rgb, (0, 0), mask)
        ident = self.add(kind, colour_name(fill))
        self._draw(self.di, geom, ident)
        if outline is not None:
            orgb, width = outline
            oid = self.add('outline', colour_name(orgb))
            self._draw(self.d, geom, None, orgb, width)
            self._draw(self.di, geom, None, oid, width)
        return ident

    @staticmethod
    def _draw(d, geom, fill, outline=None, width=0):
        if geom[0] == 'ellipse':
            d.ellipse(geom[1], fill=fill, outline=outline, width=width)
        elif geom[0] == 'rounded':
            d.rounded_rectangle(geom[1], radius=geom[2], fill=fill, outline=outline, width=width)
        else:
            if outline is not None:
                pts = geom[1] + [geom[1][0]]
                d.line(pts, fill=outline, width=width, joint='curve')
            else:
                d.polygon(geom[1], fill=fill)

    def line(self, pts, rgb, width):
        ident = self.add('line', colour_name(rgb))
        self.d.line(pts, fill=rgb, width=width, joint='curve')
        self.di.line(pts, fill=ident, width=width, joint='curve')

    def glyph(self, rng, letter, cx, cy, size, rgb):
        font = ImageFont.truetype(FONTS[rng.integers(len(FONTS))], int(size))
        ident = self.add('letter:' + letter, colour_name(rgb))
        self.d.text((cx, cy), letter, fill=rgb, font=font, anchor='mm')
        self.di.text((cx, cy), letter, fill=ident, font=font, anchor='mm')


def linear_ramp(w, h, a, b, angle):
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    t = (x / w - 0.5) * math.cos(angle) + (y / h - 0.5) * math.sin(angle) + 0.5
    t = np.clip(t, 0, 1)[..., None]
    arr = np.array(a, np.float64) * (1 - t) + np.array(b, np.float64) * t
    return Image.fromarray(arr.astype(np.uint8))


def shape_geom(rng, shape, cx, cy, r):
    if shape == 'circle':
        return ('ellipse', [cx - r, cy - r, cx + r, cy + r])
    if shape == 'square':
        s = r * 0.9
        if rng.random() < 0.5:
            return ('rounded', [cx - s, cy - s, cx + s, cy + s], s * rng.uniform(0, 0.35))
        return ('polygon', regular_polygon(cx, cy, s * math.sqrt(2), 4, math.pi / 4 + rng.uniform(-0.3, 0.3)))
    if shape == 'triangle':
        return ('polygon', regular_polygon(cx, cy, r * 1.1, 3, rng.uniform(-0.3, 0.3)))
    if shape == 'star':
        n = 5 if rng.random() < 0.8 else 6
        return ('polygon', regular_polygon(cx, cy, r * 1.1, n, rng.uniform(-0.3, 0.3), inner=rng.uniform(0.38, 0.5)))
    # distractors with no shape name
    if shape == 'ellipse':
        a = rng.uniform(1.5, 2.2)
        return ('ellipse', [cx - r, cy - r / a, cx + r, cy + r / a]) if rng.random() < 0.5 else ('ellipse', [cx - r / a, cy - r, cx + r / a, cy + r])
    if shape == 'rectangle':
        a = rng.uniform(1.7, 2.5)
        return ('rounded', [cx - r, cy - r / a, cx + r, cy + r / a], r / a * rng.uniform(0, 0.4))
    n = int(rng.choice([6, 8]))
    return ('polygon', regular_polygon(cx, cy, r, n, rng.uniform(0, math.pi)))


DISTRACTORS = ['ellipse', 'rectangle', 'polygon']


def pick_fill(rng, canvas_rgb_names, name=None):
    name = name or random_name(rng)
    return name, sample_colour(rng, name)


def draw_item(rng, c, cx, cy, r, avoid=()):
    """One shape/glyph/line at (cx, cy) of radius r in a colour not in avoid."""
    name = random_name(rng, avoid)
    rgb = sample_colour(rng, name)
    u = rng.random()
    if u < 0.62:
        shape = SHAPES[rng.integers(len(SHAPES))] if rng.random() < 0.75 else DISTRACTORS[rng.integers(len(DISTRACTORS))]
        outline = None
        if rng.random() < 0.25:
            outline = (sample_colour(rng, random_name(rng, (name,))), int(rng.uniform(0.06, 0.14) * r) + 1)
        gradient = None
        if rng.random() < 0.2:
            other = name if rng.random() < 0.6 else random_name(rng, (name,))
            gradient = (sample_colour(rng, other), rng.uniform(0, 2 * math.pi), rng.random() < 0.6)
        c.fill_shape(rng, shape, shape_geom(rng, shape, cx, cy, r), rgb, outline, gradient)
    elif u < 0.85:
        c.glyph(rng, LETTERS[rng.integers(len(LETTERS))], cx, cy, r * 2.0, rgb)
    else:
        pts = [(cx + rng.uniform(-r, r), cy + rng.uniform(-r, r)) for _ in range(int(rng.integers(2, 4)))]
        c.line(pts, rgb, int(rng.uniform(0.12, 0.3) * r) + 2)


def compose(rng, w, h):
    """Draws one composition on a w x h canvas; returns the Canvas and whether the
    background is white."""
    white_bg = rng.random() < 0.5
    bg_name = 'white' if white_bg else random_name(rng, ('white',))
    bg_rgb = (255, 255, 255) if white_bg else sample_colour(rng, bg_name)
    c = Canvas(w, h, bg_rgb)
    if not white_bg and rng.random() < 0.2:  # gradient background
        c.img.paste(linear_ramp(w, h, bg_rgb, sample_colour(rng, bg_name), rng.uniform(0, 2 * math.pi)), (0, 0))
    m = min(w, h)
    layout = rng.choice(['tile', 'scatter', 'single', 'glyph'], p=[0.3, 0.35, 0.22, 0.13])
    if layout == 'tile' or (layout == 'glyph' and rng.random() < 0.5):
        tname = random_name(rng, (bg_name,))
        trgb = sample_colour(rng, tname)
        r = m / 2 * rng.uniform(0.72, 0.96)
        kind = 'circle' if rng.random() < 0.35 else 'square'
        geom = ('ellipse', [w / 2 - r, h / 2 - r, w / 2 + r, h / 2 + r]) if kind == 'circle' else \
            ('rounded', [w / 2 - r, h / 2 - r, w / 2 + r, h / 2 + r], r * rng.uniform(0.1, 0.35))
        grad = (sample_colour(rng, tname), rng.uniform(0, 2 * math.pi), rng.random() < 0.6) if rng.random() < 0.25 else None
        c.fill_shape(rng, kind, geom, trgb, None, grad)
        avoid = (tname,)
        if layout == 'glyph':
            letters = 1 if rng.random() < 0.7 else 2
            rgb = (255, 255, 255) if rng.random() < 0.5 else sample_colour(rng, random_name(rng, avoid))
            for i in range(letters):
                off = 0 if letters == 1 else (i - 0.5) * r * 0.8
                c.glyph(rng, LETTERS[rng.integers(len(LETTERS))], w / 2 + off, h / 2, r * (1.2 if letters == 1 else 0.9), rgb)
        else:
            for _ in range(int(rng.integers(1, 4))):
                rr = r * rng.uniform(0.25, 0.55)
                cx, cy = w / 2 + rng.uniform(-0.4, 0.4) * r, h / 2 + rng.uniform(-0.4, 0.4) * r
                if rng.random() < 0.4:  # white symbol on the tile, Papirus-like
                    before = len(c.items)
                    draw_item(rng, c, cx, cy, rr, avoid)
                    recolour_last(c, before)
                else:
                    draw_item(rng, c, cx, cy, rr, avoid)
    elif layout == 'glyph':
        for _ in range(1 if rng.random() < 0.7 else 2):
            name = random_name(rng, (bg_name,))
            c.glyph(rng, LETTERS[rng.integers(len(LETTERS))], rng.uniform(0.35, 0.65) * w, rng.uniform(0.35, 0.65) * h,
                    m * rng.uniform(0.5, 0.9), sample_colour(rng, name))
    elif layout == 'single':
        shape = SHAPES[rng.integers(len(SHAPES))]
        name = random_name(rng, (bg_name,))
        r = m / 2 * rng.uniform(0.4, 0.85)
        cx, cy = rng.uniform(r, w - r), rng.uniform(r, h - r)
        outline = (sample_colour(rng, random_name(rng, (name,))), int(rng.uniform(0.04, 0.12) * r) + 1) if rng.random() < 0.3 else None
        grad = (sample_colour(rng, name), rng.uniform(0, 2 * math.pi), rng.random() < 0.6) if rng.random() < 0.2 else None
        c.fill_shape(rng, shape, shape_geom(rng, shape, cx, cy, r), sample_colour(rng, name), outline, grad)
    else:
        for _ in range(int(rng.integers(2, 6))):
            r = m / 2 * rng.uniform(0.18, 0.5)
            draw_item(rng, c, rng.uniform(r * 0.6, w - r * 0.6), rng.uniform(r * 0.6, h - r * 0.6), r, (bg_name,))
    return c, white_bg


def recolour_last(c, before):
    """Redraws the items added since `before` in white (symbols on app tiles)."""
    ids = np.asarray(c.ids)
    arr = np.asarray(c.img).copy()
    for it in c.items[before:]:
        arr[ids == it['id']] = (255, 255, 255)
        it['colour'] = 'white'
    c.img = Image.fromarray(arr)
    c.d = ImageDraw.Draw(c.img)


def random_scene(rng):
    """Returns (uint8 [224,224,3], facts). facts: dominant colour, scheme (two names or
    None), shapes present {shape: set(colour)}, letters present {letter: set(colour)}."""
    big = SIZE * SS
    if rng.random() < 0.15:  # non-square artwork, padded with white as the ROI view pads it
        a = rng.uniform(0.55, 0.9)
        w, h = (big, int(big * a)) if rng.random() < 0.5 else (int(big * a), big)
    else:
        w = h = big
    c, white_bg = compose(rng, w, h)
    img = Image.new('RGB', (big, big), (255, 255, 255))
    ids = Image.new('I', (big, big), 0)
    ox, oy = (big - w) // 2, (big - h) // 2
    img.paste(c.img, (ox, oy))
    ids.paste(c.ids, (ox, oy))
    u8 = np.asarray(img.resize((SIZE, SIZE), Image.BILINEAR), dtype=np.uint8)
    idmap = np.asarray(ids.resize((SIZE, SIZE), Image.NEAREST))
    return u8, scene_facts(u8, idmap, c, white_bg or w != h)


def scene_facts(u8, idmap, c, white_around):
    labels = colour_labels(u8.reshape(-1, 3)).reshape(u8.shape[:2])
    counts_all = np.bincount(labels.ravel(), minlength=len(NAMES)) / labels.size
    fg = idmap > 0 if white_around else np.ones_like(idmap, dtype=bool)
    fg_labels = labels[fg] if fg.any() else labels.ravel()
    counts_fg = np.bincount(fg_labels.ravel(), minlength=len(NAMES))
    dominant = NAMES[int(counts_fg.argmax())]
    order = np.argsort(-counts_all)
    scheme = None
    if counts_all[order[1]] >= 0.12:
        scheme = frozenset((NAMES[order[0]], NAMES[order[1]]))
    area = np.bincount(idmap.ravel(), minlength=len(c.items) + 1)
    shapes, letters = {}, {}
    for it in c.items:
        visible = area[it['id']] / idmap.size
        if visible < 0.03:
            continue
        if it['kind'] in SHAPES:
            shapes.setdefault(it['kind'], set()).add(it['colour'])
        elif it['kind'].startswith('letter:'):
            letters.setdefault(it['kind'][7:], set()).add(it['colour'])
    return {'dominant': dominant, 'scheme': scheme, 'shapes': shapes, 'letters': letters}


def caption(rng, facts, templates):
    """One caption for an image with these facts: (text, predicate) where predicate is a
    tuple the matcher checks against any image's facts."""
    options = ['colour'] * 5 + ['scheme'] * 2 + ['neutral'] * 2
    if facts['shapes']:
        options += ['shape'] * 4
    if facts['letters']:
        options += ['letter'] * 2
    kind = options[rng.integers(len(options))]
    if kind == 'colour':
        c = facts['dominant']
        word = c if c != 'grey' or rng.random() < 0.7 else 'gray'
        forms = [f'a {word} {NOUNS[rng.integers(len(NOUNS))]}', f'{word}', f'something {word}', f'a {word} icon']
        text, pred = forms[rng.integers(len(forms))], ('colour', c)
    elif kind == 'scheme' and facts['scheme']:
        a, b = sorted(facts['scheme'], key=lambda _: rng.random())
        text, pred = f'a {a} and {b} {NOUNS[rng.integers(len(NOUNS))]}', ('scheme', facts['scheme'])
    elif kind == 'shape':
        names = sorted(facts['shapes'])
        s = names[rng.integers(len(names))]
        if rng.random() < 0.5:
            text, pred = f'a {s}', ('shape', s)
        else:
            colours = sorted(facts['shapes'][s])
            col = colours[rng.integers(len(colours))]
            text, pred = f'a {col} {s}', ('shape-colour', s, col)
    elif kind == 'letter':
        names = sorted(facts['letters'])
        letter = names[rng.integers(len(names))]
        if rng.random() < 0.6:
            text, pred = f'the letter {letter}', ('letter', letter)
        else:
            colours = sorted(facts['letters'][letter])
            col = colours[rng.integers(len(colours))]
            text, pred = f'a {col} letter {letter}', ('letter-colour', letter, col)
    else:
        text, pred = NEUTRAL[rng.integers(len(NEUTRAL))], ('any',)
    if rng.random() < 0.5:
        text = templates[rng.integers(len(templates))].replace('{}', text)
    return text, pred


def matches(pred, facts):
    k = pred[0]
    if k == 'any':
        return True
    if k == 'colour':
        return facts['dominant'] == pred[1]
    if k == 'scheme':
        return facts['scheme'] == pred[1]
    if k == 'shape':
        return pred[1] in facts['shapes']
    if k == 'shape-colour':
        return pred[2] in facts['shapes'].get(pred[1], ())
    if k == 'letter':
        return pred[1] in facts['letters']
    return pred[2] in facts['letters'].get(pred[1], ())


def to_pixel_values(u8):
    x = u8.astype(np.float32) / 255.0
    x = (x - np.array(CLIP_MEAN, np.float32)) / np.array(CLIP_STD, np.float32)
    return x.transpose(2, 0, 1).copy()


def tokenizer_corpus():
    texts = load_templates() + ['A photo'] + NEUTRAL + ['the letter', 'something', 'gray', 'a drawing of a thing']
    for c in NAMES:
        texts += [f'a {c} {n}' for n in NOUNS] + [f'something {c}']
        texts += [f'a {c} and {d} icon' for d in NAMES]
        texts += [f'a {c} {s}' for s in SHAPES] + [f'a {c} letter {letter}' for letter in LETTERS]
    return texts
