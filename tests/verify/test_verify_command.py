"""`claimcheck profile` and `claimcheck verify` end to end, through the real CLI."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import onnx_models as M


def claimcheck(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "claimcheck", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


def test_profile_static_json_and_markdown(tiny_vit):
    run = claimcheck("profile", tiny_vit, "--static-only", "--format", "json", "--batch", "2")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["parameters"] == 81_226 and data["macs"] == 2 * 1_385_344
    assert data["measurements"] == [] and data["bindings"] == {"batch": 2}
    assert data["by_operator"]["MatMul"]["flops"] == 2 * data["by_operator"]["MatMul"]["macs"]
    md = claimcheck("profile", tiny_vit, "--static-only", "--format", "markdown")
    assert "| Parameters | 81,226 (81.23 k) |" in md.stdout and "FLOPs = 2 x MACs" in md.stdout
    assert "| Shapes | onnx shape inference |" in md.stdout and data["shape_method"] == "onnx shape inference"


def test_profile_says_each_stage_on_stderr_outside_a_terminal(tiny_vit):
    """A 10-15 s run that prints nothing looks hung in a CI log: one line per stage, on stderr,
    so stdout stays the card."""
    run = claimcheck("profile", tiny_vit, "--budget", "0.05", "--format", "json")
    assert run.returncode == 0, run.stderr
    stages = [line for line in run.stderr.splitlines() if line.startswith("claimcheck progress: ")]
    assert [s.split()[2] for s in stages] == ["loading", "counting", "measuring"]
    assert json.loads(run.stdout)["parameters"] == 81_226


def test_profile_bad_dim_option(tiny_vit):
    run = claimcheck("profile", tiny_vit, "--static-only", "--dim", "seq")
    assert run.returncode == 2 and "NAME=POSITIVE_INTEGER" in run.stderr


def test_verify_finds_linked_model_and_reports(tmp_path, save):
    shutil.copy(save(M.vit(**{"image": 32, "patch": 8, "dim": 64, "depth": 4, "heads": 4, "mlp": 128,
                              "classes": 10}, shared=True), "shared.onnx"), tmp_path / "ut.onnx")
    readme = tmp_path / "README.md"
    readme.write_text("# UT\n\nDownload [the model](ut.onnx) or [the big one](https://example.org/big.onnx).\n"
                      "It is tiny and efficient.\n")
    before = readme.read_text()
    run = claimcheck("verify", "README.md", "--budget", "0.05", "--format", "json", cwd=tmp_path)
    assert run.returncode == 1, run.stderr  # CV405 is a warning
    data = json.loads(run.stdout)
    found = {f["code"] for f in data["findings"]}
    assert {"CV404", "CV405"} <= found
    assert data["models"][0]["name"] == "ut" and data["models"][0]["measurements"]
    assert any("not fetched" in n for n in data["notes"])
    assert data["tolerances"]["params"] == "±1%"
    assert readme.read_text() == before  # never modifies user files


def test_verify_text_ends_with_markdown_card(tmp_path, tiny_vit):
    readme = tmp_path / "README.md"
    readme.write_text("# Tiny ViT\n\nA small vision transformer.\n")
    run = claimcheck("verify", str(readme), "--model", f"TinyViT={tiny_vit}", "--static-only")
    assert run.returncode == 0, run.stderr
    assert "CV404" in run.stdout and "### Cost card: TinyViT" in run.stdout
    assert run.stdout.rstrip().splitlines()[-1].startswith("_MACs are multiply-accumulates")


def test_verify_without_model_is_an_input_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Nothing\n\nNo model here, see missing.onnx.\n")
    run = claimcheck("verify", str(readme))
    assert run.returncode == 2 and "no ONNX model" in run.stderr and "missing.onnx" in run.stderr


def test_verify_uses_configured_model_aliases_the_document_names(tmp_path, tiny_vit):
    (tmp_path / "models").mkdir()
    shutil.copy(tiny_vit, tmp_path / "models" / "tv.onnx")
    (tmp_path / ".claimcheck.toml").write_text('[models]\n"TinyViT-S" = "models/tv.onnx"\n'
                                               '"Unnamed-L" = "models/missing.onnx"\n')
    (tmp_path / "README.md").write_text("# TinyViT-S\n\nTinyViT-S has 0.2M parameters.\n")
    run = claimcheck("verify", "README.md", "--static-only", "--format", "json", cwd=tmp_path)
    data = json.loads(run.stdout)
    assert [m["name"] for m in data["models"]] == ["TinyViT-S"]
    # 81,226 parameters do not round to 0.2M
    assert any(f["code"] == "CV401" for f in data["findings"]), data["findings"]


def test_verify_zoo_resnet50_correct_figures_confirmed_and_gmacs_as_gflops_caught(tmp_path):
    import verify_zoo

    (model,) = [p for p in verify_zoo.zoo_paths() if p.endswith("light_resnet50.onnx")]
    readme = tmp_path / "README.md"
    readme.write_text("# ResNet-50\n\nResNet-50 has 25.6M parameters and needs 4.1 GMACs per image.\n")
    run = claimcheck("verify", str(readme), "--model", f"ResNet-50={model}", "--static-only",
                     "--format", "json")
    data = json.loads(run.stdout)
    assert not [f for f in data["findings"] if f["severity"] == "error"], data["findings"]
    assert len(data["confirmed"]) == 2
    # 20% too many parameters, and GMACs labelled GFLOPs
    readme.write_text("# ResNet-50\n\nResNet-50 has 30.7M parameters and needs 4.1 GFLOPs per image.\n")
    data = json.loads(claimcheck("verify", str(readme), "--model", f"ResNet-50={model}", "--static-only",
                                 "--format", "json").stdout)
    by_code = {f["code"]: f for f in data["findings"]}
    assert by_code["CV401"]["severity"] == "error" and "25,557,032" in by_code["CV401"]["message"]
    assert by_code["CV402"]["severity"] == "error" and "equals the measured MACs" in by_code["CV402"]["message"]
