"""Static counts on hand-built models, against figures derived by hand in the comments."""
from __future__ import annotations

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

import onnx_models as M
from conftest import TINY_VIT
from claimcheck.errors import InputError
from claimcheck.verify.graph import profile_model, static_profile


def test_tiny_vit_counts(tiny_vit):
    p = static_profile(tiny_vit)
    # per layer: 2*64 + (64*192+192) + (64*64+64) + 2*64 + (64*128+128) + (128*64+64) = 33,472;
    # conv 64*3*8*8+64, cls 64, pos 17*64, 2 layers, final LN 128, head 64*10+10
    assert p.parameters == 12_352 + 64 + 1_088 + 2 * 33_472 + 128 + 650 == 81_226
    # per layer 17 tokens: 17*64*(192+64+128+128) projections + 2*17*17*64 attention matmuls
    attention = 2 * 17 * 17 * 64
    assert p.by_operator["MatMul"].macs == 2 * (17 * 64 * 512 + attention) == 1_188_096
    assert p.by_operator["Conv"].macs == 16 * 64 * 192
    assert p.by_operator["Gemm"].macs == 640
    assert p.macs == 1_385_344 and p.flops == 2 * p.macs
    # activations: conv 16*64, per layer qkv 17*192 + scores 4*17*17 + ctx 4*17*16 + proj 17*64
    # + fc1 17*128 + fc2 17*64, head 10
    layer = 17 * 192 + 4 * 17 * 17 + 4 * 17 * 16 + 17 * 64 + 17 * 128 + 17 * 64
    assert p.activations == 1024 + 2 * layer + 10
    assert p.shared_parameters == 0 and p.buffers == 0
    assert p.weight_bytes == {"float32": 4 * 81_226}
    assert p.by_operator["Softmax"].element_ops == 2 * 4 * 17 * 17
    assert not p.uncounted


def test_formula_matches_reference_vit_b16_shape():
    # the builder's hand formula gives the published ViT-B/16 and B/32 figures
    assert M.vit_counts() == {"params": 86_567_656, "macs": 17_563_828_224, "layer_params": 7_087_872}
    assert M.vit_counts(patch=32)["params"] == 88_224_232
    assert round(M.vit_counts(patch=32)["macs"] / 1e9, 2) == 4.41


def test_batch_scales_macs_not_parameters(tiny_vit):
    one, four = static_profile(tiny_vit), static_profile(tiny_vit, batch=4)
    assert four.macs == 4 * one.macs and four.parameters == one.parameters
    assert four.bindings == {"batch": 4}


def test_shared_weight_transformer():
    m = M.vit(**{**TINY_VIT, "depth": 6}, shared=True)
    p = profile_model(m)
    assert p.parameters == 12_352 + 64 + 1_088 + 33_472 + 128 + 650 == 47_754
    assert p.shared_parameters == 33_472  # every layer weight, used by 6 nodes
    assert p.parameter_uses == 47_754 + 5 * 33_472
    assert p.macs == 16 * 64 * 192 + 6 * (17 * 64 * 512 + 2 * 17 * 17 * 64) + 640
    assert all(w.uses == 6 for w in p.parameter_tensors if w.name.startswith("layer0"))


def test_small_resnet_with_batchnorm_buffers():
    p = profile_model(M.resnet(blocks=(1, 1), widths=(4, 8), image=32, stem=8, classes=10))
    # convs: stem 8*3*49, s0: 8*4, 4*4*9, 4*16, down 8*16; s1: 16*8, 8*8*9, 8*32, down 16*32
    convs = 1176 + 32 + 144 + 64 + 128 + 128 + 576 + 256 + 512
    bn = 2 * (8 + 4 + 4 + 16 + 16 + 8 + 8 + 32 + 32)
    assert p.parameters == convs + bn + 330 == 3_602
    assert p.buffers == bn  # running mean and variance are not parameters
    # stem at 16x16: 256*8*147; stage 0 at 8x8; stage 1 3x3 stride 2 and down at 4x4; fc 320
    assert p.macs == 301_056 + 2_048 + 9_216 + 4_096 + 8_192 + 8_192 + 9_216 + 4_096 + 8_192 + 320
    assert p.by_operator["MaxPool"].element_ops == 8 * 8 * 8 * 9


def test_moe_routing_compute_follows_k_parameters_follow_experts():
    two = profile_model(M.moe(tokens=8, dim=16, hidden=32, experts=8, top_k=2))
    four = profile_model(M.moe(tokens=8, dim=16, hidden=32, experts=8, top_k=4))
    assert two.parameters == four.parameters == 16 * 8 + 2 * 8 * 16 * 32
    # router 8*16*8; each expert matmul tokens*k*16*32
    assert two.macs == 1024 + 2 * 8 * 2 * 16 * 32 == 17_408
    assert four.macs == 1024 + 2 * 8 * 4 * 16 * 32
    assert two.by_operator["TopK"].element_ops == 8 * 8


def test_pruned_model_zero_fraction_and_effective_macs():
    p = profile_model(M.pruned_mlp(dims=(64, 128, 10), sparsity=0.75))
    by_name = {w.name: w for w in p.parameter_tensors}
    assert by_name["w0"].zeros == 6144 and by_name["w1"].zeros == 960
    assert by_name["b0"].zero_fraction == 1.0  # biases are zero-initialised
    assert p.zero_fraction == pytest.approx((6144 + 960 + 138) / 9610)
    assert p.macs == 64 * 128 + 128 * 10
    assert p.effective_macs == 2048 + 320


def test_grouped_dilated_conv():
    m = M.single_op("Conv", {"x": [1, 8, 10, 10]}, {"w": np.ones((16, 2, 3, 3), np.float32)},
                    [1, 16, 6, 6], ["x", "w"], group=4, dilations=[2, 2], kernel_shape=[3, 3])
    p = profile_model(m)
    assert p.macs == 16 * 6 * 6 * 2 * 9 and p.parameters == 288 and p.activations == 576


def test_conv_transpose():
    m = M.single_op("ConvTranspose", {"x": [1, 4, 5, 5]}, {"w": np.ones((4, 3, 2, 2), np.float32)},
                    [1, 3, 10, 10], ["x", "w"], strides=[2, 2], kernel_shape=[2, 2])
    assert profile_model(m).macs == 4 * 25 * 3 * 4


@pytest.mark.parametrize("equation,a,b,out", [
    ("bij,bjk->bik", [2, 3, 4], [2, 4, 5], [2, 3, 5]),
    ("...ij,jk->...ik", [2, 3, 4], [4, 5], [2, 3, 5]),
    ("bij,bjk", [2, 3, 4], [2, 4, 5], [2, 3, 5]),  # implicit output
])
def test_einsum(equation, a, b, out):
    m = M.single_op("Einsum", {"a": a, "b": b}, {}, out, ["a", "b"], opset=17, equation=equation)
    assert profile_model(m).macs == 2 * 3 * 4 * 5


@pytest.mark.parametrize("op,gates,directions", [("LSTM", 4, 1), ("GRU", 3, 2), ("RNN", 1, 1)])
def test_recurrent_over_sequence(op, gates, directions):
    seq, batch, inp, hidden = 5, 2, 3, 4
    weights = {"W": np.ones((directions, gates * hidden, inp), np.float32),
               "R": np.ones((directions, gates * hidden, hidden), np.float32)}
    m = M.single_op(op, {"x": [seq, batch, inp]}, weights, [seq, directions, batch, hidden],
                    ["x", "W", "R"], hidden_size=hidden,
                    direction="bidirectional" if directions == 2 else "forward")
    p = profile_model(m)
    assert p.macs == seq * batch * directions * gates * hidden * (inp + hidden)
    assert p.parameters == directions * gates * hidden * (inp + hidden)


def test_attention_operator():
    b, h, s, d = 1, 2, 6, 8
    m = M.single_op("Attention", {"q": [b, h, s, d], "k": [b, h, s, d], "v": [b, h, s, d]}, {},
                    [b, h, s, d], ["q", "k", "v"], opset=23)
    assert profile_model(m).macs == b * h * s * s * (d + d)


def test_constant_node_weights_and_integer_constants():
    weight = helper.make_node("Constant", [], ["w"], value=numpy_helper.from_array(np.ones((8, 4), np.float32)))
    shape = helper.make_node("Constant", [], ["shape"], value=numpy_helper.from_array(np.array([-1, 4], np.int64)))
    scale = helper.make_node("Constant", [], ["s"], value=numpy_helper.from_array(np.array(0.5, np.float32)))
    nodes = [weight, shape, scale, helper.make_node("MatMul", ["x", "w"], ["h"]),
             helper.make_node("Mul", ["h", "s"], ["h2"]), helper.make_node("Reshape", ["h2", "shape"], ["y"])]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 4])])
    p = profile_model(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]))
    assert p.parameters == 32 and [w.name for w in p.parameter_tensors] == ["w"]
    assert p.macs == 3 * 8 * 4


def _dynamic_model():
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "seq", 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "seq", 4])],
        [numpy_helper.from_array(np.ones((8, 4), np.float32), "w")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_symbolic_dims_bound_by_name_and_batch():
    p = profile_model(_dynamic_model(), batch=2, dims={"seq": 10})
    assert p.macs == 2 * 10 * 8 * 4 and p.bindings == {"batch": 2, "seq": 10}


def test_unbound_dim_is_named():
    with pytest.raises(InputError, match=r"'seq' \(input 'x', axis 1\).*--dim"):
        profile_model(_dynamic_model(), path="m.onnx")


def test_unknown_dim_name_is_refused():
    with pytest.raises(InputError, match="no symbolic dimension named 'sequence'"):
        profile_model(_dynamic_model(), path="m.onnx", dims={"seq": 3, "sequence": 4})


def test_computed_reshape_shapes_come_from_symbolic_inference(tmp_path, monkeypatch):
    from claimcheck.verify.graph import SHAPES_SYMBOLIC

    monkeypatch.chdir(tmp_path)
    p = profile_model(M.computed_reshape_attention(seq=16, dim=64, heads=4))
    # scores [1, 4, 16, 16], each the dot product of a 16-wide head
    assert p.by_operator["MatMul"].macs == 4 * 16 * 16 * 16
    assert not p.uncounted and p.shape_method == SHAPES_SYMBOLIC
    assert p.to_json()["shape_method"] == SHAPES_SYMBOLIC
    assert not list(tmp_path.iterdir())  # nothing written to the working directory


def test_without_symbolic_inference_the_matmul_is_uncounted_and_the_method_says_why(monkeypatch):
    from claimcheck.verify import graph

    monkeypatch.setattr(graph, "_symbolic_shapes", lambda model: (None, "unavailable: no sympy"))
    p = profile_model(M.computed_reshape_attention())
    assert p.macs == 0 and len(p.uncounted) == 1
    assert p.shape_method == "onnx shape inference (onnxruntime symbolic shape inference unavailable: no sympy)"


def test_coverage_counts_macs_bearing_nodes_and_reports_the_uncounted(tiny_vit, monkeypatch):
    from claimcheck.verify import graph
    from claimcheck.verify.card import render_markdown

    p = static_profile(tiny_vit)  # 12 MatMul, 1 Conv, 1 Gemm, all counted
    assert p.to_json()["coverage"] == {"macs_bearing_nodes": 14, "uncounted_macs_bearing_nodes": 0,
                                       "uncounted_share": 0.0, "uncounted_by_operator": {}}
    assert "| Coverage | all 14 MACs-bearing nodes counted |" in render_markdown(p, [])
    monkeypatch.setattr(graph, "_symbolic_shapes", lambda model: (None, "unavailable: test"))
    p = profile_model(M.computed_reshape_attention())
    assert p.coverage.to_json()["uncounted_by_operator"] == {"MatMul": 1}
    assert "1 of 1 MACs-bearing nodes (100.0%: MatMul ×1) not counted" in render_markdown(p, [])


def test_loop_whose_body_multiplies_is_a_macs_bearing_uncounted_node():
    body = helper.make_graph(
        [helper.make_node("MatMul", ["x_in", "w"], ["x_out"]),
         helper.make_node("Identity", ["cond_in"], ["cond_out"])], "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("x_in", TensorProto.FLOAT, [1, 8])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("x_out", TensorProto.FLOAT, [1, 8])])
    w = numpy_helper.from_array(np.eye(8, dtype=np.float32), "w")
    trips = numpy_helper.from_array(np.array(3, np.int64), "trips")
    cond = numpy_helper.from_array(np.array(True), "cond")
    g = helper.make_graph([helper.make_node("Loop", ["trips", "cond", "x"], ["y"], body=body)], "g",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8])], [w, trips, cond])
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    p = profile_model(model)
    assert p.coverage.uncounted == {"Loop": 1} and p.coverage.macs_bearing_nodes == 1


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.float64])
def test_zero_count_takes_both_signed_zeros_and_no_nan(dtype):
    from claimcheck.verify.graph import _count_zeros

    values = np.array([0.0, -0.0, np.nan, 1.0, 0.0, -2.5e-3], dtype)
    assert _count_zeros(numpy_helper.from_array(values, "w"), values.size) == 3
