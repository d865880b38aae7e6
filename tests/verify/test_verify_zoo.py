"""Counts on the model-zoo graphs that ship inside the onnx wheel (IR version 3, weights stored as
ConstantOfShape of a constant shape), against benchmarks/verify_zoo.py's independent reference
(shapes from running the graph in onnxruntime, formulas of its own) and published figures."""
from __future__ import annotations

from pathlib import Path

import pytest

import verify_zoo  # benchmarks/, on the path from conftest
from claimcheck.verify.graph import static_profile

ZOO = {Path(p).stem.removeprefix("light_"): p for p in verify_zoo.zoo_paths()}
pytestmark = pytest.mark.skipif(not ZOO, reason="this onnx wheel ships no light/ zoo graphs")


@pytest.mark.parametrize("name", sorted(n for n in ZOO if n != "vgg19"))  # vgg19: 2 s of reference
def test_zoo_graph_exact_against_reference(name):
    p = static_profile(ZOO[name])
    ref = verify_zoo.reference_counts(ZOO[name])
    assert not p.uncounted
    assert (p.parameters, p.macs) == (ref["params"], ref["macs"])


@pytest.mark.parametrize("name, params", [
    ("resnet50", 25_557_032),  # torchvision's and Caffe2's ResNet-50
    ("vgg19", 143_667_240),
    ("bvlc_alexnet", 60_965_224),
    ("squeezenet", 1_235_496),
])
def test_zoo_parameters_match_published_counts(name, params):
    assert static_profile(ZOO[name]).parameters == params


def test_ir3_graph_counts_convs_whose_weights_are_not_graph_inputs():
    # DenseNet-121 is IR version 3; its 848 initializers are also graph inputs, but the weight-less
    # inference copy does not list them: onnx then left 120 of 121 Conv outputs unknown (118 M of
    # 2.83 G MACs) until the copy's IR version is raised to 4
    import onnx

    p = static_profile(ZOO["densenet121"])
    assert p.by_operator["Conv"].nodes == 121 and p.by_operator["Conv"].macs > 2.8e9
    assert not p.uncounted
    # running mean and variance of each BatchNormalization are buffers, not parameters
    graph = onnx.load(ZOO["densenet121"]).graph
    channels = {t.name: t.dims[0] for t in graph.initializer}  # small ones are kept as they are
    channels.update((t.name.removesuffix("__SHAPE"), int(onnx.numpy_helper.to_array(t)[0]))
                    for t in graph.initializer if t.name.endswith("__SHAPE"))
    bn = [n for n in graph.node if n.op_type == "BatchNormalization"]
    assert p.buffers == sum(channels[n.input[3]] + channels[n.input[4]] for n in bn)
