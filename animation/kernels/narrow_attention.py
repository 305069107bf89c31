"""Build, load and call the CPU attention kernel for narrow heads (``narrow_attention.cpp``).

On the mid benchmark the top level of the UNets (8-channel heads, 1,024 queries over 1,024-2,048 keys)
made PyTorch's CPU attention half of every UNet call; this kernel computes the same softmax about 3.4x
as fast there with AVX-512 (2.4x with AVX2), and 3-4x on the temporal layers' 8-frame sequences.

It is a plain shared library, compiled once per machine with the system C++ compiler into a cache
directory and called through ctypes. Its OpenMP loop runs on PyTorch's own OpenMP threads (the library
binds to the libgomp torch has loaded), so ``torch.set_num_threads`` applies and no second thread pool
competes for the cores: with a Python thread pool instead, PyTorch's spinning workers and the pool took
turns and the operators that followed slowed down (the temporal layers' matrix products about 1.6x).
Without a compiler, on other devices, dtypes or head widths, ``attention`` returns None and callers use
PyTorch's SDPA: same results within float32 rounding.

``python -m animation.kernels`` builds it ahead of time (``make install`` and the Docker image do).
Set ``ANIMATION_CPU_KERNELS=0`` to turn it off, ``ANIMATION_KERNEL_CACHE`` to choose the directory.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
import os
import platform
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import torch

logger = logging.getLogger(__name__)

SOURCE = Path(__file__).with_name("narrow_attention.cpp")
HEAD_DIMS = (8, 16)
BUILD_TIMEOUT_S = 180

_lock = threading.Lock()
_library: ctypes.CDLL | None = None
_loaded = False  # whether loading was attempted (it is tried once per process)


def enabled() -> bool:
    return os.environ.get("ANIMATION_CPU_KERNELS", "1").strip().lower() not in {"0", "false", "no", "off"}


def cache_dir() -> Path:
    configured = os.environ.get("ANIMATION_KERNEL_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "influencer-studio" / "kernels"


def _compiler() -> str | None:
    for name in (os.environ.get("CXX"), "c++", "g++", "clang++"):
        if name and shutil.which(name):
            return name
    return None


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def compile_flags() -> list[str]:
    flags = ["-O3", "-std=c++17", "-shared", "-fPIC", "-fno-exceptions", "-fvisibility=hidden", "-fopenmp"]
    cpu = _cpu_flags() if platform.machine() in {"x86_64", "AMD64"} else set()
    if {"avx2", "fma"} <= cpu:
        flags += ["-mavx2", "-mfma"]
    if {"avx512f", "avx512vl", "avx512dq"} <= cpu:
        flags += ["-mavx512f", "-mavx512vl", "-mavx512dq"]
    return flags


def _library_path(compiler: str, flags: list[str]) -> Path:
    version = subprocess.run([compiler, "--version"], capture_output=True, text=True, timeout=30).stdout
    key = hashlib.sha256()
    parts = (SOURCE.read_bytes(), " ".join(flags).encode(), version.encode(), platform.machine().encode())
    for part in parts:
        key.update(part)
        key.update(b"\0")
    return cache_dir() / f"narrow_attention-{key.hexdigest()[:16]}.so"


def build() -> Path:
    """Compile the kernel into the cache (a no-op when this source, compiler and flags are built)."""
    compiler = _compiler()
    if compiler is None:
        raise RuntimeError("no C++ compiler found (set CXX, or install g++ or clang++)")
    flags = compile_flags()
    target = _library_path(compiler, flags)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target and rename: workers starting together never load a half-written file.
    fd, partial = tempfile.mkstemp(dir=target.parent, suffix=".so.partial")
    os.close(fd)
    try:
        done = subprocess.run(
            [compiler, *flags, "-o", partial, str(SOURCE)],
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{compiler} failed: {done.stderr.strip()[-2000:]}")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target


def _bind(path: Path) -> ctypes.CDLL:
    library = ctypes.CDLL(str(path))
    long, pointer = ctypes.c_long, ctypes.c_void_p
    segment = [pointer, pointer, long, long, long, long, long]
    library.narrow_attention.argtypes = [
        *[pointer, long, long, pointer, long, long],
        *segment,
        *segment,
        *[long, long, long, long, ctypes.c_float],
    ]
    library.narrow_attention.restype = ctypes.c_int
    return library


def load() -> ctypes.CDLL | None:
    """The kernel library, built on first use; None (logged once) when it cannot be had."""
    global _library, _loaded
    if _loaded:
        return _library
    with _lock:
        if not _loaded:
            try:
                _library = _bind(build())
            except (OSError, AttributeError, RuntimeError, subprocess.SubprocessError) as exc:
                logger.info("CPU attention kernel unavailable, using PyTorch's SDPA: %s", exc)
                _library = None
            _loaded = True
    return _library


def supports(q: torch.Tensor, heads: int) -> bool:
    # Inside torch.compile graphs PyTorch's SDPA is used: raw memory through ctypes cannot be traced.
    return (
        not torch.compiler.is_compiling()
        and q.device.type == "cpu"
        and q.dtype == torch.float32
        and q.dim() == 3
        and q.shape[-1] % heads == 0
        and q.shape[-1] // heads in HEAD_DIMS
        and not (torch.is_grad_enabled() and q.requires_grad)
        and enabled()
    )


def _segment(k: torch.Tensor, v: torch.Tensor) -> tuple:
    # A batch of one is shared by every batch element of the queries: batch stride 0.
    return (
        k.data_ptr(),
        v.data_ptr(),
        k.shape[1],
        k.stride(0) if k.shape[0] > 1 else 0,
        k.stride(1),
        v.stride(0) if v.shape[0] > 1 else 0,
        v.stride(1),
    )


def attention(
    q: torch.Tensor,
    k: torch.Tensor,
    v: torch.Tensor,
    heads: int,
    shared: tuple[torch.Tensor, torch.Tensor] | None = None,
) -> torch.Tensor | None:
    """softmax(q kᵀ / √d) v per head over [batch, rows, heads·d] tensors, or None when not supported.

    ``shared`` adds keys and values (batch 1, or one per batch element) after each element's own, as
    if concatenated along the rows. Returns [batch, rows, heads·d], heads interleaved as in the input.
    """
    if not supports(q, heads):
        return None
    tensors = [k, v] + (list(shared) if shared is not None else [])
    if any(t.dtype != torch.float32 or t.device.type != "cpu" or t.dim() != 3 for t in tensors):
        return None
    if any(t.shape[-1] != q.shape[-1] or t.shape[0] not in (1, q.shape[0]) for t in tensors):
        return None
    if k.shape[1] + (shared[0].shape[1] if shared is not None else 0) == 0:
        return None
    library = load()
    if library is None:
        return None
    q, k, v = (t if t.stride(-1) == 1 else t.contiguous() for t in (q, k, v))
    second = (None, None, 0, 0, 0, 0, 0)
    if shared is not None:
        sk, sv = (t if t.stride(-1) == 1 else t.contiguous() for t in shared)
        second = _segment(sk, sv)
    n, rows, inner = q.shape
    head_dim = inner // heads
    out = torch.empty((n, rows, inner), dtype=torch.float32)
    args = (
        q.data_ptr(),
        q.stride(0),
        q.stride(1),
        out.data_ptr(),
        out.stride(0),
        out.stride(1),
        *_segment(k, v),
        *second,
        n,
        heads,
        rows,
        head_dim,
        head_dim**-0.5,
    )
    code = library.narrow_attention(*args)
    if code:
        raise MemoryError("the CPU attention kernel could not allocate its scratch memory")
    return out
