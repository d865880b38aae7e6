"""onnxruntime contrib operators (com.microsoft): counted where their cost is defined, listed as
uncounted otherwise, refused only when onnxruntime does not know them; graphs really written by
onnxruntime's optimiser are profiled."""
from __future__ import annotations

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

import onnx_models as M
from claimcheck.errors import InputError
from claimcheck.verify.graph import profile_model, static_profile

MS = "com.microsoft"


def _model(nodes, inputs, outputs, initializers):
    graph = helper.make_graph(nodes, "g", inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)])
    model.ir_version = 8
    return model


def _weight(name, shape, dtype=np.float32):
    return numpy_helper.from_array(np.full(shape, 1, dtype), name)


def _fp(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def test_fused_conv_counts_like_conv_and_feeds_later_shapes():
    # FusedConv 3→8, 3x3, pad 1 on 16x16, Relu; then a standard Conv 8→4 1x1 on its output:
    # onnx knows no FusedConv, so the second Conv's shape comes from the Conv stand-in
    nodes = [helper.make_node("FusedConv", ["x", "w", "b"], ["h"], domain=MS, activation="Relu",
                              kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
             helper.make_node("Conv", ["h", "w2"], ["y"], kernel_shape=[1, 1])]
    p = profile_model(_model(nodes, [_fp("x", [1, 3, 16, 16])], [_fp("y", None)],
                             [_weight("w", [8, 3, 3, 3]), _weight("b", [8]), _weight("w2", [4, 8, 1, 1])]))
    assert p.by_operator["FusedConv"].macs == 8 * 16 * 16 * 3 * 3 * 3  # |Y| * C_in * k * k
    assert p.by_operator["FusedConv"].element_ops == 2 * 8 * 16 * 16  # bias and Relu
    assert p.by_operator["Conv"].macs == 4 * 16 * 16 * 8
    assert p.parameters == 8 * 27 + 8 + 32 and p.coverage.uncounted == {}


def test_qlinear_conv_counts_macs_and_int8_weights():
    u8 = lambda name, shape: helper.make_tensor_value_info(name, TensorProto.UINT8, shape)  # noqa: E731
    scalars = [numpy_helper.from_array(np.array(v, dt), n) for n, v, dt in [
        ("xs", 0.1, np.float32), ("xz", 0, np.uint8), ("ws", 0.1, np.float32), ("wz", 0, np.int8),
        ("ys", 0.1, np.float32), ("yz", 0, np.uint8)]]
    w = numpy_helper.from_array(np.ones([16, 4, 3, 3], np.int8), "w")
    node = helper.make_node("QLinearConv", ["x", "xs", "xz", "w", "ws", "wz", "ys", "yz"], ["y"],
                            domain=MS, kernel_shape=[3, 3], strides=[2, 2])
    pool = helper.make_node("QLinearGlobalAveragePool", ["y", "ys", "yz", "ys", "yz"], ["z"], domain=MS)
    p = profile_model(_model([node, pool], [u8("x", [1, 4, 9, 9])], [u8("z", None)], [w, *scalars]))
    assert p.by_operator["QLinearConv"].macs == 16 * 4 * 4 * (4 * 3 * 3)  # 9x9, 3x3 stride 2 → 4x4
    assert p.by_operator["QLinearGlobalAveragePool"].element_ops == 16 * 4 * 4
    assert p.parameters == 16 * 4 * 9 and p.weight_bytes == {"int8": 576}


def test_fused_matmul_and_attention():
    # FusedMatMul with transB: [2, 5, 8] x [6, 8]ᵀ; Attention over [1, 4, 8] with 2 heads
    nodes = [helper.make_node("FusedMatMul", ["a", "b"], ["c"], domain=MS, transB=1),
             helper.make_node("Attention", ["x", "wqkv", "bqkv"], ["att"], domain=MS, num_heads=2)]
    p = profile_model(_model(nodes, [_fp("a", [2, 5, 8]), _fp("x", [1, 4, 8])],
                             [_fp("c", None), _fp("att", None)],
                             [_weight("b", [6, 8]), _weight("wqkv", [8, 24]), _weight("bqkv", [24])]))
    assert p.by_operator["FusedMatMul"].macs == 2 * 5 * 6 * 8
    # projections 4 tokens * 8 * 24; per head scores 4x4 over head size 4, for Q·Kᵀ and ·V
    assert p.by_operator["Attention"].macs == 4 * 8 * 24 + 2 * 4 * 4 * (4 + 4)
    assert p.coverage.uncounted == {}


def test_contrib_op_without_a_defined_cost_is_listed_uncounted():
    node = helper.make_node("Inverse", ["x"], ["y"], domain=MS)
    p = profile_model(_model([node], [_fp("x", [3, 3])], [_fp("y", None)], []))
    assert p.coverage.uncounted == {"Inverse": 1} and p.coverage.share == 1.0


def _one_node_file(tmp_path, op_type, domain):
    path = tmp_path / "m.onnx"
    model = _model([helper.make_node(op_type, ["x"], ["y"], domain=domain)], [_fp("x", [2])],
                   [_fp("y", [2])], [])
    path.write_bytes(model.SerializeToString())
    return str(path)


def test_operator_onnxruntime_does_not_know_is_refused(tmp_path):
    with pytest.raises(InputError, match="unknown operator 'FancyGelu' .* in onnxruntime's 'com.microsoft' domain"):
        static_profile(_one_node_file(tmp_path, "FancyGelu", MS))
    assert static_profile(_one_node_file(tmp_path, "Gelu", MS)).by_operator["Gelu"].element_ops == 2


def _optimise(source: str, target: str) -> None:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    options.optimized_model_filepath = target
    options.log_severity_level = 3
    ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])


def test_onnxruntime_optimised_small_resnet_is_profiled(tmp_path, save):
    source = save(M.resnet(blocks=(1, 1), widths=(4, 8), image=32, stem=8, classes=10), "small_resnet.onnx")
    target = str(tmp_path / "small_resnet.opt.onnx")
    _optimise(source, target)
    before, after = static_profile(source), static_profile(target)
    assert "FusedConv" in after.by_operator and "BatchNormalization" not in after.by_operator
    assert after.macs == before.macs and after.coverage.uncounted == {}


def test_onnxruntime_optimised_zoo_resnet50_is_profiled(tmp_path):
    import verify_zoo

    (source,) = [p for p in verify_zoo.zoo_paths() if p.endswith("light_resnet50.onnx")]
    target = str(tmp_path / "resnet50.opt.onnx")
    _optimise(source, target)
    p = static_profile(target)
    assert p.by_operator["FusedConv"].nodes == 33 and p.coverage.uncounted == {}
    assert p.macs == verify_zoo.reference_counts(source)["macs"] == 4_089_184_256
    # batch-norm folding: 53 scale and 53 shift vectors become 53 conv biases (-26,560 weights)
    assert p.parameters == 25_557_032 - 26_560


def test_int8_quantised_resnet_is_profiled_with_its_integer_weights(tmp_path, save):
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

    source = save(M.resnet(blocks=(1, 1), widths=(4, 8), image=32, stem=8, classes=10, batch=1),
                  "small_resnet_b1.onnx")
    class Images(CalibrationDataReader):
        def __init__(self):
            self.left = 2

        def get_next(self):
            self.left -= 1
            return {"image": np.random.default_rng(self.left).random((1, 3, 32, 32), np.float32)} \
                if self.left >= 0 else None

    target = str(tmp_path / "int8.onnx")
    quantize_static(source, target, Images(), quant_format=QuantFormat.QOperator,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)
    p, fp32 = static_profile(target), static_profile(source)
    assert p.by_operator["QLinearConv"].nodes == 9 and "QGemm" in p.by_operator
    assert p.coverage.uncounted == {} and p.macs == fp32.macs
    # int8 kernels, the head's int32 bias and the float batch norms it leaves: the float model's
    # 3,602 parameters, one for one
    assert p.parameters == fp32.parameters == 3_602
    assert p.weight_bytes == {"float32": 4 * 256, "int8": 3_336, "int32": 4 * 10}


def test_malformed_contrib_nodes_are_uncounted_not_a_crash():
    # Attention without num_heads; QGemm with too few inputs for its stand-in
    nodes = [helper.make_node("Attention", ["x", "w"], ["a"], domain=MS),
             helper.make_node("QGemm", ["x"], ["q"], domain=MS)]
    p = profile_model(_model(nodes, [_fp("x", [1, 4, 8])], [_fp("a", None), _fp("q", None)],
                             [_weight("w", [8, 24])]))
    assert p.coverage.uncounted == {"Attention": 1, "QGemm": 1}
