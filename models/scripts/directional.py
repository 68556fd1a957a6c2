"""The CLIPVG loss itself as a training term (issue 11): contrastive training teaches the
model which caption fits an image, but the edit loop follows the *direction* of the image
embedding's change, ΔI = I(edited)/|I(edited)| − I(source)/|I(source)|, towards
ΔT = T(prompt) − T("A photo"). A model with decent zero-shot accuracy can still have
directions that disagree: the first trained shapes-clip turned blue circles light blue
for "a red circle" and a green icon grey for "a red icon".

So a share of each batch is paired with a recoloured copy of its scene: the icon's pixels
(not white, as the semantics benchmark counts them) moved part of the way towards a colour
of a random basic-colour name, then both seen through the *same* loss view. The term is
1 − cos(ΔI, ΔT) with ΔT = T("a NAME icon") − T("a photo"), each the normalised mean of a
few template-wrapped prompts (the engine averages all 79).
"""
import numpy as np
import torch
import torch.nn.functional as F

from icon_scenes import NAMES, sample_colour
from loss_views import loss_view

NON_WHITE_BELOW = 247  # test/bench/semantics-measure.ts
REFERENCE = 'a photo'  # the engine's "A photo" (the tokenizer lowercases)


def recoloured(u8, rng):
    """(uint8 copy of u8 with its non-white pixels moved a random part of the way towards a
    colour named NAMES[k], k)."""
    k = int(rng.integers(len(NAMES)))
    target = np.array(sample_colour(rng, NAMES[k]), dtype=np.float32)
    alpha = rng.uniform(0.15, 1.0)
    x = u8.astype(np.float32)
    icon = (u8.min(-1) < NON_WHITE_BELOW)[..., None]
    out = np.where(icon, x + alpha * (target - x), x)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8), k


def paired_views(u8, rng):
    """(view of the scene, the same view of a recoloured copy, colour index)."""
    edited, k = recoloured(u8, rng)
    seed = int(rng.integers(2**63 - 1))
    return loss_view(u8, np.random.default_rng(seed)), loss_view(edited, np.random.default_rng(seed)), k


def colour_directions(encode, templates, rng, n_templates=8):
    """[len(NAMES), D] ΔT per colour name, through `encode(texts) -> normalised [N, D]`."""
    picks = [templates[i] for i in rng.choice(len(templates), n_templates, replace=False)]

    def mean_prompt(p):
        return F.normalize(encode([t.replace('{}', p) for t in picks]).mean(0), dim=0)

    ref = mean_prompt(REFERENCE)
    return torch.stack([mean_prompt(f'a {n} icon') - ref for n in NAMES])


def directional_loss(src_emb, edited_emb, directions, colour_idx):
    """Mean of 1 − cos(ΔI, ΔT) over the pairs (raw image embeddings in, as the engine does)."""
    d_img = F.normalize(edited_emb, dim=-1) - F.normalize(src_emb, dim=-1)
    d_txt = directions[torch.as_tensor(colour_idx)]
    return (1 - F.cosine_similarity(d_img, d_txt, dim=-1)).mean()
