"""Static cost of an ONNX model, from its graph after shape inference.

Counts what the Efficiency Misnomer asks authors to report and can be read off the graph alone:
parameters (and whether they are shared), multiply-accumulates per operator (attention matmuls
between activations included), activations (Dollár et al., 2021), weight bytes and exact-zero
weights. Shape inference runs on a copy of the graph whose large initializers keep their dims but
not their data, because onnx's infer_shapes re-serialises the whole model otherwise (3.6 s on
ViT-B/16).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from claimcheck.errors import InputError
from claimcheck.verify import contrib

MAC_CONVENTION = (
    "MACs are multiply-accumulates of MatMul (also between activations, e.g. attention), Gemm, "
    "Conv (groups, dilation), ConvTranspose, Einsum, Attention and LSTM/GRU/RNN over the "
    "sequence, and of onnxruntime's fused and quantised forms of them (com.microsoft FusedConv, "
    "FusedGemm, FusedMatMul, QLinearConv, QGemm, Attention, MultiHeadAttention, ...); FLOPs = 2 x MACs. Bias adds, elementwise, normalisation, softmax, pooling and "
    "reductions are counted apart as element operations (one per element produced; pooling and "
    "reductions one per element read).")
PARAMETER_CONVENTION = (
    "Parameters are unique float initializers, Constant tensors and ConstantOfShape fills of a "
    "constant shape with more than one element "
    "(and quantised integer weights), each counted once however many nodes use it; integer shape "
    "constants, scalars and BatchNormalization running statistics (buffers) are not parameters.")
# how the shapes were found, as the profile and the card say it
SHAPES_ONNX = "onnx shape inference"
SHAPES_SYMBOLIC = "onnx shape inference, then onnxruntime symbolic shape inference"
ACTIVATION_CONVENTION = "Activations: elements of the outputs of Conv, ConvTranspose, MatMul, Gemm, Einsum (Dollár et al.)."

FLOAT_TYPES = {1: "float32", 10: "float16", 11: "float64", 16: "bfloat16", 17: "float8e4m3fn",
               18: "float8e4m3fnuz", 19: "float8e5m2", 20: "float8e5m2fnuz"}
QUANT_TYPES = {2: "uint8", 3: "int8", 6: "int32", 21: "uint4", 22: "int4"}
# operator → indices of its quantised weight inputs (int32 biases included), for integer weights
QUANT_WEIGHT_SLOTS = {"DequantizeLinear": (0,), "QLinearConv": (3, 8), "QLinearMatMul": (3,),
                      "MatMulInteger": (1,), "ConvInteger": (1,)}
SHAPE_ONLY_CONSUMERS = {"Shape", "Size"}
SMALL_TENSOR_ELEMENTS = 4096  # kept with data in the shape-inference copy (shapes, indices, scales)

ELEMENTWISE = {
    "Abs", "Acos", "Acosh", "Add", "And", "Asin", "Asinh", "Atan", "Atanh", "BitShift", "Cast",
    "CastLike", "Ceil", "Celu", "Clip", "Cos", "Cosh", "Div", "Elu", "Equal", "Erf", "Exp", "Floor",
    "Gelu", "Greater", "GreaterOrEqual", "HardSigmoid", "HardSwish", "IsInf", "IsNaN", "LeakyRelu",
    "Less", "LessOrEqual", "Log", "Max", "Mean", "Min", "Mish", "Mod", "Mul", "Neg", "Not", "Or",
    "Pow", "PRelu", "Reciprocal", "Relu", "Round", "Selu", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh",
    "Softplus", "Softsign", "Sqrt", "Sub", "Sum", "Tan", "Tanh", "ThresholdedRelu", "Where", "Xor",
    "DequantizeLinear", "QuantizeLinear", "Dropout",
}
NORMALISATION = {"BatchNormalization", "LayerNormalization", "InstanceNormalization",
                 "GroupNormalization", "LpNormalization", "MeanVarianceNormalization",
                 "RMSNormalization", "SkipLayerNormalization", "LRN"}
SOFTMAX = {"Softmax", "LogSoftmax", "Hardmax"}
READ_ONCE = {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "ReduceMean", "ReduceSum",
             "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
             "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin", "CumSum", "TopK"}
WINDOWED = {"MaxPool", "AveragePool", "LpPool"}
CONTROL_FLOW = {"If", "Loop", "Scan"}
# operators with multiply-accumulates: a node of these whose shapes stay unknown is uncounted
MAC_OPS = {"Conv", "ConvTranspose", "MatMul", "Gemm", "Einsum", "LSTM", "GRU", "RNN", "Attention",
           "QLinearConv", "QLinearMatMul", "MatMulInteger", "ConvInteger"}
ACTIVATION_OPS = {"Conv", "ConvTranspose", "MatMul", "Gemm", "Einsum", "QLinearConv",
                  "QLinearMatMul", "MatMulInteger", "ConvInteger"}


@dataclass
class WeightTensor:
    name: str
    dtype: str
    shape: tuple[int, ...]
    elements: int
    bytes: int
    uses: int
    zeros: int
    kind: str  # parameter | buffer

    @property
    def zero_fraction(self) -> float:
        return self.zeros / self.elements if self.elements else 0.0


@dataclass
class OperatorCost:
    nodes: int = 0
    macs: int = 0
    effective_macs: int = 0
    element_ops: int = 0
    activations: int = 0


@dataclass
class Coverage:
    """How much of the graph's multiply-accumulate work was counted: MACs-bearing nodes (those of
    MAC_OPS, control flow whose bodies hold them, and operators whose cost is not defined here)
    and, by operator, those whose MACs could not be counted."""

    macs_bearing_nodes: int = 0
    uncounted: dict[str, int] = field(default_factory=dict)  # operator → uncounted nodes

    @property
    def uncounted_nodes(self) -> int:
        return sum(self.uncounted.values())

    @property
    def share(self) -> float:
        return self.uncounted_nodes / self.macs_bearing_nodes if self.macs_bearing_nodes else 0.0

    def describe(self) -> str:
        """'3 of 120 MACs-bearing nodes (2.5%: Attention ×2, MatMul ×1)'."""
        ops = ", ".join(f"{op} ×{n}" for op, n in sorted(self.uncounted.items(), key=lambda kv: (-kv[1], kv[0])))
        return (f"{self.uncounted_nodes} of {self.macs_bearing_nodes} MACs-bearing nodes "
                f"({self.share:.1%}: {ops})")

    def to_json(self) -> dict:
        return {"macs_bearing_nodes": self.macs_bearing_nodes,
                "uncounted_macs_bearing_nodes": self.uncounted_nodes,
                "uncounted_share": self.share, "uncounted_by_operator": dict(self.uncounted)}


@dataclass
class StaticProfile:
    path: str
    file_bytes: int | None
    opset: int
    producer: str
    inputs: dict[str, list[int]]
    bindings: dict[str, int]
    weights: list[WeightTensor]
    by_operator: dict[str, OperatorCost]
    uncounted: list[str] = field(default_factory=list)  # nodes whose shapes stayed unknown
    shape_method: str = SHAPES_ONNX
    coverage: Coverage = field(default_factory=Coverage)

    @property
    def parameter_tensors(self) -> list[WeightTensor]:
        return [w for w in self.weights if w.kind == "parameter"]

    @property
    def parameters(self) -> int:
        return sum(w.elements for w in self.parameter_tensors)

    @property
    def shared_parameters(self) -> int:
        return sum(w.elements for w in self.parameter_tensors if w.uses > 1)

    @property
    def parameter_uses(self) -> int:
        """Parameters counted once per using node: what a model without sharing would hold."""
        return sum(w.elements * max(w.uses, 1) for w in self.parameter_tensors)

    @property
    def buffers(self) -> int:
        return sum(w.elements for w in self.weights if w.kind == "buffer")

    @property
    def macs(self) -> int:
        return sum(c.macs for c in self.by_operator.values())

    @property
    def effective_macs(self) -> int:
        return sum(c.effective_macs for c in self.by_operator.values())

    @property
    def flops(self) -> int:
        return 2 * self.macs

    @property
    def element_ops(self) -> int:
        return sum(c.element_ops for c in self.by_operator.values())

    @property
    def activations(self) -> int:
        return sum(c.activations for c in self.by_operator.values())

    @property
    def weight_bytes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for w in self.parameter_tensors:
            out[w.dtype] = out.get(w.dtype, 0) + w.bytes
        return out

    @property
    def zero_fraction(self) -> float:
        total = self.parameters
        return sum(w.zeros for w in self.parameter_tensors) / total if total else 0.0

    def to_json(self) -> dict:
        return {
            "model": self.path,
            "file_bytes": self.file_bytes,
            "opset": self.opset,
            "producer": self.producer,
            "inputs": self.inputs,
            "bindings": self.bindings,
            "parameters": self.parameters,
            "parameter_tensors": len(self.parameter_tensors),
            "shared_parameters": self.shared_parameters,
            "parameter_uses": self.parameter_uses,
            "shared_tensors": [{"name": w.name, "elements": w.elements, "uses": w.uses}
                               for w in self.parameter_tensors if w.uses > 1],
            "buffers": self.buffers,
            "macs": self.macs,
            "flops": self.flops,
            "effective_macs": self.effective_macs,
            "element_ops": self.element_ops,
            "activations": self.activations,
            "weight_bytes": self.weight_bytes,
            "zero_fraction": self.zero_fraction,
            "zero_fraction_by_tensor": {w.name: w.zero_fraction for w in self.parameter_tensors
                                        if w.zeros},
            "by_operator": {op: {"nodes": c.nodes, "macs": c.macs, "flops": 2 * c.macs,
                                 "effective_macs": c.effective_macs, "element_ops": c.element_ops,
                                 "activations": c.activations}
                            for op, c in self.by_operator.items()},
            "uncounted_nodes": self.uncounted,
            "shape_method": self.shape_method,
            "coverage": self.coverage.to_json(),
            "conventions": {"macs": MAC_CONVENTION, "parameters": PARAMETER_CONVENTION,
                            "activations": ACTIVATION_CONVENTION},
        }


def static_profile(path: str, batch: int = 1, dims: dict[str, int] | None = None) -> StaticProfile:
    """Load `path` safely and count its static cost with symbolic dims bound."""
    from claimcheck.verify.modelfile import load_model

    model, file_bytes = load_model(path)
    return profile_model(model, path, batch, dims or {}, file_bytes)


def profile_model(model, path: str = "<model>", batch: int = 1, dims: dict[str, int] | None = None,
                  file_bytes: int | None = None) -> StaticProfile:
    graph = model.graph
    uses = _use_counts(graph)
    inputs, bindings = bind_inputs(graph, batch, dims or {}, path)
    shapes, shape_method = infer_shapes(model, inputs)
    weights = _weights(graph, uses)
    zero_fraction = {w.name: w.zero_fraction for w in weights if w.kind == "parameter"}
    by_operator: dict[str, OperatorCost] = {}
    uncounted: list[str] = []
    coverage = Coverage()
    for node in graph.node:
        cost = by_operator.setdefault(node.op_type, OperatorCost())
        cost.nodes += 1
        bears_macs = _bears_macs(node)
        coverage.macs_bearing_nodes += bears_macs
        try:
            macs, element_ops, activations, weight = _node_cost(node, shapes)
        except (_UnknownShape, contrib.Uncountable):
            uncounted.append(node.name or node.output[0])
            if bears_macs:
                coverage.uncounted[node.op_type] = coverage.uncounted.get(node.op_type, 0) + 1
            continue
        cost.macs += macs
        cost.effective_macs += round(macs * (1.0 - zero_fraction.get(weight, 0.0)))
        cost.element_ops += element_ops
        cost.activations += activations
    by_operator = dict(sorted(by_operator.items(), key=lambda kv: (-kv[1].macs, -kv[1].element_ops, kv[0])))
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    return StaticProfile(path, file_bytes, opset, model.producer_name, inputs, bindings, weights,
                         by_operator, uncounted, shape_method, coverage)


def _bears_macs(node) -> bool:
    """Whether the node does (or, its cost unknown, may do) multiply-accumulate work."""
    from claimcheck.verify.modelfile import _graphs

    if contrib.is_contrib(node):
        return contrib.bears_macs(node)
    if node.op_type in MAC_OPS:
        return True
    if node.op_type in CONTROL_FLOW:
        return any(n.op_type in MAC_OPS or n.op_type in CONTROL_FLOW
                   for attr in node.attribute for g in ([attr.g] if attr.HasField("g") else [])
                   + list(attr.graphs) for sub in _graphs(g) for n in sub.node)
    return False


# --- inputs and symbolic dimensions -------------------------------------------------------------

def bind_inputs(graph, batch: int, dims: dict[str, int], path: str):
    """Concrete shapes of the graph's data inputs: symbolic dims bound by name (`dims`), the
    leading symbolic dim of each input by `batch`. Raises InputError naming what stays unbound."""
    initializers = {t.name for t in graph.initializer}
    inputs: dict[str, list[int]] = {}
    bindings: dict[str, int] = {}
    unbound: list[str] = []
    seen_names: set[str] = set()
    for inp in graph.input:
        if inp.name in initializers:
            continue
        if not inp.type.HasField("tensor_type"):
            raise InputError(path, f"input {inp.name!r} is not a tensor (sequence/map inputs are not supported)")
        shape: list[int] = []
        for axis, d in enumerate(inp.type.tensor_type.shape.dim):
            if d.HasField("dim_value") and d.dim_value > 0:
                shape.append(d.dim_value)
                continue
            name = d.dim_param if d.HasField("dim_param") else ""
            seen_names.add(name)
            if name and name in dims:
                value = dims[name]
            elif axis == 0:
                value = batch
                name = name or f"{inp.name}[0]"
            else:
                unbound.append(f"{name!r} (input {inp.name!r}, axis {axis})" if name
                               else f"unnamed axis {axis} of input {inp.name!r}")
                continue
            bindings[name] = value
            shape.append(value)
        inputs[inp.name] = shape
    unknown = sorted(set(dims) - seen_names)
    if unknown:
        raise InputError(path, f"no symbolic dimension named {', '.join(map(repr, unknown))}; the model's "
                               f"are {', '.join(sorted(repr(n) for n in seen_names if n)) or 'none'}")
    if unbound:
        raise InputError(path, "symbolic dimension left unbound: " + "; ".join(unbound)
                         + " — bind it with --dim NAME=VALUE")
    return inputs, bindings


def _elements(dims) -> int:
    return math.prod(dims)


def infer_shapes(model, inputs: dict[str, list[int]]) -> tuple[dict[str, tuple[int, ...] | None], str]:
    """(name → concrete shape, None where unknown; the method that gave them), by onnx shape
    inference on a weightless copy, then onnxruntime's symbolic shape inference where onnx's left
    a MACs-bearing node's shapes unknown (computed Reshape targets of attention, for instance)."""
    import onnx
    from onnx import helper, shape_inference

    graph = model.graph
    light = onnx.GraphProto()
    light.name = graph.name
    shapes: dict[str, tuple[int, ...] | None] = {}
    for t in graph.initializer:
        shapes[t.name] = tuple(t.dims)
        if _elements(t.dims) <= SMALL_TENSOR_ELEMENTS:
            light.initializer.append(t)
        else:
            light.input.append(helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)))
    for inp in graph.input:
        if inp.name in inputs:
            light.input.append(helper.make_tensor_value_info(
                inp.name, inp.type.tensor_type.elem_type, inputs[inp.name]))
    def extra_initializer(name: str, values: list[int]) -> str:
        light.initializer.append(helper.make_tensor(name, onnx.TensorProto.INT64, [len(values)], values))
        return name

    for node in graph.node:
        tensor = _constant_tensor(node)
        if tensor is not None and _elements(tensor.dims) > SMALL_TENSOR_ELEMENTS:
            light.input.append(helper.make_tensor_value_info(node.output[0], tensor.data_type,
                                                             list(tensor.dims)))
        elif contrib.is_contrib(node):
            light.node.extend(_stand_ins(node, extra_initializer, shapes, inputs) or [node])
        else:
            light.node.append(node)
    light.output.extend(helper.make_value_info(o.name, onnx.TypeProto()) for o in graph.output)
    # IR version 4 and later: initializers need not be graph inputs (IR-3 exports list them as
    # inputs, the copy does not, and onnx then drops every shape they feed)
    copy = helper.make_model(light, opset_imports=list(model.opset_import),
                             ir_version=max(model.ir_version, 4))
    try:
        inferred = shape_inference.infer_shapes(copy, strict_mode=False, data_prop=True)
    except Exception:  # onnx raises several types; counting proceeds with what is known
        inferred = copy
    _read_shapes(inferred, shapes)
    if not _unknown_mac_nodes(graph, shapes):
        return shapes, SHAPES_ONNX
    symbolic, failure = _symbolic_shapes(inferred)
    if symbolic is None:
        return shapes, f"{SHAPES_ONNX} (onnxruntime symbolic shape inference {failure})"
    before = sum(s is not None for s in shapes.values())
    _read_shapes(symbolic, shapes)
    gained = sum(s is not None for s in shapes.values()) - before
    return shapes, SHAPES_SYMBOLIC if gained else SHAPES_ONNX


def _stand_ins(node, extra_initializer, shapes, inputs):
    from onnx import helper

    def rank(name: str) -> int | None:
        known = shapes.get(name)
        return len(known) if known is not None else len(inputs[name]) if name in inputs else None

    try:
        return contrib.stand_ins(node, helper.make_node, extra_initializer, rank)
    except (KeyError, IndexError, ValueError):  # a malformed node: onnx sees it as it is
        return None


def _read_shapes(model, shapes: dict[str, tuple[int, ...] | None]) -> None:
    """Add the concrete shapes `model`'s value infos give to tensors still unknown in `shapes`."""
    for vi in [*model.graph.input, *model.graph.value_info, *model.graph.output]:
        if shapes.get(vi.name) is not None:
            continue
        tt = vi.type.tensor_type
        if not tt.HasField("shape"):
            shapes[vi.name] = None
            continue
        dims = [d.dim_value if d.HasField("dim_value") and d.dim_value >= 0 else None
                for d in tt.shape.dim]
        shapes[vi.name] = None if any(d is None for d in dims) else tuple(dims)


def _unknown_mac_nodes(graph, shapes) -> bool:
    return any(_bears_macs(node) and any(shapes.get(n) is None for n in
                                         [*node.input, node.output[0]] if n)
               for node in graph.node)


def _symbolic_shapes(model):
    """(onnxruntime's symbolically inferred model, None) or (None, why not). Its public
    infer_shapes raises on a partial result and then writes sym_shape_infer_temp.onnx into the
    working directory, so the same steps are run here and a partial result is kept."""
    try:
        from onnxruntime.tools.symbolic_shape_infer import SymbolicShapeInference
    except ImportError as exc:  # sympy missing, or an onnxruntime without the tools package
        return None, f"unavailable: {exc}"
    import logging

    logger = logging.getLogger("onnxruntime.tools.symbolic_shape_infer")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        inference = SymbolicShapeInference(int_max=2**31 - 1, auto_merge=True,
                                           guess_output_rank=False, verbose=0)
        inference._preprocess(model)
        while inference.run_:
            inference._infer_impl()
        inference._update_output_from_vi()
        return inference.out_mp_, None
    except Exception as exc:  # its failures are of many types; onnx's shapes are kept
        text = str(exc).strip().splitlines()
        return None, f"failed: {text[0][:200] if text else type(exc).__name__}"
    finally:
        logger.setLevel(level)


# --- weights ------------------------------------------------------------------------------------

def _constant_tensor(node):
    if node.op_type != "Constant" or node.domain not in ("", "ai.onnx"):
        return None
    for attr in node.attribute:
        if attr.name == "value" and attr.HasField("t"):
            return attr.t
    return None


def _use_counts(graph) -> dict[str, int]:
    """How many nodes read each tensor (subgraph bodies included; Shape/Size reads excluded)."""
    from claimcheck.verify.modelfile import _graphs

    uses: dict[str, int] = {}
    for g in _graphs(graph):
        for node in g.node:
            if node.op_type in SHAPE_ONLY_CONSUMERS:
                continue
            for name in set(node.input):
                if name:
                    uses[name] = uses.get(name, 0) + 1
    return uses


def _weights(graph, uses: dict[str, int]) -> list[WeightTensor]:
    buffers = set()
    quant_weights = set()
    for node in graph.node:
        if node.op_type == "BatchNormalization":
            buffers.update(node.input[3:5])
        slots = (contrib.QUANT_WEIGHT_SLOTS if contrib.is_contrib(node) else QUANT_WEIGHT_SLOTS).get(node.op_type, ())
        quant_weights.update(node.input[i] for i in slots if i < len(node.input) and node.input[i])
    tensors = [(t.name, t, None) for t in graph.initializer]
    tensors += [(node.output[0], t, None) for node in graph.node
                if (t := _constant_tensor(node)) is not None]
    tensors += _filled_tensors(graph)
    out: list[WeightTensor] = []
    for name, t, filled_zero in tensors:
        elements = _elements(t.dims)
        if elements <= 1:
            continue
        if t.data_type in FLOAT_TYPES:
            dtype = FLOAT_TYPES[t.data_type]
        elif t.data_type in QUANT_TYPES and name in quant_weights:
            dtype = QUANT_TYPES[t.data_type]
        else:
            continue
        kind = "buffer" if name in buffers else "parameter"
        from claimcheck.verify.modelfile import itemsize

        nbytes = (elements + 1) // 2 if t.data_type in (21, 22) else elements * itemsize(t.data_type)
        if filled_zero is not None:
            zeros = elements if filled_zero else 0
        else:
            zeros = _count_zeros(t, elements) if t.data_type in FLOAT_TYPES else 0
        out.append(WeightTensor(name, dtype, tuple(t.dims), elements, nbytes, uses.get(name, 0),
                                zeros, kind))
    return out


def _filled_tensors(graph) -> list:
    """Weights stored as ConstantOfShape of a constant shape (as onnx's weight-less 'light' zoo
    graphs hold them): (name, TensorProto with the dims and no data, whether the fill is zero)."""
    from onnx import TensorProto, numpy_helper

    known = {t.name: t for t in graph.initializer}
    known.update((node.output[0], t) for node in graph.node if (t := _constant_tensor(node)) is not None)
    out = []
    for node in graph.node:
        if node.op_type != "ConstantOfShape" or node.domain not in ("", "ai.onnx") \
                or not node.input or node.input[0] not in known:
            continue
        dims = [int(d) for d in numpy_helper.to_array(known[node.input[0]]).reshape(-1)]
        value = next((a.t for a in node.attribute if a.name == "value"), None)
        fill = TensorProto()
        fill.data_type = value.data_type if value is not None else TensorProto.FLOAT
        fill.dims.extend(dims)
        fill.name = node.output[0]
        zero = value is None or not numpy_helper.to_array(value).any()
        out.append((node.output[0], fill, zero))
    return out


_NUMPY_FLOATS = {1: "<f4", 10: "<f2", 11: "<f8"}  # onnx raw data is little-endian


def _count_zeros(t, elements: int) -> int:
    """Exactly-zero elements (+0 and -0), read from the bit patterns of the raw data."""
    import numpy as np
    from onnx import numpy_helper

    if t.HasField("raw_data"):
        raw = t.raw_data  # each read of the field copies it: read once
        width = len(raw) // max(elements, 1)
        if t.data_type in _NUMPY_FLOATS and width == np.dtype(_NUMPY_FLOATS[t.data_type]).itemsize:
            # a float compares equal to zero exactly for +0 and -0: no masked copy needed
            return elements - int(np.count_nonzero(np.frombuffer(raw, dtype=_NUMPY_FLOATS[t.data_type])))
        if width not in (1, 2, 4, 8):
            return 0
        bits = np.frombuffer(raw, dtype={1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}[width])
        sign = np.array(1 << (8 * width - 1), dtype=bits.dtype)
        return elements - int(np.count_nonzero(bits & ~sign))
    if t.data_type in (1, 10, 11):
        return elements - int(np.count_nonzero(numpy_helper.to_array(t)))
    return 0


# --- per-node cost ------------------------------------------------------------------------------

class _UnknownShape(Exception):
    pass


def _node_cost(node, shapes) -> tuple[int, int, int, str | None]:
    """(MACs, element ops, activations, weight tensor name) of one node."""

    def shape(i: int) -> tuple[int, ...]:
        if i >= len(node.input) or not node.input[i]:
            raise _UnknownShape
        s = shapes.get(node.input[i])
        if s is None:
            raise _UnknownShape
        return s

    def out(i: int = 0) -> tuple[int, ...]:
        s = shapes.get(node.output[i]) if i < len(node.output) else None
        if s is None:
            raise _UnknownShape
        return s

    def has(i: int) -> bool:
        return i < len(node.input) and bool(node.input[i])

    if contrib.is_contrib(node):
        try:
            return contrib.cost(node, shape, out, has)
        except (KeyError, IndexError, ValueError, ZeroDivisionError):  # malformed: inputs or attributes missing
            raise contrib.Uncountable from None
    op = node.op_type
    attrs = {a.name: a for a in node.attribute}
    if op in CONTROL_FLOW:
        raise _UnknownShape
    if op in ("MatMul", "MatMulInteger", "QLinearMatMul"):
        a_idx, b_idx = (0, 3) if op == "QLinearMatMul" else (0, 1)
        a, y = shape(a_idx), out()
        macs = _elements(y) * a[-1]
        return macs, 0, _elements(y), node.input[b_idx]
    if op == "Gemm":
        a, y = shape(0), out()
        trans_a = attrs["transA"].i if "transA" in attrs else 0
        k = a[0] if trans_a else a[-1]
        bias = _elements(y) if has(2) else 0
        return _elements(y) * k, bias, _elements(y), node.input[1]
    if op in ("Conv", "ConvInteger", "QLinearConv"):
        w_idx = 3 if op == "QLinearConv" else 1
        w, y = shape(w_idx), out()
        macs = _elements(y) * _elements(w[1:])  # w: [C_out, C_in / groups, *kernel]
        bias = _elements(y) if op == "Conv" and has(2) else 0
        return macs, bias, _elements(y), node.input[w_idx]
    if op == "ConvTranspose":
        x, w, y = shape(0), shape(1), out()
        macs = _elements(x) * _elements(w[1:])  # every input element meets C_out/groups * kernel
        return macs, _elements(y) if has(2) else 0, _elements(y), node.input[1]
    if op == "Einsum":
        equation = attrs["equation"].s.decode()
        operands = [shape(i) for i in range(len(node.input))]
        y = out()
        return _einsum_macs(equation, operands), 0, _elements(y), None
    if op in ("LSTM", "GRU", "RNN"):
        x, w, r = shape(0), shape(1), shape(2)
        layout = attrs["layout"].i if "layout" in attrs else 0
        seq, batch = (x[1], x[0]) if layout else (x[0], x[1])
        directions, gate_units, hidden = w[0], w[1], r[2]
        macs = seq * batch * directions * gate_units * (x[2] + hidden)
        return macs, seq * batch * directions * gate_units, 0, node.input[1]
    if op == "Attention":
        return _attention_cost(node, attrs, shape, out)
    if op in ELEMENTWISE or op in NORMALISATION:
        return 0, _elements(out()), 0, None
    if op in SOFTMAX or op in READ_ONCE:
        return 0, _elements(shape(0)), 0, None
    if op in WINDOWED:
        kernel = attrs["kernel_shape"].ints if "kernel_shape" in attrs else []
        return 0, _elements(out()) * _elements(kernel), 0, None
    return 0, 0, 0, None  # data movement and shape operators


def _attention_cost(node, attrs, shape, out):
    """ONNX Attention (opset 23): Q·Kᵀ and softmax·V over all heads."""
    q, k, v = shape(0), shape(1), shape(2)
    if len(q) == 4:  # [B, H, S_q, d_h]
        batch, heads, seq_q, head_dim = q
        seq_kv, value_dim = k[2], v[3]
    else:  # [B, S, H * d_h]
        heads = attrs["q_num_heads"].i
        kv_heads = attrs["kv_num_heads"].i
        batch, seq_q, head_dim = q[0], q[1], q[2] // heads
        seq_kv, value_dim = k[1], v[2] // kv_heads
    if len(node.input) > 4 and node.input[4]:
        seq_kv += shape(4)[2]  # past keys
    scores = batch * heads * seq_q * seq_kv
    return scores * (head_dim + value_dim), scores, scores + _elements(out()), None


def _einsum_macs(equation: str, operands: list[tuple[int, ...]]) -> int:
    """Multiply-accumulates of a left-to-right pairwise contraction (one-operand: none)."""
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    terms = lhs.split(",")
    ellipsis = {i: len(dims) - (len(term) - 3) for i, (term, dims) in enumerate(zip(terms, operands))
                if "..." in term}
    width = max(ellipsis.values(), default=0)
    broadcast = "".join(chr(0x100 + i) for i in range(width))  # broadcast dims align from the right
    expanded = [t.replace("...", broadcast[width - ellipsis[i]:]) if i in ellipsis else t
                for i, t in enumerate(terms)]
    sizes: dict[str, int] = {}
    for term, dims in zip(expanded, operands):
        for ch, d in zip(term, dims):
            sizes[ch] = max(sizes.get(ch, 1), d)
    if arrow:
        rhs = rhs.replace("...", broadcast)
    else:
        counts = {ch: "".join(expanded).count(ch) for ch in sizes}
        rhs = broadcast + "".join(sorted(ch for ch, c in counts.items() if c == 1 and ord(ch) < 0x100))
    if len(expanded) < 2:
        return 0
    macs = 0
    current = set(expanded[0])
    for i, term in enumerate(expanded[1:], start=1):
        union = current | set(term)
        macs += math.prod(sizes[c] for c in union)
        needed = set(rhs).union(*map(set, expanded[i + 1:]))
        current = union & needed
    return macs
