"""Verifier against an independent count on the model-zoo graphs shipped in the onnx wheel.

    python benchmarks/verify_zoo.py [--batch 1] [--json OUT]

For every `onnx/backend/test/data/light/*.onnx` it prints claimcheck's parameters and MACs beside a
reference count, the relative difference, the uncounted share and the cold time of
`claimcheck profile --static-only` (a fresh process: imports included) and of the profile alone.

The reference uses none of claimcheck's counting code. Shapes come from running the graph:
onnxruntime (no graph optimisation) evaluates it once on random input with every node output
exposed, so each tensor's shape is the one the runtime produced. Then:
- parameters: float tensors of more than one element that no graph input reaches and that are
  not computed from another float constant (initializers, and ConstantOfShape/Constant outputs),
  minus BatchNormalization running mean and variance;
- MACs: Conv = |Y| * prod(W.shape[1:]); Gemm = |Y| * K (K from A and transA); MatMul =
  |Y| * A.shape[-1]; ConvTranspose = |X| * prod(W.shape[1:]).
"""
from __future__ import annotations

import argparse
import glob
import json
import math
import os
import subprocess
import sys
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
    for inp in session.get_inputs():
        if inp.name in initializers:
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
    params = sum(math.prod(shapes[n]) for n in sources
                 if n not in running_stats and math.prod(shapes[n]) > 1)

    macs = 0
    for node in g.node:
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        y = shapes[node.output[0]]
        if node.op_type == "Conv":
            macs += math.prod(y) * math.prod(shapes[node.input[1]][1:])
        elif node.op_type == "ConvTranspose":
            macs += math.prod(shapes[node.input[0]]) * math.prod(shapes[node.input[1]][1:])
        elif node.op_type == "Gemm":
            a = shapes[node.input[0]]
            macs += math.prod(y) * (a[0] if attrs.get("transA", 0) else a[1])
        elif node.op_type == "MatMul":
            macs += math.prod(y) * shapes[node.input[0]][-1]
    return {"params": params, "macs": macs}


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
    args = parser.parse_args()
    rows = []
    print("| model | params (claimcheck) | params (reference) | Δ | MACs (claimcheck) | MACs (reference) "
          "| Δ | uncounted | shapes | cold process s | profile s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    for path in zoo_paths():
        ref = reference_counts(path, args.batch)
        card = claimcheck_counts(path, args.batch)
        row = {"model": Path(path).stem.removeprefix("light_"), "params": card["parameters"],
               "params_ref": ref["params"], "macs": card["macs"], "macs_ref": ref["macs"],
               "uncounted_share": card["coverage"]["uncounted_share"],
               "shapes": card["shape_method"], "process_s": card["process_s"],
               "profile_s": card["profile_s"]}
        rows.append(row)
        d_params = (row["params"] - row["params_ref"]) / max(row["params_ref"], 1)
        d_macs = (row["macs"] - row["macs_ref"]) / max(row["macs_ref"], 1)
        print(f"| {row['model']} | {row['params']:,} | {row['params_ref']:,} | {d_params:+.2%} | "
              f"{row['macs']:,} | {row['macs_ref']:,} | {d_macs:+.2%} | {row['uncounted_share']:.1%} | "
              f"{row['shapes']} | {row['process_s']:.2f} | {row['profile_s']:.2f} |", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
