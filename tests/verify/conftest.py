"""Small models for the verifier's tests, written once per session to a temporary folder."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))  # verify_zoo's reference

import onnx_models  # noqa: E402

# ViT with 32x32 images, 8x8 patches (16 patches + class token), width 64, 2 layers, 4 heads
TINY_VIT = dict(image=32, patch=8, dim=64, depth=2, heads=4, mlp=128, classes=10)


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def save(model_dir):
    import onnx

    def write(model, name: str) -> str:
        path = model_dir / name
        onnx.save(model, str(path))
        return str(path)

    return write


@pytest.fixture(scope="session")
def tiny_vit(save):
    return save(onnx_models.vit(**TINY_VIT), "tiny_vit.onnx")
