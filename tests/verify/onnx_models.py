"""ONNX models built with onnx.helper + numpy, for the verifier's tests and benchmarks.

Nothing here is committed as a model file: each builder returns a ModelProto (save it to a
temporary folder). The graphs follow what exporters produce (bias as a separate Add, attention
as MatMul/Softmax/MatMul, BatchNormalization after bias-free Conv, int64 shape constants), so
that the counts the tests derive by hand are the counts of realistic graphs.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17


class GraphBuilder:
    """Collects nodes and initializers; names every tensor uniquely."""

    def __init__(self, seed: int = 0, weight_scale: float = 0.02):
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: dict[str, onnx.TensorProto] = {}
        self.rng = np.random.default_rng(seed)
        self.scale = weight_scale
        self._n = 0

    def name(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}_{self._n}"

    def weight(self, name: str, shape, fill: str = "random") -> str:
        """A float32 initializer; reusing a name reuses the tensor (weight sharing)."""
        if name not in self.initializers:
            if fill == "ones":
                arr = np.ones(shape, np.float32)
            elif fill == "zeros":
                arr = np.zeros(shape, np.float32)
            else:
                arr = (self.rng.standard_normal(shape, dtype=np.float32) * self.scale)
            self.initializers[name] = numpy_helper.from_array(arr, name)
        return name

    def const(self, values, dtype=np.int64) -> str:
        """A small constant (shape, index, scalar) as an initializer: not a parameter."""
        name = self.name("const")
        self.initializers[name] = numpy_helper.from_array(np.asarray(values, dtype=dtype), name)
        return name

    def op(self, op_type: str, inputs: list[str], n_out: int = 1, **attrs) -> str | list[str]:
        outs = [self.name(op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=self.name(op_type), **attrs))
        return outs[0] if n_out == 1 else outs

    def model(self, inputs, outputs, opset: int = OPSET) -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, "g", inputs, outputs, list(self.initializers.values()))
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                                  producer_name="claimcheck-tests")
        model.ir_version = 8
        return model


def _float_input(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


# --- Vision Transformer --------------------------------------------------------------------

def _layer_norm(b: GraphBuilder, x: str, dim: int, prefix: str) -> str:
    return b.op("LayerNormalization", [x, b.weight(f"{prefix}.scale", [dim], "ones"),
                                       b.weight(f"{prefix}.bias", [dim], "zeros")],
                axis=-1, epsilon=1e-6)


def _linear(b: GraphBuilder, x: str, d_in: int, d_out: int, prefix: str) -> str:
    y = b.op("MatMul", [x, b.weight(f"{prefix}.weight", [d_in, d_out])])
    return b.op("Add", [y, b.weight(f"{prefix}.bias", [d_out], "zeros")])


def _gelu(b: GraphBuilder, x: str) -> str:
    erf = b.op("Erf", [b.op("Div", [x, b.const(np.sqrt(2.0), np.float32)])])
    return b.op("Mul", [b.op("Mul", [x, b.op("Add", [erf, b.const(1.0, np.float32)])]),
                        b.const(0.5, np.float32)])


def _encoder_layer(b: GraphBuilder, x: str, dim: int, heads: int, mlp: int, prefix: str) -> str:
    head_dim = dim // heads
    h = _layer_norm(b, x, dim, f"{prefix}.ln1")
    qkv = _linear(b, h, dim, 3 * dim, f"{prefix}.qkv")
    qkv = b.op("Reshape", [qkv, b.const([0, 0, 3, heads, head_dim])])
    qkv = b.op("Transpose", [qkv], perm=[2, 0, 3, 1, 4])  # [3, B, H, T, dh]
    q, k, v = (b.op("Gather", [qkv, b.const(i)], axis=0) for i in range(3))
    scores = b.op("MatMul", [q, b.op("Transpose", [k], perm=[0, 1, 3, 2])])  # [B, H, T, T]
    scores = b.op("Mul", [scores, b.const(head_dim ** -0.5, np.float32)])
    ctx = b.op("MatMul", [b.op("Softmax", [scores], axis=-1), v])  # [B, H, T, dh]
    ctx = b.op("Reshape", [b.op("Transpose", [ctx], perm=[0, 2, 1, 3]), b.const([0, 0, dim])])
    x = b.op("Add", [x, _linear(b, ctx, dim, dim, f"{prefix}.proj")])
    h = _layer_norm(b, x, dim, f"{prefix}.ln2")
    h = _linear(b, _gelu(b, _linear(b, h, dim, mlp, f"{prefix}.fc1")), mlp, dim, f"{prefix}.fc2")
    return b.op("Add", [x, h])


def vit(image: int = 224, patch: int = 16, dim: int = 768, depth: int = 12, heads: int = 12,
        mlp: int = 3072, classes: int = 1000, channels: int = 3, shared: bool = False,
        batch: int | str = "batch", seed: int = 0) -> onnx.ModelProto:
    """ViT as in Dosovitskiy et al. (class token, learned position embedding, pre-norm).

    `shared=True` reuses the first layer's weights in every layer (Universal Transformer).
    """
    b = GraphBuilder(seed)
    x = b.op("Conv", ["pixels", b.weight("patch.weight", [dim, channels, patch, patch]),
                      b.weight("patch.bias", [dim], "zeros")],
             kernel_shape=[patch, patch], strides=[patch, patch])
    x = b.op("Transpose", [b.op("Reshape", [x, b.const([0, dim, -1])])], perm=[0, 2, 1])
    batch_dim = b.op("Slice", [b.op("Shape", [x]), b.const([0]), b.const([1])])
    cls = b.op("Expand", [b.weight("cls_token", [1, 1, dim]),
                          b.op("Concat", [batch_dim, b.const([1, dim])], axis=0)])
    x = b.op("Concat", [cls, x], axis=1)
    tokens = (image // patch) ** 2 + 1
    x = b.op("Add", [x, b.weight("pos_embed", [1, tokens, dim])])
    for layer in range(depth):
        x = _encoder_layer(b, x, dim, heads, mlp, "layer0" if shared else f"layer{layer}")
    x = _layer_norm(b, x, dim, "ln_final")
    x = b.op("Gather", [x, b.const(0)], axis=1)  # the class token: [B, D]
    b.op("Gemm", [x, b.weight("head.weight", [dim, classes]),
                  b.weight("head.bias", [classes], "zeros")])
    b.nodes[-1].output[0] = "logits"
    return b.model([_float_input("pixels", [batch, channels, image, image])],
                   [_float_input("logits", [batch, classes])])


def vit_counts(image=224, patch=16, dim=768, depth=12, heads=12, mlp=3072, classes=1000,
               channels=3, shared=False) -> dict:
    """Hand-derived parameters and matmul/conv MACs of `vit(...)` at batch 1."""
    tokens = (image // patch) ** 2 + 1
    layer_params = 2 * dim + dim * 3 * dim + 3 * dim + dim * dim + dim + 2 * dim \
        + dim * mlp + mlp + mlp * dim + dim
    params = (dim * channels * patch * patch + dim + dim + tokens * dim
              + layer_params * (1 if shared else depth) + 2 * dim + dim * classes + classes)
    layer_macs = tokens * dim * (3 * dim + dim + 2 * mlp) + 2 * tokens * tokens * dim
    macs = (tokens - 1) * dim * channels * patch * patch + depth * layer_macs + dim * classes
    return {"params": params, "macs": macs, "layer_params": layer_params}


# --- ResNet -------------------------------------------------------------------------------

def _conv_bn(b: GraphBuilder, x: str, c_in: int, c_out: int, k: int, stride: int, prefix: str,
             relu: bool = True) -> str:
    y = b.op("Conv", [x, b.weight(f"{prefix}.conv", [c_out, c_in, k, k])], kernel_shape=[k, k],
             strides=[stride, stride], pads=[k // 2] * 4)
    y = b.op("BatchNormalization", [y, b.weight(f"{prefix}.bn.scale", [c_out], "ones"),
                                    b.weight(f"{prefix}.bn.bias", [c_out], "zeros"),
                                    b.weight(f"{prefix}.bn.mean", [c_out], "zeros"),
                                    b.weight(f"{prefix}.bn.var", [c_out], "ones")])
    return b.op("Relu", [y]) if relu else y


def resnet(blocks=(3, 4, 6, 3), widths=(64, 128, 256, 512), image: int = 224, classes: int = 1000,
           stem: int = 64, batch: int | str = "batch", seed: int = 0) -> onnx.ModelProto:
    """Bottleneck ResNet (torchvision v1.5: stride on the 3x3 conv); ResNet-50 by default."""
    b = GraphBuilder(seed)
    x = _conv_bn(b, "image", 3, stem, 7, 2, "stem")
    x = b.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    c_in = stem
    for stage, (n, width) in enumerate(zip(blocks, widths)):
        for i in range(n):
            stride = 2 if i == 0 and stage > 0 else 1
            p = f"s{stage}b{i}"
            y = _conv_bn(b, x, c_in, width, 1, 1, f"{p}.c1")
            y = _conv_bn(b, y, width, width, 3, stride, f"{p}.c2")
            y = _conv_bn(b, y, width, 4 * width, 1, 1, f"{p}.c3", relu=False)
            if i == 0:
                x = _conv_bn(b, x, c_in, 4 * width, 1, stride, f"{p}.down", relu=False)
            x = b.op("Relu", [b.op("Add", [x, y])])
            c_in = 4 * width
    x = b.op("Flatten", [b.op("GlobalAveragePool", [x])], axis=1)
    b.op("Gemm", [x, b.weight("fc.weight", [classes, c_in]), b.weight("fc.bias", [classes], "zeros")],
         transB=1)
    b.nodes[-1].output[0] = "logits"
    return b.model([_float_input("image", [batch, 3, image, image])],
                   [_float_input("logits", [batch, classes])])


# --- MoE-style routing --------------------------------------------------------------------

def moe(tokens: int = 8, dim: int = 16, hidden: int = 32, experts: int = 8, top_k: int = 2,
        seed: int = 0) -> onnx.ModelProto:
    """Token-level top-k routing: experts gathered by TopK indices, so compute follows k while
    parameters follow the number of experts (Switch/GShard style)."""
    b = GraphBuilder(seed)
    logits = b.op("MatMul", ["x", b.weight("router", [dim, experts])])  # [T, E]
    values, idx = b.op("TopK", [logits, b.const([top_k])], n_out=2, axis=-1)  # [T, k]
    gate = b.op("Reshape", [b.op("Softmax", [values], axis=-1), b.const([tokens, top_k, 1, 1])])
    w1 = b.op("Gather", [b.weight("experts.w1", [experts, dim, hidden]), idx], axis=0)  # [T,k,D,F]
    w2 = b.op("Gather", [b.weight("experts.w2", [experts, hidden, dim]), idx], axis=0)  # [T,k,F,D]
    h = b.op("Relu", [b.op("MatMul", [b.op("Reshape", ["x", b.const([tokens, 1, 1, dim])]), w1])])
    y = b.op("Mul", [b.op("MatMul", [h, w2]), gate])  # [T, k, 1, D]
    y = b.op("ReduceSum", [y, b.const([1])], keepdims=0)  # [T, 1, D]
    b.op("Reshape", [y, b.const([tokens, dim])])
    b.nodes[-1].output[0] = "y"
    return b.model([_float_input("x", [tokens, dim])], [_float_input("y", [tokens, dim])])


# --- pruned MLP ---------------------------------------------------------------------------

def pruned_mlp(dims=(64, 128, 10), sparsity: float = 0.75, batch: int | str = "batch",
               seed: int = 0) -> onnx.ModelProto:
    """An MLP whose weight matrices have exactly `sparsity` of their entries set to zero."""
    b = GraphBuilder(seed)
    x = "x"
    for i, (d_in, d_out) in enumerate(zip(dims, dims[1:])):
        w = b.rng.standard_normal((d_in, d_out)).astype(np.float32) + 3.0  # no accidental zeros
        flat = w.reshape(-1)
        flat[b.rng.permutation(flat.size)[: int(round(sparsity * flat.size))]] = 0.0
        b.initializers[f"w{i}"] = numpy_helper.from_array(w, f"w{i}")
        x = b.op("Gemm", [x, f"w{i}", b.weight(f"b{i}", [d_out], "zeros")])
        if i < len(dims) - 2:
            x = b.op("Relu", [x])
    b.nodes[-1].output[0] = "y"
    return b.model([_float_input("x", [batch, dims[0]])], [_float_input("y", [batch, dims[-1]])])


def single_op(op_type: str, inputs: dict[str, list], weights: dict[str, np.ndarray],
              output_shape: list, order: list[str], opset: int = OPSET, **attrs) -> onnx.ModelProto:
    """A one-node model: `inputs` are graph inputs (name → shape), `weights` initializers,
    `order` the node's input names (\"\" for an omitted optional input)."""
    b = GraphBuilder()
    for name, arr in weights.items():
        b.initializers[name] = numpy_helper.from_array(np.asarray(arr), name)
    b.nodes.append(helper.make_node(op_type, order, ["y"], name="op", **attrs))
    return b.model([_float_input(n, s) for n, s in inputs.items()], [_float_input("y", output_shape)],
                   opset=opset)


# --- attention with computed Reshape targets (the TorchScript exporter's pattern) ---------------

def computed_reshape_attention(seq: int = 16, dim: int = 64, heads: int = 4) -> onnx.ModelProto:
    """Q·Kᵀ of one head split whose Reshape target is computed from the input's shape with Div
    (head size = Shape(x)[2] / heads): onnx's data propagation has no Div, so onnx leaves the
    head size, and the MatMul, unknown; onnxruntime's symbolic inference resolves it."""
    b = GraphBuilder()
    shape = b.op("Shape", ["x"])
    width = b.op("Gather", [shape, b.const([2])], axis=0)
    head = b.op("Div", [width, b.const(heads)])
    target = b.op("Concat", [b.const([1, seq, heads]), head], axis=0)
    q = b.op("Reshape", ["x", target])
    scores = b.op("MatMul", [b.op("Transpose", [q], perm=[0, 2, 1, 3]),
                             b.op("Transpose", [q], perm=[0, 2, 3, 1])])
    return b.model([_float_input("x", [1, seq, dim])],
                   [helper.make_tensor_value_info(scores, TensorProto.FLOAT, None)])
