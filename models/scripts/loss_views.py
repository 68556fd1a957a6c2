"""The views the CLIPVG loss shows CLIP, drawn in PyTorch for training: the ROI view and
the perspective patches of src/engine/augment/augment-sampler.ts, at the sizes the edit
loop uses (the ROI here is the whole 224x224 scene, which is what the loss's ROI view
resizes any ROI to):
  ROI view: crop of side 0.98 s at a uniform offset in the square, resized to 224;
  patch:    crop of side 0.8 s at a uniform offset, RandomPerspective(0.3) with the moved
            corners mapped onto the crop corners, horizontal flip with p = 0.3, resized to 224;
white outside the crop (the loss's valid rectangle). One bilinear resampling with PIL's
perspective transform (the engine uses bicubic: the difference is below what these images
hold at 224; torch's grid_sample did the same ten times slower on Debian's CPU build).
"""
import numpy as np
from PIL import Image

ROI_VIEW_CROP = 0.98
PATCH_FRACTION = 0.8
DISTORTION = 0.3
FLIP_P = 0.3


def homography(src, dst):
    """3x3 H with H @ [src_k, 1] ~ [dst_k, 1] for four point pairs."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    h = np.linalg.solve(np.array(a, np.float64), np.array(b, np.float64))
    return np.append(h, 1).reshape(3, 3)


def view_matrix(rng, size, patch):
    """(3x3 output pixel -> input pixel map, crop rectangle x0, y0, x1, y1)."""
    if not patch:
        c = size * ROI_VIEW_CROP
        ox, oy = rng.random() * (size - c), rng.random() * (size - c)
        k = c / size
        return np.array([[k, 0, ox], [0, k, oy], [0, 0, 1]]), (ox, oy, ox + c, oy + c)
    p = size * PATCH_FRACTION
    cx, cy = rng.random() * (size - p), rng.random() * (size - p)
    d = DISTORTION * p / 2
    moved = [(d * rng.random(), d * rng.random()), (p - d * rng.random(), d * rng.random()),
             (p - d * rng.random(), p - d * rng.random()), (d * rng.random(), p - d * rng.random())]
    corners = [(0, 0), (p, 0), (p, p), (0, p)]
    persp = homography(moved, corners)
    flip = np.array([[-1, 0, p], [0, 1, 0], [0, 0, 1]]) if rng.random() < FLIP_P else np.eye(3)
    k = p / size
    scale = np.array([[k, 0, 0], [0, k, 0], [0, 0, 1]])
    shift = np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1]])
    return shift @ persp @ flip @ scale, (cx, cy, cx + p, cy + p)


def loss_view(u8, rng, patch_share=0.6):
    """uint8 [S,S,3] scene -> uint8 [S,S,3]: its ROI view or (with probability patch_share)
    one of its patches."""
    s = u8.shape[0]
    m, (x0, y0, x1, y1) = view_matrix(rng, s, rng.random() < patch_share)
    # Cut the crop first (pixels outside it read white, as outside the loss's valid
    # rectangle), then map output pixels into the crop's own coordinates.
    ix0, iy0 = int(np.floor(x0)), int(np.floor(y0))
    crop = Image.fromarray(u8).crop((ix0, iy0, int(np.ceil(x1)), int(np.ceil(y1))))
    m = np.array([[1, 0, -ix0], [0, 1, -iy0], [0, 0, 1]]) @ m
    # PIL samples output pixel centres (u + 0.5, v + 0.5) -> input (x, y) with the same
    # centre convention; the map is m, normalised so that its last entry is 1.
    m = m / m[2, 2]
    coeffs = tuple(m.ravel()[:8])
    out = crop.transform((s, s), Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=(255, 255, 255))
    return np.asarray(out)
