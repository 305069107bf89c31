"""The speed and memory paths compute the same video as the plain ones (fp32), and half precision runs.

Each fast path is compared with the computation it replaces: sub-pixel upsampling with nearest-upsample +
convolution, a window built from the shared prefix with the window computed alone, chunked decoding with
other chunk sizes (the conformance test runs every scheduling path against the reference). bf16 is held
to a documented tolerance of fp32 instead (see README, "Precision").
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from animation import memory
from animation.host_allocator import tune_host_allocator
from animation.models.subpixel import SubPixelConv, use_subpixel_upsampling
from animation.models.vae_resnet import InPlaceResnet, use_in_place_resnets

# bf16 against fp32 on the tiny random-weight model, 12 frames, 4 guided steps (measured: PSNR 27.5 dB,
# mean |latents difference| 0.08 with latents of standard deviation 0.8). Random tiny weights amplify
# rounding far more than trained ones; this catches a broken half-precision path, not small drift.
BF16_MIN_VIDEO_PSNR_DB = 24.0
BF16_MAX_MEAN_LATENT_DIFF = 0.15


def _nearest_then_conv(x: torch.Tensor, conv: nn.Conv2d) -> torch.Tensor:
    return conv(F.interpolate(x, scale_factor=2.0, mode="nearest"))


@pytest.mark.parametrize("shape", [(2, 8, 5, 7), (1, 16, 4, 4)])
@pytest.mark.parametrize("channels_last", [False, True])
def test_subpixel_upsampling_equals_nearest_upsample_then_conv(shape, channels_last):
    torch.manual_seed(0)
    conv = nn.Conv2d(shape[1], 6, kernel_size=3, padding=1)
    x = torch.randn(shape)
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    with torch.no_grad():
        expected = _nearest_then_conv(x, conv)
        got = SubPixelConv(conv)(x)
    assert got.shape == expected.shape
    assert (got - expected).abs().max().item() < 1e-5


def test_upsampling_to_an_explicit_size_matches_nearest_upsample_then_conv():
    """Odd latent sizes ask for an exact output size; 2x takes the sub-pixel path, anything else not."""
    torch.manual_seed(0)
    conv = nn.Conv2d(4, 4, kernel_size=3, padding=1)
    x = torch.randn(1, 4, 5, 6)
    with torch.no_grad():
        for size in ((10, 12), (9, 11)):
            expected = conv(F.interpolate(x, size=size, mode="nearest"))
            assert (SubPixelConv(conv)(x, size) - expected).abs().max().item() < 1e-5


def test_subpixel_kernels_follow_weight_changes():
    conv = nn.Conv2d(4, 4, kernel_size=3, padding=1)
    subpixel = SubPixelConv(conv)
    x = torch.randn(1, 4, 6, 6)
    with torch.no_grad():
        subpixel(x)
        conv.weight.mul_(2.0)
        assert (subpixel(x) - _nearest_then_conv(x, conv)).abs().max().item() < 1e-5


def test_vae_with_subpixel_upsampling_decodes_the_same_and_keeps_its_keys():
    from diffusers import AutoencoderKL

    from animation.config import AnimationConfig

    torch.manual_seed(0)
    vae = AutoencoderKL.from_config(AnimationConfig.tiny().vae).eval()
    keys = set(vae.state_dict())
    latents = torch.randn(2, 4, 8, 6)
    with torch.no_grad():
        expected = vae.decode(latents).sample
        assert use_subpixel_upsampling(vae) == 3
        got = vae.decode(latents.contiguous(memory_format=torch.channels_last)).sample
    assert set(vae.state_dict()) == keys
    assert (got - expected).abs().max().item() < 1e-5


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_vae_with_in_place_resnets_encodes_and_decodes_the_same_and_keeps_its_keys(scale):
    from diffusers import AutoencoderKL

    from animation.config import AnimationConfig

    torch.manual_seed(0)
    vae = AutoencoderKL.from_config(AnimationConfig.tiny().vae).eval()
    resnets = [m for m in vae.modules() if type(m).__name__ == "ResnetBlock2D"]
    for block in resnets:
        block.output_scale_factor = scale
    keys = set(vae.state_dict())
    latents = torch.randn(2, 4, 8, 6)
    images = torch.randn(1, 3, 32, 24)
    with torch.no_grad():
        expected = vae.decode(latents).sample
        expected_posterior = vae.encode(images).latent_dist.mean
        assert use_in_place_resnets(vae) == len(resnets) > 0
        assert not any(type(m).__name__ == "ResnetBlock2D" for m in vae.modules())
        assert all(m.output_scale_factor == scale for m in vae.modules() if isinstance(m, InPlaceResnet))
        latents_before = latents.clone()
        got = vae.decode(latents).sample
        got_posterior = vae.encode(images).latent_dist.mean
    assert torch.equal(latents, latents_before)  # the caller's input is never written
    assert set(vae.state_dict()) == keys
    assert (got - expected).abs().max().item() < 1e-5
    assert (got_posterior - expected_posterior).abs().max().item() < 1e-5


def test_window_prefix_rows_give_the_window_computation(tiny_pipeline):
    """A window built from the shared prefix's rows is the window computed on its own (same batch)."""
    unet = tiny_pipeline.denoising_unet
    torch.manual_seed(0)
    sample = torch.randn(2, 4, 12, 8, 8)
    poses = torch.randn(24, 32, 8, 8)
    cond = torch.randn(1, 1, 32)
    context = torch.cat([torch.zeros_like(cond), cond])
    mask = (False, True)
    window = torch.tensor([8, 9, 10, 11, 0, 1, 2, 3])  # a wrapped-around window
    rows = torch.cat([window, 12 + window])
    with torch.inference_mode():
        tiny_pipeline._record_reference(torch.randn(1, 4, 8, 8), cond)
        try:
            plain = unet(sample[:, :, window], 500, context, poses[rows], reference_mask=mask)
            skip, first = unet.window_independent_prefix(sample, 500, context, poses, reference_mask=mask)
            shared = unet(
                sample[:, :, window], 500, context, reference_mask=mask, prefix=(skip[rows], first[rows])
            )
        finally:
            unet.clear_reference()
    assert unet.has_window_independent_prefix
    assert (plain - shared).abs().max().item() < 1e-5
    assert plain.abs().max().item() > 0.1


def test_decode_chunks_give_the_same_video(generate):
    one = generate(frames=5, decode_chunk_size=1)
    three = generate(frames=5, decode_chunk_size=3)
    assert one.memory.decode_chunk == 1 and three.memory.decode_chunk == 3
    assert (one.video - three.video).abs().max().item() < 1e-5


def test_memory_plan_shrinks_chunks_to_fit_a_small_budget(tiny_pipeline, monkeypatch):
    roomy = tiny_pipeline.memory_plan(512, 768, 120, 16, True)
    assert roomy.decode_chunk == memory.MAX_DECODE_CHUNK["cpu"]
    # A budget that leaves room for one decoded frame and a few pose frames beyond the weights.
    weights = roomy.estimate["weights"]
    shape = memory.RenderShape(512, 768, 120, 16, True)
    kept = memory.per_frame_bytes(shape, 32, 4) * 120
    budget = weights + kept + memory.decode_bytes(shape, 32, 1) + 1024
    monkeypatch.setenv(memory.BUDGET_ENV, str(budget / memory.GIB))
    tight = tiny_pipeline.memory_plan(512, 768, 120, 16, True)
    assert tight.decode_chunk == 1
    assert 1 <= tight.pose_chunk < memory.MAX_POSE_CHUNK
    assert tight.peak_bytes < roomy.peak_bytes + weights  # the estimate covers what it plans
    assert memory.describe(tight).startswith("predicted peak")


def test_memory_model_grows_with_frames_only_through_what_each_frame_keeps():
    full = {"unet_width": 320, "itemsize": 4}
    short = memory.RenderShape(512, 768, 24, 16, True)
    long = memory.RenderShape(512, 768, 120, 16, True)
    assert memory.unet_window_bytes(short, **full) == memory.unet_window_bytes(long, **full)
    per_frame = memory.per_frame_bytes(short, **full)
    assert per_frame == memory.per_frame_bytes(long, **full)
    assert 10 * 2**20 < per_frame < 100 * 2**20


def test_bf16_render_stays_within_the_documented_tolerance_of_fp32(generate, reference_image, pose_frames):
    from animation import AnimationPipeline

    bf16 = AnimationPipeline.from_config(seed=0, device="cpu", dtype="bfloat16")
    assert bf16.denoising_unet.dtype == torch.bfloat16
    assert bf16.vae.dtype == torch.float32  # decoding stays in fp32
    options = {"frames": 12, "steps": 4, "guidance_scale": 3.5}
    reference = generate(**options)
    half = generate(bf16, **options)
    assert torch.isfinite(half.latents).all()
    mean_diff = (half.latents - reference.latents).abs().mean().item()
    mse = ((half.video - reference.video) ** 2).mean().item()
    psnr = 10 * math.log10(1.0 / mse)
    assert mean_diff <= BF16_MAX_MEAN_LATENT_DIFF, mean_diff
    assert psnr >= BF16_MIN_VIDEO_PSNR_DB, psnr


def test_glibc_accepts_the_allocator_settings():
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        pytest.skip("the allocator settings are for glibc")
    assert tune_host_allocator() is True


def _psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    return 10 * math.log10(1.0 / max(((a - b) ** 2).mean().item(), 1e-12))


def test_feature_reuse_is_opt_in_and_stays_near_the_full_render(tiny_pipeline, generate, monkeypatch):
    from animation.models.unet_3d import AnimationUNet

    passes = []
    forward = AnimationUNet.forward

    def counting(self, *args, deep_cache=None, **kwargs):
        if not self.is_reference:
            passes.append("shallow" if deep_cache is not None and deep_cache.reuse else "full")
        return forward(self, *args, deep_cache=deep_cache, **kwargs)

    monkeypatch.setattr(AnimationUNet, "forward", counting)
    options = {"frames": 8, "steps": 5, "guidance_scale": 2.5}
    full = generate(**options)
    assert passes == ["full"] * 5
    passes.clear()
    same = generate(feature_reuse_interval=1, **options)
    assert torch.equal(same.latents, full.latents)
    passes.clear()
    reused = generate(feature_reuse_interval=2, **options)
    assert passes == ["full", "shallow", "full", "shallow", "full"]
    other_noise = generate(**options | {"seed": 4})
    assert not torch.equal(reused.latents, full.latents)
    # Much closer to the full render than another seed is.
    assert _psnr(reused.video, full.video) > _psnr(other_noise.video, full.video) + 6


def test_feature_reuse_interval_is_bounded():
    from animation.params import ParameterError, RenderParameters

    with pytest.raises(ParameterError) as caught:
        RenderParameters.validate(feature_reuse_interval=5)
    assert "feature_reuse_interval" in caught.value.errors


def test_host_memory_is_the_smaller_of_what_the_system_and_the_cgroup_say(monkeypatch):
    monkeypatch.setattr(memory, "_meminfo_available", lambda: 6 * memory.GIB)
    monkeypatch.setattr(memory, "_cgroup_headroom", lambda: 0)
    assert memory.available_bytes("cpu") == 0  # a full cgroup is full, not unknown
    monkeypatch.setattr(memory, "_cgroup_headroom", lambda: None)
    assert memory.available_bytes("cpu") == 6 * memory.GIB
    monkeypatch.setattr(memory, "_meminfo_available", lambda: None)
    assert memory.available_bytes("cpu") == memory.UNKNOWN_HOST_MEMORY


def test_compiled_unets_render_the_same(reference_image, pose_frames, monkeypatch):
    """torch.compile (opt-in) traces both UNets through every path of a windowed, guided render.

    The eager backend checks the tracing (graphs, guards, dictionaries of recorded reference features)
    without spending minutes generating code; the output must not move. Compiled graphs use PyTorch's
    attention, so the eager render does too (this tiny random model turns any rounding difference into
    visible ones).
    """
    import torch._dynamo

    from animation import AnimationPipeline

    monkeypatch.setenv("ANIMATION_CPU_KERNELS", "0")
    pipe = AnimationPipeline.from_config(seed=0, device="cpu")
    render = {
        "width": 64,
        "height": 64,
        "frames": 12,
        "steps": 2,
        "guidance_scale": 3.5,
        "context_frames": 8,
        "context_overlap": 4,
        "seed": 3,
    }
    eager = pipe.generate(reference_image, pose_frames, **render)
    monkeypatch.setattr(torch._dynamo.config, "cache_size_limit", torch._dynamo.config.cache_size_limit)
    try:
        pipe.compile_unets(backend="eager")
        assert pipe.compiled
        compiled = pipe.generate(reference_image, pose_frames, **render)
    finally:
        torch._dynamo.reset()
    assert torch.equal(compiled.latents, eager.latents)
