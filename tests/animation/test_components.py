"""Each component changes the result, the guidance paths behave as specified, runs are deterministic."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

DIFFERENT = 1e-3  # far above float noise on these sizes


def _max_diff(a, b) -> float:
    return float((a.latents - b.latents).abs().max())


@pytest.fixture(scope="module")
def baseline(generate):
    return generate()


def test_tiny_run_shapes_and_ranges(baseline):
    assert tuple(baseline.latents.shape) == (1, 4, 8, 8, 8)
    assert tuple(baseline.video.shape) == (1, 3, 8, 64, 64)
    assert baseline.video.dtype == torch.float32
    assert float(baseline.video.min()) >= 0.0 and float(baseline.video.max()) <= 1.0
    assert len(baseline.frames) == 8 and baseline.frames[0].size == (64, 64)
    assert torch.isfinite(baseline.latents).all()


def test_same_seed_same_output(generate, baseline):
    assert _max_diff(generate(), baseline) == 0.0
    assert _max_diff(generate(seed=4), baseline) > DIFFERENT


def test_pose_guider_matters(restore_weights, generate, baseline):
    for p in restore_weights.pose_guider.parameters():
        p.data.zero_()
    assert _max_diff(generate(), baseline) > DIFFERENT


def test_reference_attention_matters(restore_weights, generate, baseline):
    restore_weights.denoising_unet.set_reference_enabled(False)
    assert _max_diff(generate(), baseline) > DIFFERENT


def test_motion_modules_matter(restore_weights, generate, baseline):
    for name, module in restore_weights.denoising_unet.named_modules():
        if name.endswith("temporal_transformer"):
            module.proj_out.weight.data.zero_()
            module.proj_out.bias.data.zero_()
    assert _max_diff(generate(), baseline) > DIFFERENT


def test_reference_image_matters(tiny_pipeline, generate, baseline, pose_frames):
    other = tiny_pipeline.generate(
        pose_frames[0],
        pose_frames,
        width=64,
        height=64,
        frames=8,
        steps=2,
        guidance_scale=2.5,
        seed=3,
        context_frames=8,
    )
    assert _max_diff(other, baseline) > DIFFERENT


def test_unconditional_half_does_not_see_the_reference(tiny_pipeline, reference_image):
    """In a guided batch each half equals its own single run: uncond plain, cond with the reference."""
    pipe = tiny_pipeline
    unet = pipe.denoising_unet
    with torch.inference_mode():
        cond, ref_latents = pipe._encode_reference(reference_image, 64, 64)
        pipe._record_reference(ref_latents, cond)
        try:
            gen = torch.Generator().manual_seed(0)
            x = torch.randn(1, 4, 4, 8, 8, generator=gen)
            poses = torch.randn(4, 32, 8, 8, generator=gen)
            t = torch.tensor(500)
            uncond = torch.zeros_like(cond)
            both = unet(
                x.repeat(2, 1, 1, 1, 1), t, torch.cat([uncond, cond]), poses.repeat(2, 1, 1, 1), (False, True)
            )
            alone_u = unet(x, t, uncond, poses, (False,))
            alone_c = unet(x, t, cond, poses, (True,))
            cond_without_reference = unet(x, t, cond, poses, (False,))
        finally:
            unet.clear_reference()
    # Equal up to float reassociation between batch sizes; the reference itself moves far more.
    assert float((both[0:1] - alone_u).abs().max()) < 1e-3
    assert float((both[1:2] - alone_c).abs().max()) < 1e-3
    assert float((alone_c - cond_without_reference).abs().max()) > 1e-2


def test_guidance_one_runs_a_single_conditional_batch_with_reference(tiny_pipeline, generate, baseline):
    seen = []

    def spy(module, args, kwargs):
        seen.append((args[0].shape[0], kwargs.get("reference_mask"), args[2].abs().sum().item() > 0))

    handle = tiny_pipeline.denoising_unet.register_forward_pre_hook(spy, with_kwargs=True)
    try:
        unguided = generate(guidance_scale=1.0)
    finally:
        handle.remove()
    assert seen and all(entry == (1, (True,), True) for entry in seen)
    assert _max_diff(unguided, baseline) > DIFFERENT


def test_more_frames_than_context_uses_overlapping_windows(tiny_pipeline, generate):
    windows = []

    def spy(module, args, kwargs):
        windows.append(args[0].shape[2])

    handle = tiny_pipeline.denoising_unet.register_forward_pre_hook(spy, with_kwargs=True)
    try:
        long = generate(frames=12, context_frames=8, context_overlap=4, steps=1)
    finally:
        handle.remove()
    assert windows == [8, 8, 8]  # three windows in the one step
    assert tuple(long.video.shape) == (1, 3, 12, 64, 64)
    assert torch.isfinite(long.latents).all()
    single = generate(frames=12, context_frames=12, steps=1)
    assert _max_diff(long, single) > DIFFERENT


def test_poses_from_a_directory_and_initial_latents(tiny_pipeline, reference_image, pose_frames, tmp_path):
    for i, frame in enumerate(pose_frames[:4]):
        frame.save(tmp_path / f"pose_{i:03d}.png")
    noise = np.random.default_rng(0).standard_normal((1, 4, 4, 8, 8)).astype(np.float32)
    a = tiny_pipeline.generate(
        reference_image, str(tmp_path), width=64, height=64, frames=4, steps=1, initial_latents=noise
    )
    b = tiny_pipeline.generate(
        reference_image, pose_frames[:4], width=64, height=64, frames=4, steps=1, initial_latents=noise
    )
    assert a.latents.shape[2] == 4
    assert _max_diff(a, b) == 0.0


def test_another_scheduler_runs(generate):
    result = generate(scheduler="euler", steps=2)
    assert torch.isfinite(result.latents).all()


def test_random_models_are_deterministic_and_fingerprinted():
    from animation import AnimationConfig, AnimationPipeline, config_fingerprint

    a = AnimationPipeline.from_config(seed=5)
    b = AnimationPipeline.from_config(seed=5)
    for name, module in a.models.modules().items():
        other = b.models.modules()[name].state_dict()
        for key, value in module.state_dict().items():
            assert torch.equal(value, other[key]), f"{name}.{key}"
    assert a.fingerprint == b.fingerprint == config_fingerprint(AnimationConfig.tiny(), 5)
    assert a.fingerprint != config_fingerprint(AnimationConfig.tiny(), 6)


def test_clip_image_embeddings_for_the_appearance_check(tiny_pipeline, reference_image):
    """One projected embedding per image, as the UNet is given; a random-weight model offers no encoder."""
    from animation.backends import get_backend
    from animation.backends.animate_anyone import AnimateAnyoneModel

    images = [reference_image, reference_image.transpose(0), Image.new("RGB", (48, 64), "white")]
    embeddings = tiny_pipeline.image_embeddings(images)
    assert embeddings.shape == (3, tiny_pipeline.image_encoder.config.projection_dim)
    assert embeddings.dtype == np.float32
    assert np.allclose(embeddings[0], tiny_pipeline.image_embeddings([reference_image])[0], atol=1e-6)
    assert not np.allclose(embeddings[0], embeddings[2])
    model = AnimateAnyoneModel(get_backend("animate-anyone"), tiny_pipeline, weights="", model_config=None)
    assert model.appearance_encoder() is None
