"""onnxruntime measurement in a child process: figures with their setup, limits, CUDA skipping."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import onnx_models as M
from claimcheck.errors import InputError
from claimcheck.verify import runtime
from claimcheck.verify.modelfile import load_model


def _plan(path, dims=None, **kw):
    options = runtime.MeasureOptions(budget_s=0.1, **kw)
    model, _ = load_model(path)
    return runtime.plan_phases(model.graph, path, dims or {}, options), options


def test_latency_and_throughput_with_setup(tiny_vit):
    phases, options = _plan(tiny_vit, throughput_batch=4)
    results = runtime.measure(tiny_vit, phases, options)
    assert [r["batch"] for r in results] == [1, 4]
    for r in results:
        lat = r["latency_ms"]
        assert 0 < lat["p50"] <= lat["p90"] <= lat["p99"]
        assert r["runs"] >= options.min_runs and r["first_run_ms"] > 0
        assert r["throughput_per_s"] == pytest.approx(r["batch"] * 1000 / lat["mean"], rel=0.05)
        assert r["peak_memory_bytes"] >= r["setup"]["rss_before_session_bytes"] > 0
        setup = r["setup"]
        assert setup["provider"] == "CPUExecutionProvider" and setup["batch"] == r["batch"]
        assert setup["onnxruntime"] and setup["cpu"] and setup["input_dtypes"] == ["float32"]
        assert setup["cpu_memory_arena"] is True


def test_fixed_batch_model_measured_at_its_batch(save):
    path = save(M.pruned_mlp(dims=(8, 4), sparsity=0.0, batch=3), "fixed.onnx")
    phases, options = _plan(path)
    assert [p["batch"] for p in phases] == [3]
    assert runtime.measure(path, phases, options)[0]["batch"] == 3


def test_time_limit(tiny_vit):
    phases, options = _plan(tiny_vit)
    options.budget_s, options.timeout_s = 30.0, 1.5
    with pytest.raises(InputError, match="time limit of 2 s"):
        runtime.measure(tiny_vit, phases, options)


def test_memory_limit(tiny_vit):
    phases, options = _plan(tiny_vit, memory_limit_bytes=20 * 2**20)
    with pytest.raises(InputError, match="memory limit"):
        runtime.measure(tiny_vit, phases, options)


def test_huge_inputs_refused_before_allocation(save):
    from onnx import TensorProto, helper

    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "n"])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "n"])])
    path = save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), "wide.onnx")
    with pytest.raises(InputError, match="inputs at batch 1 would take 4.0 GiB"):
        _plan(path, dims={"n": 2**30})


@pytest.mark.skipif(runtime.cuda_available(), reason="CUDA present: the refusal path does not apply")
def test_cuda_requested_without_provider_is_refused(tiny_vit):
    phases, options = _plan(tiny_vit, device="cuda")
    with pytest.raises(InputError, match="CUDAExecutionProvider is not available"):
        runtime.measure(tiny_vit, phases, options)


@pytest.mark.skipif(not runtime.cuda_available(), reason="no CUDAExecutionProvider on this machine")
def test_cuda_measurement_uses_io_binding(tiny_vit):
    phases, options = _plan(tiny_vit, device="cuda")
    results = runtime.measure(tiny_vit, phases, options)
    assert results[0]["provider"] == "CUDAExecutionProvider" and results[0]["setup"]["io_binding"]


def test_profile_imports_no_nlp_or_plotting(tiny_vit):
    code = (
        "import sys\n"
        "from claimcheck import cli\n"
        f"try:\n    cli.main(['profile', {tiny_vit!r}, '--budget', '0.05', '--format', 'json'])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "print(sorted(m for m in ('spacy', 'pandas', 'matplotlib', 'torch') if m in sys.modules))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    *card, loaded = run.stdout.strip().splitlines()
    assert loaded == "[]"
    data = json.loads("\n".join(card))
    for key in ("parameters", "shared_parameters", "macs", "flops", "activations", "weight_bytes",
                "zero_fraction", "by_operator", "measurements"):
        assert key in data
    m = data["measurements"][0]
    assert {"device", "provider", "batch", "latency_ms", "throughput_per_s", "peak_memory_bytes",
            "setup"} <= set(m) and set(m["latency_ms"]) >= {"p50", "p90", "p99"}
    assert data["parameters"] == 81_226
