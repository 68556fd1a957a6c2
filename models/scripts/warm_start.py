"""Starts a Clip (clip_torch.py) from an exported model folder (transformers.js layout,
fused style, same widths): a run on a busy shared CPU gets further from the previous
shipped model than from random weights. Named initializers load by name; the Linear
weights torch.onnx stored transposed under generated names ('onnx::MatMul_N') are found
through the MatMul node that reads them, whose name holds the module path
('/layers.0/self_attn/q_proj/MatMul'). Token embeddings are copied per token string
(the tokenizers differ: both are learned from their own caption corpus); new tokens keep
their random start.
"""
import json
import re
import numpy as np
import onnx
import torch
from onnx import numpy_helper


def _tower_state(path):
    m = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    state = {k: v for k, v in inits.items() if not k.startswith('onnx::')}
    for node in m.graph.node:
        if node.op_type != 'MatMul':
            continue
        weight = next((x for x in node.input if x.startswith('onnx::') and x in inits), None)
        if weight is None:
            continue
        scope = re.sub(r'/MatMul(_\d+)?$', '', node.name).strip('/').replace('/', '.')
        if scope:
            state[f'{scope}.weight'] = inits[weight].T
    return state


def warm_start(model, folder, bpe):
    """Copies what fits from folder's ONNX towers into model; returns (loaded, skipped) names."""
    loaded, skipped = [], []
    for tower, module in (('vision_model.onnx', model.vision), ('text_model.onnx', model.text)):
        src = _tower_state(f'{folder}/{tower}')
        own = module.state_dict()
        for name, value in src.items():
            if name == 'token_embedding.weight':
                with open(f'{folder}/tokenizer.json') as f:
                    old_vocab = json.load(f)['model']['vocab']
                new = own[name].clone()
                hits = 0
                for tok, i in bpe.ids.items():
                    j = old_vocab.get(tok)
                    if j is not None and j < value.shape[0]:
                        new[i] = torch.from_numpy(np.array(value[j]))
                        hits += 1
                own[name] = new
                loaded.append(f'{name} ({hits}/{len(bpe.ids)} tokens)')
            elif name in own and tuple(own[name].shape) == tuple(value.shape):
                own[name] = torch.from_numpy(np.array(value)).to(own[name].dtype)
                loaded.append(name)
            else:
                skipped.append(name)
        module.load_state_dict(own)
    return loaded, skipped
