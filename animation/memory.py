"""What a render needs in memory, and the chunk sizes that keep it inside a budget.

The denoising UNet's working memory depends on the context window (batch x window frames), not on the
length of the video; what grows with the frame count is kept per frame (pose features, the shared
window prefix, the decoded video) and the stages that could be large at once (pose encoding, VAE
decoding) run in chunks chosen here from the memory left after the weights. The coefficients are
activation sizes measured on CPU in fp32, at full size and on the mid configuration
(``benchmarks/animation_benchmark.py`` prints the prediction next to the measured peak); they err on
the large side.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

GIB = 2**30
BUDGET_ENV = "ANIMATION_MEMORY_BUDGET_GIB"

# Live activation bytes per element of (channels x height x width), measured.
UNET_WINDOW_COEFF = 40.0  # per frame-image of a UNet call, times block_out_channels[0] x latent h x w
UNET_FIXED = 256 * 2**20  # allocator and oneDNN workspace
HOST_RUNTIME = 640 * 2**20  # interpreter, torch and libraries, allocator slack (CPU renders only)
VAE_DECODE_COEFF = 7.0  # per decoded frame, times the VAE's first width x H x W
VAE_FIXED = 256 * 2**20
POSE_COEFF = 64.0  # per pose frame, times H x W
MAX_DECODE_CHUNK = {"cpu": 2, "cuda": 8}  # larger chunks were not faster (CPU: measured 1 vs 2 vs 8)
MAX_POSE_CHUNK = 16
UNKNOWN_HOST_MEMORY = 8 * GIB  # assumed where neither /proc/meminfo nor a cgroup limit says


@dataclass(frozen=True)
class RenderShape:
    width: int
    height: int
    frames: int
    context_frames: int
    guided: bool


@dataclass(frozen=True)
class MemoryPlan:
    """Chunk sizes for one render and the peak they are expected to reach."""

    decode_chunk: int
    pose_chunk: int
    room_bytes: int
    window_bytes: int  # working memory of one context window in a UNet call
    share_prefix: bool  # keep the window-independent prefix of every frame for the step
    split_guidance: bool  # the two guidance halves in separate UNet calls
    estimate: dict[str, int]

    @property
    def peak_bytes(self) -> int:
        return sum(self.estimate.values())


def available_bytes(device_type: str) -> int:
    """Free memory of the device: the GPU's free memory, or the host's available memory within a cgroup."""
    if device_type == "cuda":
        import torch

        free, _ = torch.cuda.mem_get_info()
        return int(free)
    known = [v for v in (_meminfo_available(), _cgroup_headroom()) if v is not None]
    return min(known) if known else UNKNOWN_HOST_MEMORY


def _meminfo_available() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _cgroup_headroom() -> int | None:
    base = Path("/sys/fs/cgroup")
    try:
        limit = (base / "memory.max").read_text().strip()
        if limit == "max":
            return None
        return int(limit) - int((base / "memory.current").read_text().strip())
    except (OSError, ValueError):
        return None


def configured_budget(budget_gib: float | None = None) -> int | None:
    """A set budget for the whole process: the argument, or ``ANIMATION_MEMORY_BUDGET_GIB``."""
    if budget_gib is None and os.environ.get(BUDGET_ENV):
        try:
            budget_gib = float(os.environ[BUDGET_ENV])
        except ValueError:
            budget_gib = None
    return int(budget_gib * GIB) if budget_gib is not None and budget_gib > 0 else None


def render_room(device_type: str, weights_bytes: int, budget_gib: float | None = None) -> int:
    """Bytes a render may use beyond the loaded weights: a set budget less the weights, else 90 % of what
    the device has free now (the weights are already loaded, so they are not free)."""
    budget = configured_budget(budget_gib)
    if budget is not None:
        return max(budget - weights_bytes, 0)
    return int(available_bytes(device_type) * 0.9)


def per_frame_bytes(shape: RenderShape, unet_width: int, itemsize: int, shared_prefix: bool = True) -> int:
    """What each frame of the video keeps for the whole render."""
    h, w = shape.height // 8, shape.width // 8
    batch = 2 if shape.guided else 1
    pose_features = unet_width * h * w * itemsize
    latents = (1 + 2 * batch) * 4 * h * w * 4  # latents, summed predictions
    video = 3 * shape.height * shape.width * (4 + 1)  # float video and the RGB frame
    return (
        pose_features + latents + video + (prefix_bytes(shape, unet_width, itemsize) if shared_prefix else 0)
    )


def prefix_bytes(shape: RenderShape, unet_width: int, itemsize: int) -> int:
    """Per frame: the shared window prefix (conv_in output and first spatial layer, both guidance halves)."""
    batch = 2 if shape.guided else 1
    return 2 * batch * unet_width * (shape.height // 8) * (shape.width // 8) * itemsize


def unet_window_bytes(
    shape: RenderShape, unet_width: int, itemsize: int, split_guidance: bool = False
) -> int:
    """Working memory of one UNet call over a window (both guidance halves unless ``split_guidance``)."""
    batch = 2 if shape.guided and not split_guidance else 1
    frames = min(shape.context_frames, shape.frames) * batch
    h, w = shape.height // 8, shape.width // 8
    return int(UNET_WINDOW_COEFF * frames * unet_width * h * w * itemsize) + UNET_FIXED


def decode_bytes(shape: RenderShape, vae_width: int, chunk: int, itemsize: int = 4) -> int:
    return int(VAE_DECODE_COEFF * chunk * vae_width * shape.height * shape.width * itemsize) + VAE_FIXED


def pose_bytes(shape: RenderShape, chunk: int, itemsize: int) -> int:
    return int(POSE_COEFF * chunk * shape.height * shape.width * itemsize)


def plan(
    shape: RenderShape,
    *,
    device_type: str,
    unet_width: int,
    vae_width: int,
    itemsize: int,
    vae_itemsize: int,
    weights_bytes: int,
    room: int,
    decode_chunk: int | None = None,
) -> MemoryPlan:
    """Chunk sizes that fit ``room`` (bytes beyond the loaded weights, see ``render_room``), largest first.

    Stages run one after the other, so the peak is what stays for the whole render plus the largest
    stage. A requested ``decode_chunk`` is kept (the user asked for it) and only reported.
    """
    runtime = HOST_RUNTIME if device_type == "cpu" else 0
    window = unet_window_bytes(shape, unet_width, itemsize)
    # Under a tight budget: the guidance halves go through the UNet one at a time (half the window's
    # memory), then the shared prefix is given up (it keeps two activations per frame).
    split_guidance = shape.guided and window > room - runtime
    if split_guidance:
        window = unet_window_bytes(shape, unet_width, itemsize, split_guidance=True)
    kept = per_frame_bytes(shape, unet_width, itemsize, shared_prefix=False) * shape.frames
    prefix = prefix_bytes(shape, unet_width, itemsize) * shape.frames
    share_prefix = kept + prefix + window + runtime <= room
    if share_prefix:
        kept += prefix
    left = max(room - kept - runtime, 0)
    cap = MAX_DECODE_CHUNK.get(device_type, 2)
    if decode_chunk is None:
        decode_chunk = 1
        for chunk in range(min(cap, shape.frames), 0, -1):
            if decode_bytes(shape, vae_width, chunk, vae_itemsize) <= left:
                decode_chunk = chunk
                break
    pose_chunk = 1
    for chunk in range(min(MAX_POSE_CHUNK, shape.frames), 0, -1):
        if pose_bytes(shape, chunk, itemsize) <= left:
            pose_chunk = chunk
            break
    stages = {
        "denoising UNet window": window,
        "VAE decode chunk": decode_bytes(shape, vae_width, decode_chunk, vae_itemsize),
        "pose encoding chunk": pose_bytes(shape, pose_chunk, itemsize),
    }
    largest = max(stages, key=stages.get)
    estimate = {
        "weights": weights_bytes,
        "runtime": runtime,
        "kept per frame x frames": kept,
        f"largest stage ({largest})": stages[largest],
    }
    return MemoryPlan(
        decode_chunk=decode_chunk,
        pose_chunk=pose_chunk,
        room_bytes=room,
        window_bytes=window,
        share_prefix=share_prefix,
        split_guidance=split_guidance,
        estimate=estimate,
    )


def describe(plan_: MemoryPlan) -> str:
    parts = ", ".join(f"{k} {v / GIB:.2f}" for k, v in plan_.estimate.items())
    notes = "".join(
        f"; {note}"
        for note, on in (
            ("guidance halves split", plan_.split_guidance),
            ("no shared prefix", not plan_.share_prefix),
        )
        if on
    )
    return f"predicted peak {plan_.peak_bytes / GIB:.2f} GiB ({parts}; GiB){notes}"
