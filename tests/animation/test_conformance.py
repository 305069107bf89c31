"""Reproduce the reference implementation's outputs on every conformance case in ../shared."""

from __future__ import annotations

import json

import numpy as np
import pytest

from animation import memory

from .conftest import CONFORMANCE_DIR, conformance_cases, shared

CASES = conformance_cases()


# Every way of scheduling the work must reproduce the reference: the default (shared window prefix, one
# window per call on a CPU), the plain per-window computation, several windows per UNet call, and a
# budget too small for anything (guidance halves one at a time, no shared prefix, one-frame chunks), and
# PyTorch's own attention instead of the CPU kernel for narrow heads.
PATHS = {
    "default": {},
    "pytorch-attention": {"cpu_kernels": "0"},
    "per-window": {"share_window_prefix": False},
    "batched-windows": {"batch_windows": 2},
    "tight-memory": {"budget_gib": 0.001},
}


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("case", CASES or [CONFORMANCE_DIR / "case-missing"], ids=lambda p: p.name)
def test_conformance_case(case, path, monkeypatch):
    shared("reference", "conformance")
    if not case.exists():
        pytest.skip(f"no conformance cases under {CONFORMANCE_DIR}")
    from animation import AnimationPipeline

    params = json.loads((case / "params.json").read_text())
    pipe = AnimationPipeline.from_pretrained(
        case / "weights", params["model_config"], device="cpu", dtype="fp32"
    )
    for name, value in PATHS[path].items():
        if name == "budget_gib":
            monkeypatch.setenv(memory.BUDGET_ENV, str(value))
        elif name == "cpu_kernels":
            monkeypatch.setenv("ANIMATION_CPU_KERNELS", value)
        else:
            setattr(pipe, name, value)
    frames = params["frames"]
    poses = [case / "inputs" / f"pose_{i:03d}.png" for i in range(frames)]
    result = pipe.generate(
        case / "inputs" / "reference.png",
        poses,
        width=params["width"],
        height=params["height"],
        frames=frames,
        steps=params["steps"],
        guidance_scale=params["guidance_scale"],
        seed=params["seed"],
        context_frames=params["context_frames"],
        context_overlap=params["context_overlap"],
        context_stride=params.get("context_stride", 1),
        scheduler=params.get("scheduler", "DDIM"),
        eta=params.get("eta", 0.0),
        initial_latents=np.load(case / "initial_latents.npy"),
    )
    expected_latents = np.load(case / "expected_latents.npy")
    expected_video = np.load(case / "expected_video.npy")
    tolerance = params.get("tolerance", {})
    assert result.latents.shape == expected_latents.shape
    assert tuple(result.video.shape) == tuple(params["output_shape"]) == expected_video.shape
    latents_diff = np.abs(result.latents.numpy() - expected_latents).max()
    video_diff = np.abs(result.video.numpy() - expected_video).max()
    assert latents_diff <= tolerance.get("latents_max_abs", 1e-3), f"latents differ by {latents_diff}"
    assert video_diff <= tolerance.get("video_max_abs", 2e-3), f"video differs by {video_diff}"
    assert len(result.frames) == frames
    if path == "tight-memory":
        plan = result.memory
        assert plan.split_guidance and not plan.share_prefix
        assert plan.decode_chunk == plan.pose_chunk == 1
    assert result.frames[0].size == (params["width"], params["height"])
