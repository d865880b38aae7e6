"""A model is input from a stranger: every way out of its folder or its memory budget is refused."""
from __future__ import annotations

import os
import subprocess
import sys

import onnx
import pytest
from onnx import TensorProto, helper

import onnx_models as M
from claimcheck.errors import InputError
from claimcheck.verify.graph import static_profile


def _mlp():
    return M.pruned_mlp(dims=(16, 8), sparsity=0.0)


def _external(tmp_path, location="weights.bin"):
    """Save a model with its weights in an external file, then point them at `location`."""
    folder = tmp_path / "model"
    folder.mkdir()
    path = folder / "m.onnx"
    onnx.save(_mlp(), str(path), save_as_external_data=True, all_tensors_to_one_file=True,
              location="weights.bin", size_threshold=0)
    model = onnx.load(str(path), load_external_data=False)
    for t in model.graph.initializer:
        for entry in t.external_data:
            if entry.key == "location":
                entry.value = location
    onnx.save(model, str(path))
    return folder, path


def test_external_data_inside_folder_loads(tmp_path):
    folder, path = _external(tmp_path)
    p = static_profile(str(path))
    assert p.parameters == 16 * 8 + 8
    assert p.file_bytes == path.stat().st_size + (folder / "weights.bin").stat().st_size


@pytest.mark.parametrize("location", ["../weights.bin", "/etc/passwd", "sub/../../weights.bin"])
def test_external_data_leaving_folder_refused(tmp_path, location):
    _, path = _external(tmp_path, location)
    with pytest.raises(InputError, match="leaves the model's folder"):
        static_profile(str(path))


def test_external_data_symlink_out_refused(tmp_path):
    folder, path = _external(tmp_path, "link.bin")
    outside = tmp_path / "secret.bin"
    outside.write_bytes((folder / "weights.bin").read_bytes())
    os.symlink(outside, folder / "link.bin")
    with pytest.raises(InputError, match="resolves outside"):
        static_profile(str(path))


def test_external_data_shorter_than_declared_refused(tmp_path):
    folder, path = _external(tmp_path)
    (folder / "weights.bin").write_bytes(b"\0" * 16)
    with pytest.raises(InputError, match="does not hold"):
        static_profile(str(path))


def _with_initializer(tensor, tmp_path):
    graph = helper.make_graph([helper.make_node("MatMul", ["x", tensor.name], ["y"])], "g",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], [tensor])
    path = tmp_path / "m.onnx"
    path.write_bytes(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString())
    return str(path)


def test_absurd_declared_size_refused_before_allocation(tmp_path):
    tensor = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4, 10**6, 10**6], raw_data=b"\0" * 16)
    with pytest.raises(InputError, match=r"declares 14901\.2 GiB"):
        static_profile(_with_initializer(tensor, tmp_path))


def test_declared_size_disagreeing_with_data_refused(tmp_path):
    tensor = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4, 4], raw_data=b"\0" * 12)
    with pytest.raises(InputError, match="declares 64 bytes .* but holds 12"):
        static_profile(_with_initializer(tensor, tmp_path))


def test_invalid_protobuf(tmp_path):
    path = tmp_path / "bad.onnx"
    path.write_bytes(b"\x08\x07this is not a protobuf \xff\xff\xff")
    with pytest.raises(InputError, match="not a valid ONNX model"):
        static_profile(str(path))


def _one_node(tmp_path, op_type, domain=""):
    node = helper.make_node(op_type, ["x"], ["y"], domain=domain)
    graph = helper.make_graph([node], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid(domain, 1)] if domain else [])
    path = tmp_path / "m.onnx"
    path.write_bytes(helper.make_model(graph, opset_imports=opsets).SerializeToString())
    return str(path)


def test_unknown_operator(tmp_path):
    with pytest.raises(InputError, match="unknown operator 'FancyConv'"):
        static_profile(_one_node(tmp_path, "FancyConv"))


def test_custom_op_domain(tmp_path):
    with pytest.raises(InputError, match="custom-op domain 'com.example'"):
        static_profile(_one_node(tmp_path, "Relu", "com.example"))


@pytest.mark.parametrize("kind", ["protobuf", "custom", "missing"])
def test_cli_gives_one_line_and_exit_2(tmp_path, kind):
    if kind == "protobuf":
        path = tmp_path / "bad.onnx"
        path.write_bytes(b"\x08\x07garbage\xff\xff")
    elif kind == "custom":
        path = _one_node(tmp_path, "Relu", "com.example")
    else:
        path = tmp_path / "nothere.onnx"
    run = subprocess.run([sys.executable, "-m", "claimcheck", "profile", str(path), "--static-only"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    # besides the progress lines ("claimcheck progress: loading ..."), exactly one line: the error
    lines = [ln for ln in run.stderr.strip().splitlines() if not ln.startswith("claimcheck progress: ")]
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in run.stderr
