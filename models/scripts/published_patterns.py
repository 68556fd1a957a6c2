"""Emulations of the two tools that made the reduced files published beside the fp32 CLIP
exports (Xenova/clip-vit-base-patch32 onnx/*_fp16.onnx and onnx/*_quantized.onnx).
onnxruntime's Python package and onnxconverter-common are not installable here (Debian has
neither; the only network is apt and npm), so their output patterns are rebuilt with the
onnx package alone, following their source:

to_fp16: onnxconverter-common onnxconverter_common/float16.py, convert_float_to_float16(
  keep_io_types=True) (github.com/microsoft/onnxconverter-common, read at commit 28b00d4):
  - process_graph_input: a Cast(to=FLOAT16) after every float32 graph input, one per
    consumer, named <input>_cast_to_<consumer>;
  - process_tensor_in_node / process_initializers: float32 tensors (initializers and node
    attributes such as Constant's value) become float16, values clamped to
    [min_positive_val=1e-7, max_finite_val=1e4] in magnitude (so -inf becomes -1e4);
  - process_value_info: float32 value_info becomes float16;
  - process_node_in_block_list: ops in DEFAULT_OP_BLOCK_LIST (Range, Min, Max, CumSum,
    Resize, TopK, ...) get Cast(to=FLOAT) before their float16 inputs and Cast(to=FLOAT16)
    after their outputs;
  - process_graph_output: a Cast(to=FLOAT) before every float32 graph output (io types kept).
  One addition: an existing Cast(to=FLOAT) (e.g. an int64 -> float mask) is retargeted to
  FLOAT16, which keeps the graph type-correct (the converter leaves it and relies on ORT).

to_int8: onnxruntime onnxruntime/python/tools/quantization quantize_dynamic(per_channel=True,
  reduce_range=True, weight_type=QUInt8 if the model has a Conv else QInt8,
  extra_options={'MatMulConstBOnly': True}) as transformers.js's scripts/quantize.py calls it
  (operators/matmul.py MatMulInteger, operators/conv.py ConvInteger, operators/gather.py
  GatherQuant; quant_utils.quantize_data):
  - MatMul with a constant 2-D B: DynamicQuantizeLinear(A) -> (A_q, A_scale, A_zp), one per
    activation tensor; B quantized per column (axis 1) with reduce_range (QUInt8 [0,127],
    QInt8 [-64,64] symmetric); MatMulInteger(A_q, B_q, A_zp, B_zp) -> Cast(to=FLOAT) ->
    Mul(., Mul(A_scale, B_scale)) -> the MatMul's output;
  - Conv: the same with ConvInteger, weight quantized per tensor over the full range
    (quantize_inputs without op_level_per_channel nor reduce_range);
  - Gather of a constant table: table quantized per tensor, Gather(table_q, ids) ->
    DequantizeLinear(., scale, zp) -> the Gather's output.
  Non-constant MatMuls (attention scores) and Gemm stay float32, as in quantize_dynamic.
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper, shape_inference

FP16_MIN_POSITIVE = 1e-7
FP16_MAX_FINITE = 1e4
FP16_BLOCK_LIST = {
    'ArrayFeatureExtractor', 'Binarizer', 'CastMap', 'CategoryMapper', 'DictVectorizer', 'FeatureVectorizer',
    'Imputer', 'LabelEncoder', 'LinearClassifier', 'LinearRegressor', 'Normalizer', 'OneHotEncoder',
    'RandomUniformLike', 'SVMClassifier', 'SVMRegressor', 'Scaler', 'TreeEnsembleClassifier',
    'TreeEnsembleRegressor', 'ZipMap', 'NonMaxSuppression', 'TopK', 'RoiAlign', 'Resize', 'Range', 'CumSum',
    'Min', 'Max', 'Upsample',
}


def _fp16_array(a):
    a = np.asarray(a, dtype=np.float32)
    # float16.py convert_np_to_float16: clamp tiny magnitudes to +-min_positive_val, big ones to +-max_finite_val
    out = a.copy()
    small = (np.abs(a) < FP16_MIN_POSITIVE) & (a != 0)
    out[small] = np.sign(a[small]) * FP16_MIN_POSITIVE
    big = np.abs(a) > FP16_MAX_FINITE
    out[big] = np.sign(a[big]) * FP16_MAX_FINITE
    return out.astype(np.float16)


def _to_fp16_tensor(t):
    arr = numpy_helper.to_array(t)
    new = numpy_helper.from_array(_fp16_array(arr), t.name)
    t.CopyFrom(new)


def to_fp16(model):
    model = shape_inference.infer_shapes(model)
    g = model.graph
    blocked_inputs = set()
    blocked_outputs = set()
    for n in g.node:
        if n.op_type in FP16_BLOCK_LIST:
            blocked_inputs.update(n.input)
            blocked_outputs.update(n.output)
    new_nodes = []
    # graph inputs: Cast to fp16 per consumer
    for gi in g.input:
        if gi.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        for n in [n for n in g.node if gi.name in n.input]:
            cast_out = f'{gi.name}_cast_to_{n.name}'
            new_nodes.append(helper.make_node('Cast', [gi.name], [cast_out], name=cast_out, to=TensorProto.FLOAT16))
            for i, x in enumerate(n.input):
                if x == gi.name:
                    n.input[i] = cast_out
    # node attributes (Constant values, ConstantOfShape values) and existing Casts to float
    for n in g.node:
        if n.op_type in FP16_BLOCK_LIST:
            continue
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR and a.t.data_type == TensorProto.FLOAT:
                _to_fp16_tensor(a.t)
            if n.op_type == 'Cast' and a.name == 'to' and a.i == TensorProto.FLOAT:
                a.i = TensorProto.FLOAT16
    for vi in g.value_info:
        if vi.type.tensor_type.elem_type == TensorProto.FLOAT and vi.name not in blocked_outputs:
            vi.type.tensor_type.elem_type = TensorProto.FLOAT16
    # blocked ops: compute in fp32 between casts
    for n in list(g.node):
        if n.op_type not in FP16_BLOCK_LIST:
            continue
        types = {vi.name: vi.type.tensor_type.elem_type for vi in list(g.value_info) + list(g.input)}
        for i, x in enumerate(n.input):
            if types.get(x) == TensorProto.FLOAT16:
                c = f'{n.name}_input_cast_{i}'
                new_nodes.append(helper.make_node('Cast', [x], [c], name=f'{n.name}_input_cast{i}', to=TensorProto.FLOAT))
                n.input[i] = c
        for i, y in enumerate(n.output):
            vi = next((v for v in g.value_info if v.name == y), None)
            if vi is not None and vi.type.tensor_type.elem_type == TensorProto.FLOAT:
                c = f'{n.name}_output_cast_{i}'
                vi.type.tensor_type.elem_type = TensorProto.FLOAT16
                new_nodes.append(helper.make_node('Cast', [c], [y], name=f'{n.name}_output_cast{i}', to=TensorProto.FLOAT16))
                n.output[i] = c
    for t in g.initializer:
        if t.data_type == TensorProto.FLOAT and t.name not in blocked_inputs:
            _to_fp16_tensor(t)
    # graph outputs: Cast back to fp32 (keep_io_types)
    for go in g.output:
        if go.type.tensor_type.elem_type != TensorProto.FLOAT:
            continue
        for n in [n for n in g.node if go.name in n.output]:
            c = f'{n.name}_cast_to_{go.name}'
            new_nodes.append(helper.make_node('Cast', [c], [go.name], name=c, to=TensorProto.FLOAT))
            for i, y in enumerate(n.output):
                if y == go.name:
                    n.output[i] = c
    g.node.extend(new_nodes)
    _topological_sort(g)
    del g.value_info[:]
    onnx.checker.check_model(model)
    return model


def _topological_sort(g):
    produced = {x.name for x in g.input} | {t.name for t in g.initializer} | {''}
    pending = list(g.node)
    ordered = []
    while pending:
        rest = []
        for n in pending:
            if all(x in produced for x in n.input):
                ordered.append(n)
                produced.update(n.output)
            else:
                rest.append(n)
        if len(rest) == len(pending):
            raise ValueError('graph has a cycle or a missing input: ' + ', '.join(n.name for n in rest[:5]))
        pending = rest
    del g.node[:]
    g.node.extend(ordered)


# ---- dynamic quantization (quant_utils.quantize_data) ----

def _qrange(qtype, reduce_range, symmetric):
    if qtype == TensorProto.UINT8:
        return (0, 127) if reduce_range else (0, 255)
    if reduce_range:
        return (-64, 64)
    return (-127, 127) if symmetric else (-128, 127)


def _quantize(data, qtype, reduce_range):
    """quant_utils.quantize_data: QInt8 weights symmetric, QUInt8 asymmetric; range includes 0."""
    symmetric = qtype == TensorProto.INT8
    qmin, qmax = _qrange(qtype, reduce_range, symmetric)
    rmin = min(float(data.min()), 0.0)
    rmax = max(float(data.max()), 0.0)
    if symmetric:
        absmax = max(abs(rmin), abs(rmax))
        rmin, rmax = -absmax, absmax
    scale = (rmax - rmin) / float(qmax - qmin) if rmax > rmin else 1.0
    zp = 0 if symmetric else int(round(qmin - rmin / scale))
    q = np.clip(np.round(data / scale) + zp, qmin, qmax)
    dtype = np.uint8 if qtype == TensorProto.UINT8 else np.int8
    return q.astype(dtype), np.float32(scale), dtype(zp)


def to_int8(model):
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    qtype = TensorProto.UINT8 if any(n.op_type == 'Conv' for n in g.node) else TensorProto.INT8
    out_nodes, new_inits, dql = [], [], {}

    def activation(name):
        if name not in dql:
            outs = [f'{name}_quantized', f'{name}_scale', f'{name}_zero_point']
            out_nodes.append(helper.make_node('DynamicQuantizeLinear', [name], outs, name=f'{name}_QuantizeLinear'))
            dql[name] = outs
        return dql[name]

    def integer_op(n, op, w_q, w_scale, w_zp, attrs):
        a_q, a_scale, a_zp = activation(n.input[0])
        qname = n.name + '_quant'
        q_out = n.output[0] + '_output_quantized'
        out_nodes.append(helper.make_node(op, [a_q, w_q, a_zp, w_zp], [q_out], name=qname, **attrs))
        cast_out = q_out + '_cast_output'
        out_nodes.append(helper.make_node('Cast', [q_out], [cast_out], name=q_out + '_cast', to=TensorProto.FLOAT))
        scales = qname + '_scales_mul:0'
        out_nodes.append(helper.make_node('Mul', [a_scale, w_scale], [scales], name=qname + '_scales_mul'))
        out_nodes.append(helper.make_node('Mul', [cast_out, scales], [n.output[0]], name=qname + '_output_scale_mul'))

    for n in g.node:
        w = inits.get(n.input[1]) if len(n.input) > 1 else None
        if n.op_type == 'MatMul' and w is not None and len(w.dims) == 2:
            data = numpy_helper.to_array(w)
            cols = [_quantize(data[:, j], qtype, True) for j in range(data.shape[1])]
            q = np.stack([c[0] for c in cols], axis=1)
            scale = np.array([c[1] for c in cols], dtype=np.float32)
            zp = np.array([c[2] for c in cols], dtype=q.dtype)
            names = (w.name + '_quantized', w.name + '_scale', w.name + '_zero_point')
            new_inits += [numpy_helper.from_array(q, names[0]), numpy_helper.from_array(scale, names[1]), numpy_helper.from_array(zp, names[2])]
            integer_op(n, 'MatMulInteger', *names, {})
        elif n.op_type == 'Conv' and w is not None and len(n.input) == 2:
            q, scale, zp = _quantize(numpy_helper.to_array(w), qtype, False)
            names = (w.name + '_quantized', w.name + '_scale', w.name + '_zero_point')
            new_inits += [numpy_helper.from_array(q, names[0]), numpy_helper.from_array(np.array(scale), names[1]), numpy_helper.from_array(np.array(zp), names[2])]
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            integer_op(n, 'ConvInteger', *names, attrs)
        elif n.op_type == 'Gather' and n.input[0] in inits and inits[n.input[0]].data_type == TensorProto.FLOAT:
            t = inits[n.input[0]]
            q, scale, zp = _quantize(numpy_helper.to_array(t), qtype, False)
            names = (t.name + '_quantized', t.name + '_scale', t.name + '_zero_point')
            new_inits += [numpy_helper.from_array(q, names[0]), numpy_helper.from_array(np.array(scale), names[1]), numpy_helper.from_array(np.array(zp), names[2])]
            g_out = n.output[0] + '_quantized'
            attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            out_nodes.append(helper.make_node('Gather', [names[0], n.input[1]], [g_out], name=n.name + '_quant', **attrs))
            out_nodes.append(helper.make_node('DequantizeLinear', [g_out, names[1], names[2]], [n.output[0]], name=n.output[0] + '_DequantizeLinear'))
        else:
            out_nodes.append(n)
    used = {x for n in out_nodes for x in n.input}
    kept = [t for t in g.initializer if t.name in used] + [t for t in new_inits if t.name in used]
    del g.node[:]
    g.node.extend(out_nodes)
    del g.initializer[:]
    g.initializer.extend(kept)
    del g.value_info[:]
    _topological_sort(g)
    # ai.onnx opset >= 10 has MatMulInteger/ConvInteger/DynamicQuantizeLinear (11)
    for o in model.opset_import:
        if o.domain in ('', 'ai.onnx') and o.version < 11:
            o.version = 11
    onnx.checker.check_model(model)
    return model


def op_list(model):
    counts = {}
    for n in model.graph.node:
        counts[n.op_type] = counts.get(n.op_type, 0) + 1
    return dict(sorted(counts.items()))
