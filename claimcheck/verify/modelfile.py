"""Loading an ONNX model from a stranger, safely.

A model file is untrusted input: its external-data paths may point anywhere on disk, its declared
tensor sizes may be absurd, its operators may be custom code. Everything is checked before any
tensor data is read or allocated; each failure is one InputError naming the file and the cause.
"""
from __future__ import annotations

import os
from pathlib import Path

from claimcheck.errors import InputError

MAX_MODEL_BYTES = 16 * 2**30  # the whole model, weights included
MAX_TENSOR_BYTES = 8 * 2**30  # one declared tensor
STANDARD_DOMAINS = ("", "ai.onnx", "ai.onnx.ml")

# bytes per element of onnx.TensorProto data types (sub-byte types rounded up)
_ITEMSIZE = {1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8,
             14: 8, 15: 16, 16: 2, 17: 1, 18: 1, 19: 1, 20: 1, 21: 1, 22: 1, 23: 1}


def itemsize(data_type: int) -> int:
    return _ITEMSIZE.get(data_type, 8)


def load_model(path: str, max_tensor_bytes: int = MAX_TENSOR_BYTES):
    """Parse, validate and return (ModelProto with all tensor data in memory, file_bytes)."""
    import onnx
    from google.protobuf.message import DecodeError

    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if not p.is_file():
        raise InputError(path, "not a file")
    size = p.stat().st_size
    if size > MAX_MODEL_BYTES:
        raise InputError(path, f"model file too large ({size / 2**30:.1f} GiB)")
    try:
        model = onnx.load_model_from_string(p.read_bytes())
    except (DecodeError, ValueError, RuntimeError) as exc:
        raise InputError(path, f"not a valid ONNX model (protobuf parse failed: "
                               f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if not model.HasField("graph") or (not model.graph.node and not model.graph.output):
        raise InputError(path, "not a valid ONNX model (no graph)")
    if model.functions:
        from onnx import inliner

        try:
            model = inliner.inline_local_functions(model)
        except Exception as exc:  # onnx raises ValidationError/RuntimeError on recursive functions
            raise InputError(path, f"model-local functions refused: {_first_line(exc)}") from None
    check_operators(model, path)
    external = check_tensors(model, path, max_tensor_bytes)
    if external:
        external_bytes = _load_external(model, p, external)
        size += external_bytes
    return model, size


def _graphs(graph):
    """The graph and every subgraph (If/Loop/Scan bodies) below it."""
    yield graph
    for node in graph.node:
        for attr in node.attribute:
            if attr.HasField("g"):
                yield from _graphs(attr.g)
            for g in attr.graphs:
                yield from _graphs(g)


def check_operators(model, path: str) -> None:
    """Refuse custom-op domains and operators unknown to ONNX or onnxruntime: they would run
    foreign code in onnxruntime, and their cost cannot be counted. onnxruntime's own contrib
    operators (com.microsoft, which its optimiser and quantiser write) are accepted."""
    import onnx.defs

    from claimcheck.verify.contrib import ORT_DOMAINS

    for graph in _graphs(model.graph):
        for node in graph.node:
            domain = node.domain
            if domain in ORT_DOMAINS:
                known = _ort_operators()
                if known is not None and (node.op_type, domain) not in known:
                    raise InputError(path, f"unknown operator {node.op_type!r} (node "
                                           f"{node.name or node.output[0]!r}) in onnxruntime's "
                                           f"{domain!r} domain")
                continue
            if domain not in STANDARD_DOMAINS:
                raise InputError(path, f"custom-op domain {domain!r} (operator {node.op_type}, node "
                                       f"{node.name or node.output[0]!r}) is not supported: only "
                                       "standard ONNX operators and onnxruntime's contrib operators "
                                       f"({', '.join(ORT_DOMAINS)}) are counted and run")
            if not onnx.defs.has(node.op_type, "" if domain == "ai.onnx" else domain):
                raise InputError(path, f"unknown operator {node.op_type!r} (node "
                                       f"{node.name or node.output[0]!r}) in the ONNX domain")


_ORT_OPERATORS: set[tuple[str, str]] | None = None


def _ort_operators() -> set[tuple[str, str]] | None:
    """(operator, domain) of every operator schema this onnxruntime registers; None where its
    build does not list them (onnxruntime then refuses an unknown one when the session loads)."""
    global _ORT_OPERATORS
    if _ORT_OPERATORS is None:
        try:
            from onnxruntime.capi import onnxruntime_pybind11_state as ort_state

            _ORT_OPERATORS = {(s.name, s.domain) for s in ort_state.get_all_operator_schema()}
        except (ImportError, AttributeError):
            return None
    return _ORT_OPERATORS


def _all_tensors(model):
    """Every TensorProto in the model: initializers and Constant/attribute tensors."""
    for graph in _graphs(model.graph):
        yield from graph.initializer
        for node in graph.node:
            for attr in node.attribute:
                if attr.HasField("t"):
                    yield attr.t
                yield from attr.tensors


def check_tensors(model, path: str, max_tensor_bytes: int) -> list:
    """Check every declared tensor size before any data is read or allocated; return the
    tensors whose data lives in external files."""
    from onnx import TensorProto

    external = []
    for t in _all_tensors(model):
        elements = 1
        for d in t.dims:
            if d < 0:
                raise InputError(path, f"tensor {t.name!r} declares a negative dimension {d}")
            elements *= d
        declared = elements * itemsize(t.data_type)
        if declared > max_tensor_bytes:
            raise InputError(path, f"tensor {t.name!r} declares {declared / 2**30:.1f} GiB "
                                   f"(dims {list(t.dims)}); the limit is {max_tensor_bytes / 2**30:.1f} GiB")
        if t.data_location == TensorProto.EXTERNAL:
            external.append(t)
        elif t.HasField("raw_data") and t.data_type not in (TensorProto.STRING,) \
                and itemsize(t.data_type) > 1 and len(t.raw_data) != declared:
            raise InputError(path, f"tensor {t.name!r} declares {declared} bytes (dims {list(t.dims)}) "
                                   f"but holds {len(t.raw_data)}")
    return external


def _load_external(model, model_path: Path, tensors: list) -> int:
    """Read external data, refusing any location that leaves the model's folder; return the
    size of the external files."""
    from onnx import external_data_helper

    path = str(model_path)
    folder = model_path.resolve().parent
    files: set[Path] = set()
    for t in tensors:
        info = {e.key: e.value for e in t.external_data}
        location = info.get("location", "")
        if not location:
            raise InputError(path, f"tensor {t.name!r}: external data without a location")
        rel = Path(location)
        if rel.is_absolute() or location.startswith(("/", "\\")) or ".." in rel.parts \
                or ":" in location:
            raise InputError(path, f"tensor {t.name!r}: external data location {location!r} leaves "
                                   "the model's folder; refused")
        target = model_path.parent / rel
        resolved = Path(os.path.realpath(target))
        if folder not in resolved.parents:
            raise InputError(path, f"tensor {t.name!r}: external data {location!r} resolves outside "
                                   "the model's folder (symlink); refused")
        if not resolved.is_file():
            raise InputError(path, f"tensor {t.name!r}: external data file {location!r} not found")
        if resolved.stat().st_nlink > 1:
            # a hard link may be a file from anywhere on the same disk: no path check sees it
            raise InputError(path, f"tensor {t.name!r}: external data {location!r} has "
                                   f"{resolved.stat().st_nlink} hard links (it may be a file from "
                                   "outside the model's folder); refused")
        expected = itemsize(t.data_type)
        for d in t.dims:
            expected *= d
        offset = _integer(info.get("offset", 0) or 0, path, t.name, "offset")
        length = _integer(info.get("length", expected) or expected, path, t.name, "length")
        if offset < 0 or length != expected or offset + length > resolved.stat().st_size:
            raise InputError(path, f"tensor {t.name!r}: external data {location!r} does not hold the "
                                   f"{expected} bytes declared at offset {offset}")
        files.add(resolved)
    try:
        external_data_helper.load_external_data_for_model(model, str(model_path.parent))
    except Exception as exc:  # onnx's own checks (ValidationError and the like): still a refusal
        raise InputError(path, f"external data refused: {_first_line(exc)}") from None
    return sum(f.stat().st_size for f in files)


def _integer(value, path: str, tensor: str, key: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise InputError(path, f"tensor {tensor!r}: external data {key} {value!r} is not an "
                               "integer; refused") from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__
