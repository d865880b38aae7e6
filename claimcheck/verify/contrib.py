"""onnxruntime's contrib operators (domain com.microsoft), for the static counts in graph.py.

onnxruntime's optimiser and quantiser write them (FusedConv, FusedGemm, FusedMatMul, BiasGelu,
SkipLayerNormalization, Attention, QLinear*, …). They run onnxruntime's own kernels, not foreign
code, so a model holding them is profiled: each operator whose cost is defined below is counted,
every other one is listed as uncounted. onnx's shape inference does not know them, so the
weight-less inference copy replaces each with a standard stand-in of the same output shape
(FusedConv → Conv, BiasGelu → Add, …); onnxruntime's symbolic inference covers the attention ops.
"""
from __future__ import annotations

import math

DOMAIN = "com.microsoft"
# onnxruntime's own domains: loaded and run; counted where defined here, listed as uncounted else
ORT_DOMAINS = (DOMAIN, "com.microsoft.nchwc")

_CONV_ATTRS = ("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides")
_POOL_ATTRS = ("auto_pad", "ceil_mode", "count_include_pad", "kernel_shape", "pads", "strides")

# operators with multiply-accumulates, whose MACs cost() counts
MAC_OPS = {"FusedConv", "NhwcConv", "QLinearConv", "FusedGemm", "QGemm", "FusedMatMul",
           "MatMulIntegerToFloat", "DynamicQuantizeMatMul", "GemmFastGelu", "MatMulNBits",
           "Attention", "MultiHeadAttention"}
# one element operation per output element
ELEMENTWISE = {"BiasGelu", "FastGelu", "Gelu", "QuickGelu", "BiasAdd", "BiasDropout",
               "SkipLayerNormalization", "SkipSimplifiedLayerNormalization", "LayerNormalization",
               "SimplifiedLayerNormalization", "QuantizeLinear", "DequantizeLinear", "QLinearAdd",
               "QLinearMul", "QLinearSigmoid", "QLinearLeakyRelu", "QLinearSoftmax", "BiasSoftmax",
               "DynamicQuantizeLinear"}
READ_ONCE = {"QLinearGlobalAveragePool"}
WINDOWED = {"QLinearAveragePool"}
DATA_MOVEMENT = {"QLinearConcat", "ExpandDims", "Trilu", "Range"}
# indices of the integer weight inputs (int32 biases included), for the parameter count
QUANT_WEIGHT_SLOTS = {"QLinearConv": (3, 8), "QGemm": (3, 6), "MatMulIntegerToFloat": (1,),
                      "DynamicQuantizeMatMul": (1,)}


class Uncountable(Exception):
    """An operator whose cost is not defined here."""


def is_contrib(node) -> bool:
    return node.domain in ORT_DOMAINS


def bears_macs(node) -> bool:
    """Counted MAC operators, and every contrib operator whose cost is unknown (it may multiply)."""
    if node.domain != DOMAIN:
        return is_contrib(node)
    return node.op_type in MAC_OPS or not (node.op_type in ELEMENTWISE or node.op_type in READ_ONCE
                                           or node.op_type in WINDOWED or node.op_type in DATA_MOVEMENT)


# --- shape stand-ins ------------------------------------------------------------------------------

def stand_ins(node, make_node, extra_initializer, rank):
    """Standard nodes computing outputs of the same shapes as contrib `node` (for onnx's shape
    inference only), or None. `make_node(op, inputs, outputs, **attrs)` builds one;
    `extra_initializer(name, values)` adds an int64 constant to the copy; `rank(name)` is a
    tensor's rank where known before inference (weights, inputs), else None."""
    if node.domain != DOMAIN:
        return None
    op, i, o = node.op_type, list(node.input), list(node.output)
    attrs = {a.name: a for a in node.attribute}

    def keep(names):
        from onnx import helper

        return {n: helper.get_attribute_value(attrs[n]) for n in names if n in attrs}

    def identity(src: str, dst: str):
        return make_node("Identity", [src], [dst])

    if op == "FusedConv" or (op == "QLinearConv" and not _channels_last(attrs)):
        inputs = i[:3] if op == "FusedConv" else i[:9]
        return [make_node("Conv" if op == "FusedConv" else "QLinearConv", inputs, o[:1], **keep(_CONV_ATTRS))]
    if op in ("FusedGemm", "QGemm"):
        a, b = (i[0], i[1]) if op == "FusedGemm" else (i[0], i[3])
        return [make_node("Gemm", [a, b], o[:1], **keep(("transA", "transB")))]
    if op == "FusedMatMul":
        if _int(attrs, "transBatchA") or _int(attrs, "transBatchB"):
            return None
        # onnx's Einsum inference broadcasts '...' only between operands of one rank: a 2-D
        # operand (a weight) is written without it
        lhs = "ji" if _int(attrs, "transA") else "ij"
        rhs = "kj" if _int(attrs, "transB") else "jk"
        lhs, rhs = (("" if rank(name) == 2 else "...") + term for name, term in ((i[0], lhs), (i[1], rhs)))
        out = "...ik" if "..." in lhs + rhs else "ik"
        return [make_node("Einsum", i[:2], o[:1], equation=f"{lhs},{rhs}->{out}")]
    if op in ("MatMulIntegerToFloat", "DynamicQuantizeMatMul", "GemmFastGelu"):
        return [make_node("MatMul", i[:2], o[:1])]
    if op == "MatMulNBits" and "K" in attrs and "N" in attrs:
        shape = extra_initializer(f"{o[0]}__standin_shape", [attrs["K"].i, attrs["N"].i])
        weight = f"{o[0]}__standin_weight"
        return [make_node("ConstantOfShape", [shape], [weight]), make_node("MatMul", [i[0], weight], o[:1])]
    if op in ("BiasGelu", "QLinearAdd", "QLinearMul"):
        a, b = (i[0], i[1]) if op == "BiasGelu" else (i[0], i[3])
        return [make_node("Mul" if op == "QLinearMul" else "Add", [a, b], o[:1])]
    if op in ("FastGelu", "Gelu", "QuickGelu", "BiasAdd", "BiasDropout", "QLinearSigmoid",
              "QLinearLeakyRelu", "QLinearSoftmax", "LayerNormalization", "SimplifiedLayerNormalization",
              "BiasSoftmax"):
        return [identity(i[0], o[0])]
    if op in ("SkipLayerNormalization", "SkipSimplifiedLayerNormalization"):
        # output 0 and the input + skip (+ bias) sum (output 3) have the input's shape
        return [identity(i[0], name) for k, name in enumerate(o) if name and k in (0, 3)]
    if op in ("QuantizeLinear", "DequantizeLinear"):
        return [make_node(op, i[:3], o[:1], **keep(("axis",)))]
    if op == "QLinearGlobalAveragePool" and not _channels_last(attrs):
        return [make_node("GlobalAveragePool", i[:1], o[:1])]
    if op == "QLinearAveragePool" and not _channels_last(attrs):
        return [make_node("AveragePool", i[:1], o[:1], **keep(_POOL_ATTRS))]
    if op == "QLinearConcat":
        return [make_node("Concat", i[2::3], o[:1], **keep(("axis",)))]
    return None


def _int(attrs, name: str, default: int = 0) -> int:
    return attrs[name].i if name in attrs else default


def _channels_last(attrs) -> bool:
    return bool(_int(attrs, "channels_last"))


# --- cost -------------------------------------------------------------------------------------------

def cost(node, shape, out, has) -> tuple[int, int, int, str | None]:
    """(MACs, element ops, activations, weight tensor) of a contrib node; raises Uncountable when
    its cost is not defined here. `shape(i)`, `out(i)` raise when a shape is unknown."""
    op = node.op_type
    attrs = {a.name: a for a in node.attribute}
    if node.domain != DOMAIN:
        raise Uncountable
    if op in ("FusedConv", "NhwcConv", "QLinearConv"):
        w_idx = 3 if op == "QLinearConv" else 1
        w, y = shape(w_idx), out()
        macs = math.prod(y) * math.prod(w[1:])
        extra = (has(2) and op != "QLinearConv") + ("activation" in attrs) + has(3) * (op == "FusedConv")
        return macs, math.prod(y) * extra, math.prod(y), node.input[w_idx]
    if op in ("FusedGemm", "QGemm"):
        a_idx, b_idx, c_idx = (0, 1, 2) if op == "FusedGemm" else (0, 3, 6)
        a, y = shape(a_idx), out()
        k = a[0] if _int(attrs, "transA") else a[-1]
        extra = has(c_idx) + ("activation" in attrs)
        return math.prod(y) * k, math.prod(y) * extra, math.prod(y), node.input[b_idx]
    if op == "FusedMatMul":
        if _int(attrs, "transBatchA") or _int(attrs, "transBatchB"):
            raise Uncountable
        a, y = shape(0), out()
        k = a[-2] if _int(attrs, "transA") else a[-1]
        return math.prod(y) * k, 0, math.prod(y), node.input[1]
    if op in ("MatMulIntegerToFloat", "DynamicQuantizeMatMul", "GemmFastGelu"):
        a, y = shape(0), out()
        gelu = math.prod(y) * (1 + has(2)) if op == "GemmFastGelu" else 0
        return math.prod(y) * a[-1], gelu, math.prod(y), node.input[1]
    if op == "MatMulNBits":
        y = out()
        if "K" not in attrs:
            raise Uncountable
        return math.prod(y) * attrs["K"].i, 0, math.prod(y), None
    if op == "Attention":
        return _attention(node, attrs, shape, out, has)
    if op == "MultiHeadAttention":
        return _multi_head_attention(attrs, shape, out, has)
    if op in ELEMENTWISE:
        return 0, math.prod(out()), 0, None
    if op in READ_ONCE:
        return 0, math.prod(shape(0)), 0, None
    if op in WINDOWED:
        kernel = attrs["kernel_shape"].ints if "kernel_shape" in attrs else []
        return 0, math.prod(out()) * math.prod(kernel), 0, None
    if op in DATA_MOVEMENT:
        return 0, 0, 0, None
    raise Uncountable


def _attention(node, attrs, shape, out, has):
    """com.microsoft Attention: input [B, S, D], weights [D, Dq + Dk + Dv] (Q, K, V projections
    in one), then Q·Kᵀ and softmax·V over num_heads heads; past keys (input 4,
    [2, B, H, S_past, d]) lengthen the keys."""
    x, w = shape(0), shape(1)
    heads = attrs["num_heads"].i
    batch, seq = x[0], x[1]
    sizes = list(attrs["qkv_hidden_sizes"].ints) if "qkv_hidden_sizes" in attrs else [w[1] // 3] * 3
    q_hidden, _, v_hidden = sizes
    seq_kv = seq + (shape(4)[3] if has(4) else 0)
    projection = batch * seq * x[2] * w[1]
    scores = batch * heads * seq * seq_kv
    macs = projection + scores * (q_hidden // heads + v_hidden // heads)
    bias = batch * seq * w[1] if has(2) else 0
    return macs, bias + scores, batch * seq * w[1] + scores + math.prod(out()), node.input[1]


def _multi_head_attention(attrs, shape, out, has):
    """com.microsoft MultiHeadAttention: Q·Kᵀ and softmax·V only (the projections are MatMuls of
    their own). Query [B, S, D]; key/value [B, L, D] or [B, H, L, d]; packed QKV query
    [B, S, H, 3, d] when key is absent."""
    heads = attrs["num_heads"].i
    q = shape(0)
    if len(q) == 5:  # packed [B, S, H, 3, d]
        batch, seq, _, _, head = q
        seq_kv, v_head = seq, head
    elif len(q) == 3 and has(1) and has(2):
        batch, seq, head = q[0], q[1], q[2] // heads
        k, v = shape(1), shape(2)
        seq_kv = k[1] if len(k) == 3 else k[2]
        v_head = v[2] // heads if len(v) == 3 else v[3]
    else:
        raise Uncountable
    scores = batch * heads * seq * seq_kv
    return scores * (head + v_head), scores, scores + math.prod(out()), None
