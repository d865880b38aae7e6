"""Verifier against an independent count on the model-zoo graphs shipped in the onnx wheel.

    python benchmarks/verify_zoo.py [--batch 1] [--json OUT] [--no-variants]

For every `onnx/backend/test/data/light/*.onnx` it prints claimcheck's parameters and MACs beside a
reference count, the relative difference, the uncounted share and the cold time of
`claimcheck profile --static-only` (a fresh process: imports included) and of the profile alone.
Each graph is also written, in a temporary folder, as onnxruntime's optimiser saves it
(ORT_ENABLE_EXTENDED: weights materialised, batch norm folded, com.microsoft FusedConv), and
ResNet-50 once more quantised to int8 by onnxruntime (QOperator: QLinearConv, QGemm, …).

The reference uses none of claimcheck's counting code. Shapes come from running the graph:
onnxruntime (no graph optimisation) evaluates it once on random input with every node output
exposed, so each tensor's shape is the one the runtime produced. Then:
- parameters: float tensors of more than one element that no graph input reaches and that are
  not computed from another float constant (initializers, and ConstantOfShape/Constant outputs),
  minus BatchNormalization running mean and variance;
  integer weights are the integer tensors read as QLinearConv/QGemm weights and biases;
- MACs: Conv, FusedConv = |Y| * prod(W.shape[1:]) (QLinearConv: W is input 3); Gemm, FusedGemm,
  QGemm = |Y| * K (K from A and transA); MatMul = |Y| * A.shape[-1]; ConvTranspose =
  |X| * prod(W.shape[1:]).
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def zoo_paths() -> list[str]:
    import onnx

    folder = Path(onnx.__file__).parent / "backend" / "test" / "data" / "light"
    return sorted(glob.glob(str(folder / "*.onnx")))


def runtime_shapes(model, batch: int = 1) -> dict[str, tuple[int, ...]]:
    """Every tensor's shape as onnxruntime produces it on random input."""
    import numpy as np
    import onnx
    import onnxruntime as ort

    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    initializers = {t.name for t in copy.graph.initializer}
    present = {o.name for o in copy.graph.output}
    for node in copy.graph.node:
        for name in node.output:
            if name and name not in present:
                copy.graph.output.append(onnx.ValueInfoProto(name=name))
                present.add(name)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.log_severity_level = 3
    session = ort.InferenceSession(copy.SerializeToString(), options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    feeds = {}
    types = {"tensor(float)": np.float32, "tensor(int64)": np.int64, "tensor(int32)": np.int32,
             "tensor(float16)": np.float16, "tensor(uint8)": np.uint8, "tensor(int8)": np.int8}
    used = {i for node in model.graph.node for i in node.input}
    for inp in session.get_inputs():
        if inp.name in initializers or inp.name not in used:
            continue
        shape = [d if isinstance(d, int) and d > 0 else batch for d in inp.shape]
        feeds[inp.name] = rng.standard_normal(shape).astype(types[inp.type])
    names = [o.name for o in session.get_outputs()]
    values = session.run(names, feeds)
    shapes = {n: tuple(v.shape) for n, v in zip(names, values)}
    shapes.update({n: tuple(v.shape) for n, v in feeds.items()})
    shapes.update({t.name: tuple(t.dims) for t in model.graph.initializer})
    return shapes


def reference_counts(path: str, batch: int = 1) -> dict[str, int]:
    """Parameters and MACs of the graph at `path`, by the method in the module docstring."""
    import onnx

    model = onnx.load(path)
    g = model.graph
    shapes = runtime_shapes(model, batch)
    initializers = {t.name: t for t in g.initializer}
    data_inputs = {i.name for i in g.input if i.name not in initializers}
    float_types = {1, 10, 11, 16}

    # which tensors the data inputs reach, and which are float constants
    reached = set(data_inputs)
    float_const = {n for n, t in initializers.items() if t.data_type in float_types}
    sources = set(float_const)
    running_stats = set()
    for node in g.node:  # onnx graphs are topologically sorted
        if node.op_type == "BatchNormalization":
            running_stats.update(node.input[3:5])
        if any(i in reached for i in node.input if i):
            reached.update(node.output)
            continue
        out_type = None
        if node.op_type in ("ConstantOfShape", "Constant"):
            value = next((a.t for a in node.attribute if a.name == "value"), None)
            out_type = value.data_type if value is not None else 1
        if out_type in float_types:
            float_const.update(node.output)
            if not any(i in float_const for i in node.input if i):
                sources.update(node.output)
        elif any(i in float_const for i in node.input if i):
            float_const.update(node.output)  # derived from a float constant: not a new parameter
    quantised = {node.input[i] for node in g.node
                 for i in {"QLinearConv": (3, 8), "QGemm": (3, 6)}.get(node.op_type, ())
                 if i < len(node.input) and node.input[i] in initializers}
    params = sum(math.prod(shapes[n]) for n in sources | quantised
                 if n not in running_stats and math.prod(shapes[n]) > 1)

    macs = 0
    for node in g.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        y = shapes[node.output[0]]
        if node.op_type in ("Conv", "FusedConv", "QLinearConv"):
            w = shapes[node.input[3 if node.op_type == "QLinearConv" else 1]]
            macs += math.prod(y) * math.prod(w[1:])
        elif node.op_type == "ConvTranspose":
            macs += math.prod(shapes[node.input[0]]) * math.prod(shapes[node.input[1]][1:])
        elif node.op_type in ("Gemm", "FusedGemm", "QGemm"):
            a = shapes[node.input[0]]
            macs += math.prod(y) * (a[0] if attrs.get("transA", 0) else a[1])
        elif node.op_type == "MatMul":
            macs += math.prod(y) * shapes[node.input[0]][-1]
    return {"params": params, "macs": macs}


def optimised(source: str, target: str, level: str = "EXTENDED") -> str:
    """`source` as onnxruntime's optimiser saves it, less the graph inputs it leaves unused."""
    import onnx
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = getattr(ort.GraphOptimizationLevel, f"ORT_ENABLE_{level}")
    options.optimized_model_filepath = target
    options.log_severity_level = 3
    ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])
    model = onnx.load(target)
    used = {i for node in model.graph.node for i in node.input}
    keep = [i for i in model.graph.input if i.name in used]
    del model.graph.input[:]
    model.graph.input.extend(keep)
    onnx.save(model, target)
    return target


def quantised(source: str, folder: str) -> str:
    """`source` quantised to int8 by onnxruntime (QOperator, two random calibration images)."""
    import numpy as np
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    basic = optimised(source, os.path.join(folder, "basic.onnx"), "BASIC")
    model = onnx.load(basic)
    model.ir_version = max(model.ir_version, 7)  # the opset converter needs initializers apart
    model = version_converter.convert_version(model, 13)  # the quantiser wants opset >= 11
    onnx.save(model, basic)
    name = model.graph.input[0].name
    shape = [d.dim_value or 1 for d in model.graph.input[0].type.tensor_type.shape.dim]

    class Images(CalibrationDataReader):
        def __init__(self):
            self.left = 2

        def get_next(self):
            self.left -= 1
            return {name: np.random.default_rng(self.left).random(shape, np.float32)} if self.left >= 0 else None

    target = os.path.join(folder, Path(source).stem + ".int8.onnx")
    quantize_static(basic, target, Images(), quant_format=QuantFormat.QOperator,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    return target


def claimcheck_counts(path: str, batch: int = 1) -> dict:
    """claimcheck's profile, cold: a fresh `claimcheck profile --static-only` process, timed."""
    command = [sys.executable, "-m", "claimcheck", "profile", path, "--static-only", "--format",
               "json", "--batch", str(batch)]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    process_s = time.perf_counter() - start
    card = json.loads(out.stdout)
    sys.path.insert(0, str(ROOT))
    from claimcheck.verify.graph import static_profile

    start = time.perf_counter()
    static_profile(path, batch)
    return {**card, "process_s": process_s, "profile_s": time.perf_counter() - start}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--no-variants", action="store_true",
                        help="only the graphs as shipped (no optimised or int8 copies)")
    args = parser.parse_args()
    import logging

    logging.getLogger().setLevel(logging.ERROR)  # the quantiser's advice on pre-processing
    rows = []
    print("| model | file MB | params (claimcheck) | params (reference) | Δ | MACs (claimcheck) | "
          "MACs (reference) | Δ | uncounted | shapes | cold process s | profile s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    folder = tempfile.mkdtemp(prefix="verify_zoo_")
    for source in zoo_paths():
        name = Path(source).stem.removeprefix("light_")
        models = [(name, source)]
        if not args.no_variants:
            models.append((f"{name} (ORT extended)",
                           optimised(source, os.path.join(folder, f"{name}.ort.onnx"))))
            if name == "resnet50":
                models.append((f"{name} (int8)", quantised(source, folder)))
        for label, path in models:
            rows.append(_row(label, path, args.batch))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return 0


def _row(label: str, path: str, batch: int) -> dict:
    ref = reference_counts(path, batch)
    card = claimcheck_counts(path, batch)
    row = {"model": label, "file_mb": os.path.getsize(path) / 1e6, "params": card["parameters"],
           "params_ref": ref["params"], "macs": card["macs"], "macs_ref": ref["macs"],
           "uncounted_share": card["coverage"]["uncounted_share"],
           "shapes": card["shape_method"], "process_s": card["process_s"],
           "profile_s": card["profile_s"]}
    d_params = (row["params"] - row["params_ref"]) / max(row["params_ref"], 1)
    d_macs = (row["macs"] - row["macs_ref"]) / max(row["macs_ref"], 1)
    print(f"| {row['model']} | {row['file_mb']:.1f} | {row['params']:,} | {row['params_ref']:,} | "
          f"{d_params:+.2%} | {row['macs']:,} | {row['macs_ref']:,} | {d_macs:+.2%} | "
          f"{row['uncounted_share']:.1%} | {row['shapes']} | {row['process_s']:.2f} | "
          f"{row['profile_s']:.2f} |", flush=True)
    return row




if __name__ == "__main__":
    sys.exit(main())
