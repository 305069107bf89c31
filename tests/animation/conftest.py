"""Fixtures for the animation model tests: the tiny random-weight pipeline, small inputs, ../shared paths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

SHARED_DIR = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()
CONFORMANCE_DIR = SHARED_DIR / "reference" / "conformance"


def shared(*parts: str) -> Path:
    """A path inside ../shared, or a clear skip when it is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available: these tests read ../shared beside the repository")
    return path


def conformance_cases() -> list[Path]:
    return sorted(CONFORMANCE_DIR.glob("case-*")) if CONFORMANCE_DIR.is_dir() else []


@pytest.fixture(scope="module", autouse=True)
def _single_thread():
    """The tiny model's ops are too small to gain from threads; on a busy 2-core box they only add waiting."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(scope="session")
def tiny_pipeline():
    """Shared tiny pipeline; tests that alter weights must restore them (see ``restore_weights``)."""
    from animation import AnimationPipeline

    return AnimationPipeline.from_config(seed=0, device="cpu")


@pytest.fixture
def restore_weights(tiny_pipeline):
    modules = tiny_pipeline.models.modules()
    saved = {name: {k: v.clone() for k, v in m.state_dict().items()} for name, m in modules.items()}
    yield tiny_pipeline
    for name, module in modules.items():
        module.load_state_dict(saved[name])
    tiny_pipeline.denoising_unet.set_reference_enabled(True)


@pytest.fixture(scope="session")
def reference_image() -> Image.Image:
    rng = np.random.default_rng(1)
    base = np.linspace(0, 255, 64 * 48 * 3).reshape(64, 48, 3)
    return Image.fromarray((base * 0.7 + rng.uniform(0, 76, base.shape)).astype(np.uint8))


@pytest.fixture(scope="session")
def pose_frames() -> list[Image.Image]:
    """Twelve stick-figure-ish frames: a bright bar moving across a dark image."""
    frames = []
    for i in range(12):
        array = np.zeros((64, 64, 3), dtype=np.uint8)
        array[8:56, 4 + 4 * i : 8 + 4 * i] = (255, 128, 0)
        array[20:24, 10:54] = (0, 200, 255)
        frames.append(Image.fromarray(array))
    return frames


@pytest.fixture(scope="session")
def generate(tiny_pipeline, reference_image, pose_frames):
    """Run the tiny pipeline with small defaults and fixed starting noise."""

    def run(pipe=None, **overrides):
        options = {
            "width": 64,
            "height": 64,
            "frames": 8,
            "steps": 2,
            "guidance_scale": 2.5,
            "seed": 3,
            "context_frames": 8,
            "context_overlap": 4,
        }
        options.update(overrides)
        return (pipe or tiny_pipeline).generate(reference_image, pose_frames, **options)

    return run
