"""Static profile speed and counts: claimcheck against onnx-tool on full-size models.

Builds ViT-B/16, ViT-B/32 and ResNet-50 with random weights (onnx.helper + numpy, nothing
downloaded), saves them to a temporary folder, and times a fresh static profile of each
(load + shape inference + counts + zero scan). onnx-tool (`pip install onnx-tool`; not a project
dependency) is run on the same files when it is importable.

    python benchmarks/verify_bench.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "verify"))

import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnx_models  # noqa: E402

from claimcheck.verify.graph import static_profile  # noqa: E402

MODELS = {  # name → (builder, input name, input shape, reference params, reference GMACs)
    "ViT-B/16": (lambda: onnx_models.vit(patch=16), "pixels", (1, 3, 224, 224), 86_567_656, 17.56),
    "ViT-B/32": (lambda: onnx_models.vit(patch=32), "pixels", (1, 3, 224, 224), 88_224_232, 4.41),
    "ResNet-50": (lambda: onnx_models.resnet(), "image", (1, 3, 224, 224), 25_557_032, 4.09),
}


def best_of(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def onnx_tool_profile(path: str, input_name: str, shape):
    import onnx_tool

    model = onnx_tool.Model(path)
    graph = model.graph
    graph.shape_infer({input_name: np.zeros(shape, np.float32)})
    graph.profile()
    return int(graph.params), int(graph.macs[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    try:
        import onnx_tool  # noqa: F401
        have_tool = True
    except ImportError:
        have_tool = False
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, (build, input_name, shape, ref_params, ref_gmacs) in MODELS.items():
            path = str(Path(folder) / (name.replace("/", "_") + ".onnx"))
            onnx.save(build(), path)
            size_mb = Path(path).stat().st_size / 1e6
            seconds, p = best_of(lambda: static_profile(path), args.repeat)
            row = [name, f"{size_mb:.0f}", f"{p.parameters:,}", f"{p.macs / 1e9:.4f}",
                   "yes" if p.parameters == ref_params and round(p.macs / 1e9, 2) == ref_gmacs else "NO",
                   f"{seconds:.3f}"]
            if have_tool:
                tool_seconds, (tool_params, tool_macs) = best_of(
                    lambda: onnx_tool_profile(path, input_name, shape), args.repeat)
                row += [f"{tool_params:,}", f"{tool_macs / 1e9:.4f}", f"{tool_seconds:.3f}"]
            else:
                row += ["not installed"] * 3
            rows.append(row)
    header = ["model", "MB", "claimcheck params", "claimcheck GMACs", "= reference",
              "claimcheck s", "onnx-tool params", "onnx-tool GMACs", "onnx-tool s"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nBest of {args.repeat} runs each. claimcheck: load, safety checks, shape inference, "
          "counts, zero scan; onnx-tool: load, shape_infer, profile.")


if __name__ == "__main__":
    main()
