"""Measured cost with onnxruntime: latency, throughput and peak memory, each with its setup.

Measurement runs in a child process (`python -m claimcheck.verify.runtime`), for three reasons:
its RSS high-water mark is the model's peak memory and not ours, a model that hangs or eats memory
can be killed at a time or memory limit, and a crash in a native kernel cannot take the linter
down. The child speaks JSON lines on stdout: progress events, then one result per phase.
"""
from __future__ import annotations

import json
import os
import platform
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from claimcheck.errors import InputError

DEFAULT_THROUGHPUT_BATCH = 8
MAX_INPUT_BYTES = 2 * 2**30  # inputs the child would allocate, all together


@dataclass
class MeasureOptions:
    device: str = "cpu"  # cpu | cuda
    throughput_batch: int | None = None  # None: DEFAULT_THROUGHPUT_BATCH where the batch is free
    budget_s: float = 2.0  # timed runs per phase, after warm-up
    min_runs: int = 5
    max_runs: int = 10_000
    warmup: int = 3
    threads: int = 0  # 0: onnxruntime's default (one per physical core)
    arena: bool = True
    timeout_s: float = 300.0
    memory_limit_bytes: int = 16 * 2**30


def cuda_available() -> bool:
    import onnxruntime as ort

    return "CUDAExecutionProvider" in ort.get_available_providers()


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def plan_phases(graph, path: str, dims: dict[str, int], options: MeasureOptions) -> list[dict]:
    """Input shapes for the latency phase (batch 1) and the throughput phase (a larger batch),
    refused before anything is allocated when they would exceed MAX_INPUT_BYTES."""
    from claimcheck.verify.graph import bind_inputs
    from claimcheck.verify.modelfile import itemsize

    dtypes = {i.name: i.type.tensor_type.elem_type for i in graph.input}
    _, bindings = bind_inputs(graph, 1, dims, path)
    free_batch = any(name not in dims for name in bindings)
    batches = [1, options.throughput_batch or DEFAULT_THROUGHPUT_BATCH] if free_batch else [None]
    phases = []
    for batch in dict.fromkeys(batches):
        shapes, _ = bind_inputs(graph, batch or 1, dims, path)
        total = sum(itemsize(dtypes[n]) * _prod(s) for n, s in shapes.items())
        if total > MAX_INPUT_BYTES:
            raise InputError(path, f"inputs at batch {batch} would take {total / 2**30:.1f} GiB; the "
                                   f"limit is {MAX_INPUT_BYTES / 2**30:.0f} GiB (lower --batch or --dim)")
        if batch is None:
            first = next(iter(shapes.values()), [1])
            batch = first[0] if first else 1
        phases.append({"batch": batch, "inputs": {n: [s, dtypes[n]] for n, s in shapes.items()}})
    return phases


def _prod(shape) -> int:
    out = 1
    for d in shape:
        out *= d
    return out


def measure(path: str, phases: list[dict], options: MeasureOptions, progress=None) -> list[dict]:
    """Run the child on `path`; return one measurement per phase. Raises InputError when the model
    cannot run, or the time or memory limit is reached."""
    if options.device == "cuda" and not cuda_available():
        import onnxruntime as ort

        raise InputError(path, "CUDAExecutionProvider is not available in this onnxruntime "
                               f"({ort.__version__}: {', '.join(ort.get_available_providers())})")
    spec = {"path": os.path.abspath(path), "phases": phases, "device": options.device,
            "budget_s": options.budget_s, "min_runs": options.min_runs, "max_runs": options.max_runs,
            "warmup": options.warmup, "threads": options.threads, "arena": options.arena}
    with tempfile.TemporaryFile("w+") as errors:
        child = subprocess.Popen([sys.executable, "-m", "claimcheck.verify.runtime"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                 text=True)
        child.stdin.write(json.dumps(spec))
        child.stdin.close()
        results, failure = _follow(child, options, progress)
        if failure is None and child.returncode != 0 and not results:
            errors.seek(0)
            lines = [ln for ln in errors.read().splitlines() if ln.strip()]
            failure = f"onnxruntime child failed (exit {child.returncode}): {lines[-1] if lines else 'no message'}"
    if failure:
        raise InputError(path, failure)
    return results


def _follow(child, options: MeasureOptions, progress):
    """Read the child's events while enforcing the time and memory limits."""
    results: list[dict] = []
    start = time.monotonic()
    buffer = ""
    failure = None
    while True:
        ready, _, _ = select.select([child.stdout], [], [], 0.05)
        if ready:
            chunk = os.read(child.stdout.fileno(), 65536).decode()
            if not chunk:
                child.wait()
                break
            buffer += chunk
            *lines, buffer = buffer.split("\n")
            for line in lines:
                event = json.loads(line)
                if "progress" in event and progress:
                    progress(event["progress"])
                elif "result" in event:
                    results.append(event["result"])
                elif "error" in event:
                    failure = event["error"]
        rss = _rss(child.pid)
        if rss and rss > options.memory_limit_bytes:
            failure = (f"measurement exceeded the memory limit ({rss / 2**30:.1f} GiB > "
                       f"{options.memory_limit_bytes / 2**30:.1f} GiB); stopped")
        elif time.monotonic() - start > options.timeout_s:
            failure = f"measurement exceeded the time limit of {options.timeout_s:.0f} s; stopped"
        if failure:
            if child.poll() is None:
                child.kill()
            child.wait()
            break
    return results, failure


def _rss(pid: int) -> int | None:
    return _status_bytes(f"/proc/{pid}/status", "VmRSS")


def _status_bytes(status_path: str, key: str) -> int | None:
    try:
        with open(status_path, encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


# --- the child ----------------------------------------------------------------------------------

def _emit(event: dict) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def _gpu_name_and_memory(pid: int) -> tuple[str | None, int | None]:
    """GPU name and the device memory this process holds, from nvidia-smi when present."""
    try:
        name = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=10).stdout.splitlines()[0].strip()
        apps = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,used_memory",
                               "--format=csv,noheader,nounits"],
                              capture_output=True, text=True, timeout=10).stdout.splitlines()
    except (OSError, IndexError, subprocess.SubprocessError):
        return None, None
    used = [int(b) * 2**20 for a, b in (ln.split(",") for ln in apps if "," in ln) if int(a) == pid]
    return name, (used[0] if used else None)


def _child_main() -> None:
    import numpy as np
    import onnxruntime as ort

    spec = json.loads(sys.stdin.read())
    baseline = _status_bytes("/proc/self/status", "VmRSS")
    options = ort.SessionOptions()
    options.intra_op_num_threads = spec["threads"]
    options.enable_cpu_mem_arena = spec["arena"]
    options.log_severity_level = 3
    cuda = spec["device"] == "cuda"
    if cuda and hasattr(ort, "preload_dlls"):
        ort.preload_dlls()
    providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if cuda else ["CPUExecutionProvider"]
    t0 = time.perf_counter()
    try:
        session = ort.InferenceSession(spec["path"], options, providers=providers)
    except Exception as exc:  # onnxruntime raises its own exception types
        _emit({"error": f"onnxruntime cannot load the model: {str(exc).splitlines()[0][:300]}"})
        return
    load_ms = (time.perf_counter() - t0) * 1000
    provider = session.get_providers()[0]
    if cuda and provider != "CUDAExecutionProvider":
        _emit({"error": "onnxruntime fell back to the CPU: CUDAExecutionProvider could not start "
                        "(CUDA or cuDNN libraries missing?)"})
        return
    rng = np.random.default_rng(0)
    gpu_name = None
    for phase in spec["phases"]:
        feeds = {}
        for name, (shape, elem_type) in phase["inputs"].items():
            dtype = np.dtype(_NP_TYPES.get(elem_type, "float32"))
            feeds[name] = (rng.standard_normal(shape).astype(dtype) if dtype.kind == "f"
                           else np.zeros(shape, dtype))
        run = _runner(session, feeds, cuda, ort)
        try:
            t0 = time.perf_counter()
            run()
            elapsed = (time.perf_counter() - t0) * 1000
            first_run_ms = elapsed  # the first run at this batch: allocation and kernel selection
            for _ in range(spec["warmup"]):
                run()
            times = []
            start = last_report = time.perf_counter()
            while True:
                t0 = time.perf_counter()
                run()
                now = time.perf_counter()
                times.append(now - t0)
                spent = now - start
                if (spent >= spec["budget_s"] and len(times) >= spec["min_runs"]) \
                        or len(times) >= spec["max_runs"]:
                    break
                if now - last_report > 0.2:
                    last_report = now
                    _emit({"progress": {"batch": phase["batch"], "runs": len(times),
                                        "fraction": min(1.0, spent / spec["budget_s"])}})
        except Exception as exc:  # a kernel failing on these inputs
            _emit({"error": f"onnxruntime failed to run the model: {str(exc).splitlines()[0][:300]}"})
            return
        ms = np.array(times) * 1000
        device_memory = None
        if cuda:
            gpu_name, device_memory = _gpu_name_and_memory(os.getpid())
        peak = _status_bytes("/proc/self/status", "VmHWM")
        _emit({"result": {
            "device": spec["device"], "provider": provider, "batch": phase["batch"],
            "latency_ms": {"p50": float(np.percentile(ms, 50)), "p90": float(np.percentile(ms, 90)),
                           "p99": float(np.percentile(ms, 99)), "mean": float(ms.mean()),
                           "min": float(ms.min()), "max": float(ms.max())},
            "throughput_per_s": phase["batch"] * len(times) / float(np.sum(times)),
            "first_run_ms": first_run_ms, "session_load_ms": load_ms, "runs": len(times),
            "peak_memory_bytes": device_memory if cuda else peak,
            "setup": {
                "cpu": cpu_name(), "cpu_count": os.cpu_count(), "gpu": gpu_name,
                # the host's 1-minute load average when the runs ended: a busy host inflates them
                "host_load": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
                "provider": provider, "threads": spec["threads"] or "default",
                "batch": phase["batch"],
                "input_dtypes": sorted({str(a.dtype) for a in feeds.values()}),
                "onnxruntime": ort.__version__, "io_binding": cuda,
                "cpu_memory_arena": spec["arena"], "warmup_runs": spec["warmup"],
                "timed_runs": len(times), "budget_s": spec["budget_s"],
                "peak_memory": ("device memory held by the process (nvidia-smi)" if cuda else
                                "process RSS high-water mark (VmHWM), onnxruntime loaded"),
                "process_rss_high_water_bytes": peak, "rss_before_session_bytes": baseline,
            },
        }})


_NP_TYPES = {1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64",
             9: "bool", 10: "float16", 11: "float64", 12: "uint32", 13: "uint64"}


def _runner(session, feeds, cuda: bool, ort):
    """A no-argument callable running one inference; on CUDA with IO binding, so that host
    copies are not timed."""
    if not cuda:
        return lambda: session.run(None, feeds)
    binding = session.io_binding()
    for name, array in feeds.items():
        binding.bind_ortvalue_input(name, ort.OrtValue.ortvalue_from_numpy(array, "cuda", 0))
    for out in session.get_outputs():
        binding.bind_output(out.name, "cuda")

    def run():
        session.run_with_iobinding(binding)
        binding.synchronize_outputs()

    return run


if __name__ == "__main__":
    _child_main()
