"""A minimal CLIP (vision + text towers) with the module structure of Hugging Face's
CLIPVisionModelWithProjection / CLIPTextModelWithProjection, so that its ONNX export has
the same inputs, outputs and op pattern as the transformers.js exports
(Xenova/clip-vit-base-patch32: vision_model.onnx, text_model.onnx).

transformers is not installed here, hence this re-implementation. Two op styles:
  fused:       nn.LayerNorm (-> LayerNormalization at opset 17), exact GELU (-> Erf)
  decomposed:  hand-written LayerNorm (ReduceMean, Sub, Pow, Sqrt, Div), QuickGELU
               (x * sigmoid(1.702 x)), exported at opset 14 like OpenAI's ViT-B/32
"""
from dataclasses import dataclass, asdict
import math
import torch
import torch.nn as nn


@dataclass
class ClipConfig:
    image_size: int = 224
    patch_size: int = 32
    vision_width: int = 48
    vision_layers: int = 2
    vision_heads: int = 4
    vision_mlp: int = 96
    vocab_size: int = 1000
    context_length: int = 77
    text_width: int = 48
    text_layers: int = 2
    text_heads: int = 4
    text_mlp: int = 96
    embed_dim: int = 32
    style: str = 'fused'  # or 'decomposed'
    layer_norm_eps: float = 1e-5
    # 'triu': full(-inf).triu(1) (needs opset 14); 'hf': transformers' _make_causal_mask
    # (full(finfo.min) + masked_fill from arange comparisons), exportable at opset 11
    causal_mask: str = 'triu'

    def to_dict(self):
        return asdict(self)


class DecomposedLayerNorm(nn.Module):
    """LayerNorm written out so the exporter emits ReduceMean/Sub/Pow/Sqrt/Div."""

    def __init__(self, width, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.bias = nn.Parameter(torch.zeros(width))
        self.eps = eps

    def forward(self, x):
        mean = x.mean(-1, keepdim=True)
        centred = x - mean
        var = centred.pow(2).mean(-1, keepdim=True)
        return centred / torch.sqrt(var + self.eps) * self.weight + self.bias


class QuickGelu(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ExactGelu(nn.Module):
    def forward(self, x):
        return nn.functional.gelu(x)


def make_norm(cfg, width):
    if cfg.style == 'fused':
        return nn.LayerNorm(width, eps=cfg.layer_norm_eps)
    return DecomposedLayerNorm(width, cfg.layer_norm_eps)


class Attention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.head_dim = width // heads
        self.scale = self.head_dim ** -0.5
        self.q_proj = nn.Linear(width, width)
        self.k_proj = nn.Linear(width, width)
        self.v_proj = nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)

    def split(self, x, b, t):
        return x.reshape(b, t, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x, mask=None):
        b, t, w = x.shape
        q = self.split(self.q_proj(x) * self.scale, b, t)
        k = self.split(self.k_proj(x), b, t)
        v = self.split(self.v_proj(x), b, t)
        scores = torch.matmul(q, k.transpose(-1, -2))
        if mask is not None:
            scores = scores + mask
        probs = torch.softmax(scores, dim=-1)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, w)
        return self.out_proj(out)


class EncoderLayer(nn.Module):
    def __init__(self, cfg, width, heads, mlp):
        super().__init__()
        self.layer_norm1 = make_norm(cfg, width)
        self.self_attn = Attention(width, heads)
        self.layer_norm2 = make_norm(cfg, width)
        self.fc1 = nn.Linear(width, mlp)
        self.act = ExactGelu() if cfg.style == 'fused' else QuickGelu()
        self.fc2 = nn.Linear(mlp, width)

    def forward(self, x, mask=None):
        x = x + self.self_attn(self.layer_norm1(x), mask)
        return x + self.fc2(self.act(self.fc1(self.layer_norm2(x))))


class VisionTower(nn.Module):
    """pixel_values [B,3,224,224] -> (image_embeds [B,D], last_hidden_state [B,1+G*G,W])."""

    def __init__(self, cfg):
        super().__init__()
        w = cfg.vision_width
        grid = cfg.image_size // cfg.patch_size
        self.patch_embedding = nn.Conv2d(3, w, kernel_size=cfg.patch_size, stride=cfg.patch_size, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(w) * w ** -0.5)
        self.position_embedding = nn.Parameter(torch.randn(grid * grid + 1, w) * 0.02)
        self.pre_layrnorm = make_norm(cfg, w)
        self.layers = nn.ModuleList([EncoderLayer(cfg, w, cfg.vision_heads, cfg.vision_mlp) for _ in range(cfg.vision_layers)])
        self.post_layernorm = make_norm(cfg, w)
        self.visual_projection = nn.Linear(w, cfg.embed_dim, bias=False)

    def forward(self, pixel_values):
        b = pixel_values.shape[0]
        patches = self.patch_embedding(pixel_values).flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(b, 1, -1)
        x = torch.cat([cls, patches], dim=1) + self.position_embedding
        x = self.pre_layrnorm(x)
        for layer in self.layers:
            x = layer(x)
        pooled = self.post_layernorm(x[:, 0, :])
        return self.visual_projection(pooled), x


class TextTower(nn.Module):
    """input_ids int64 [B,T] -> (text_embeds [B,D], last_hidden_state [B,T,W]).
    Pools at argmax(input_ids) like HF CLIP: the end token must have the largest id."""

    def __init__(self, cfg):
        super().__init__()
        w = cfg.text_width
        self.token_embedding = nn.Embedding(cfg.vocab_size, w)
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        self.position_embedding = nn.Parameter(torch.randn(cfg.context_length, w) * 0.01)
        self.layers = nn.ModuleList([EncoderLayer(cfg, w, cfg.text_heads, cfg.text_mlp) for _ in range(cfg.text_layers)])
        self.final_layer_norm = make_norm(cfg, w)
        self.text_projection = nn.Linear(w, cfg.embed_dim, bias=False)
        self.causal_mask = cfg.causal_mask

    def forward(self, input_ids):
        b, t = input_ids.shape
        x = self.token_embedding(input_ids) + self.position_embedding[:t]
        if self.causal_mask == 'hf':
            mask = torch.full((t, t), torch.finfo(x.dtype).min)
            cond = torch.arange(t)
            mask = mask.masked_fill(cond < (cond + 1).view(t, 1), 0.0)
        else:
            mask = torch.full((t, t), float('-inf')).triu(1)
        for layer in self.layers:
            x = layer(x, mask)
        x = self.final_layer_norm(x)
        pooled = x[torch.arange(b), input_ids.argmax(dim=-1)]
        return self.text_projection(pooled), x


class Clip(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.vision = VisionTower(cfg)
        self.text = TextTower(cfg)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))


def opset_for(cfg):
    return 17 if cfg.style == 'fused' else 14


def export_onnx(model, out_dir, cfg, opset=None):
    """Writes vision_model.onnx and text_model.onnx with the transformers.js names."""
    import os
    model.eval()
    opset = opset or opset_for(cfg)
    pix = torch.zeros(1, 3, cfg.image_size, cfg.image_size)
    torch.onnx.export(
        model.vision, (pix,), os.path.join(out_dir, 'vision_model.onnx'),
        input_names=['pixel_values'], output_names=['image_embeds', 'last_hidden_state'],
        dynamic_axes={'pixel_values': {0: 'batch_size'}, 'image_embeds': {0: 'batch_size'},
                      'last_hidden_state': {0: 'batch_size'}},
        opset_version=opset, do_constant_folding=True)
    ids = torch.zeros(1, 8, dtype=torch.int64)
    ids[0, -1] = cfg.vocab_size - 1
    torch.onnx.export(
        model.text, (ids,), os.path.join(out_dir, 'text_model.onnx'),
        input_names=['input_ids'], output_names=['text_embeds', 'last_hidden_state'],
        dynamic_axes={'input_ids': {0: 'batch_size', 1: 'sequence_length'}, 'text_embeds': {0: 'batch_size'},
                      'last_hidden_state': {0: 'batch_size', 1: 'sequence_length'}},
        opset_version=opset, do_constant_folding=True)
