"""Clear errors for bad inputs and weights; progress reporting and cancellation."""

from __future__ import annotations

import json

import pytest
import torch

from animation import AnimationInputError, GenerationCancelled, WeightsError

from .conftest import shared

CASE = ("reference", "conformance", "case-1")


def _linked_weights(tmp_path, skip: str | None = None):
    """A weights dir of symlinks to case-1's files (nothing copied), optionally missing one entry."""
    source = shared(*CASE, "weights")
    target = tmp_path / "weights"
    target.mkdir()
    for entry in source.iterdir():
        if entry.name != skip:
            (target / entry.name).symlink_to(entry)
    return target


def _model_config():
    return json.loads(shared(*CASE, "params.json").read_text())["model_config"]


@pytest.mark.parametrize("missing", ["motion_module.pth", "pose_guider.pth", "image_encoder"])
def test_missing_weights_file_is_named(tmp_path, missing):
    from animation import AnimationPipeline

    weights = _linked_weights(tmp_path, skip=missing)
    with pytest.raises(WeightsError, match=missing):
        AnimationPipeline.from_pretrained(weights, _model_config(), device="cpu")


def test_missing_directory():
    from animation import AnimationPipeline

    with pytest.raises(WeightsError, match="not found"):
        AnimationPipeline.from_pretrained("/nonexistent/weights", device="cpu")


def test_mismatched_shape_names_file_and_tensor(tmp_path):
    from animation import AnimationPipeline

    weights = _linked_weights(tmp_path, skip="pose_guider.pth")
    state = torch.load(shared(*CASE, "weights", "pose_guider.pth"), weights_only=True)
    state["conv_out.weight"] = torch.zeros(32, 8, 3, 3)
    torch.save(state, weights / "pose_guider.pth")
    with pytest.raises(
        WeightsError, match=r"pose_guider\.pth: tensor conv_out\.weight has shape \(32, 8, 3, 3\)"
    ):
        AnimationPipeline.from_pretrained(weights, _model_config(), device="cpu")


def test_wrong_model_config_for_the_weights_is_explained():
    """Case-1 weights with the released (full-size) pose guider widths."""
    from animation import AnimationPipeline

    with pytest.raises(WeightsError, match=r"pose_guider\.pth.*model config"):
        AnimationPipeline.from_pretrained(shared(*CASE, "weights"), None, device="cpu")


def test_unreadable_reference_image(tiny_pipeline, pose_frames, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image at all")
    with pytest.raises(AnimationInputError, match="cannot read reference image"):
        tiny_pipeline.generate(broken, pose_frames, width=64, height=64, steps=1)
    with pytest.raises(AnimationInputError, match="not found"):
        tiny_pipeline.generate(tmp_path / "nope.png", pose_frames, width=64, height=64, steps=1)


def test_unreadable_pose_video(tiny_pipeline, reference_image, tmp_path):
    video = tmp_path / "poses.mp4"
    video.write_bytes(b"\x00" * 100)
    with pytest.raises(AnimationInputError, match="cannot read pose video"):
        tiny_pipeline.generate(reference_image, video, width=64, height=64, steps=1)


@pytest.mark.parametrize(("width", "height"), [(60, 64), (64, 100), (4, 64)])
def test_size_must_be_multiple_of_8(tiny_pipeline, reference_image, pose_frames, width, height):
    with pytest.raises(AnimationInputError, match="multiple of 8"):
        tiny_pipeline.generate(reference_image, pose_frames, width=width, height=height, steps=1)


def test_size_must_be_within_the_schema_limits(tiny_pipeline, reference_image, pose_frames):
    with pytest.raises(AnimationInputError, match="width must be between 64 and 2048; got 0"):
        tiny_pipeline.generate(reference_image, pose_frames, width=0, height=64, steps=1)


def test_more_frames_than_poses(tiny_pipeline, reference_image, pose_frames):
    with pytest.raises(AnimationInputError, match="13 frames requested but only 12 pose frames"):
        tiny_pipeline.generate(reference_image, pose_frames, width=64, height=64, frames=13, steps=1)


def test_context_longer_than_position_encoding(tiny_pipeline, reference_image, pose_frames):
    with pytest.raises(AnimationInputError, match="context_frames=33 exceeds 32"):
        tiny_pipeline.generate(reference_image, pose_frames, width=64, height=64, context_frames=33, steps=1)


def test_wrong_initial_latents_shape(tiny_pipeline, reference_image, pose_frames):
    with pytest.raises(AnimationInputError, match="initial latents have shape"):
        tiny_pipeline.generate(
            reference_image,
            pose_frames,
            width=64,
            height=64,
            frames=8,
            steps=1,
            initial_latents=torch.zeros(1, 4, 7, 8, 8),
        )


def test_progress_callback_every_step(generate):
    calls = []
    generate(steps=3, progress_callback=lambda step, total: calls.append((step, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_cancellation_raises_and_cleans_up(tiny_pipeline, generate):
    calls = []

    def stop_after_two(step, total):
        calls.append(step)
        return step < 2

    with pytest.raises(GenerationCancelled) as info:
        generate(steps=4, progress_callback=stop_after_two)
    assert (info.value.step, info.value.total) == (2, 4)
    assert calls == [1, 2]
    from animation.models.reference_attention import transformer_blocks

    assert all(block._reference_kv is None for block in transformer_blocks(tiny_pipeline.denoising_unet))
