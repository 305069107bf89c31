"""Seconds per denoising step and peak memory of the Wan2.2-Animate backend (random weights).

    python benchmarks/wan_animate_benchmark.py                 # tiny on CPU; full size on CUDA if present
    python benchmarks/wan_animate_benchmark.py --only tiny --steps 4

Runs:
  tiny        - the test configuration saved in the diffusers layout and loaded by the backend, 64x64,
                13 frames in segments of 5 (three segments), on CPU
  full-480p   - the full-size 14B transformer and the full Wan VAE at 832x480, one 77-frame segment,
                bf16 (VAE fp32), on CUDA, without and with model CPU offload
  full-720p   - the same at 1280x720

Full size needs no download: the transformer is built on the meta device from its released configuration
and filled with small random values (speed does not depend on them). The text and image encoders run once
per video, not per step, so small stand-ins with the released output widths (4096, 1280) are used.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from animation.backends import RenderInputs, get_backend  # noqa: E402
from animation.backends.wan_animate import WanAnimateParameters  # noqa: E402


def _frames(rng, count, width, height, mode="RGB"):
    shape = (height, width, 3) if mode == "RGB" else (height, width)
    return [Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8)).convert(mode) for _ in range(count)]


def _inputs(width, height, frames, face):
    rng = np.random.default_rng(0)
    return RenderInputs(
        reference=Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8)),
        poses=_frames(rng, frames, width, height),
        faces=_frames(rng, frames, face, face),
        background=_frames(rng, frames, width, height),
        mask=_frames(rng, frames, width, height, "L"),
    )


def _timed_render(model, inputs, params) -> dict:
    """Seconds per step from the progress callback (first step of each segment excluded: it includes
    the segment's VAE encoding), total seconds and peak memory."""
    stamps: list[float] = []
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
        torch.cuda.synchronize()
    started = time.perf_counter()
    stamps.append(started)
    model.render(inputs, params, progress_callback=lambda step, total: stamps.append(time.perf_counter()))
    total = time.perf_counter() - started
    steps = params.steps
    gaps = [
        stamps[i + 1] - stamps[i]
        for i in range(len(stamps) - 1)
        if i % steps != 0  # not the first step of a segment
    ] or [total / max(1, len(stamps) - 1)]
    result = {"seconds_per_step": float(np.median(gaps)), "total_seconds": total}
    result["peak_rss_gib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    if torch.cuda.is_available():
        result["peak_gpu_gib"] = torch.cuda.max_memory_allocated() / 2**30
    return result


def run_tiny(steps: int) -> dict:
    from animation.backends.wan_animate.tiny import build_tiny_wan_animate

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as tmp:
        directory = build_tiny_wan_animate(Path(tmp) / "wan-tiny")
        model = get_backend("wan-animate").load(weights_dir=str(directory), device="cpu")
        params = WanAnimateParameters.validate(
            {"width": 64, "height": 64, "frames": 13, "steps": steps, "seed": 0, "segment_frame_length": 5}
        )
        return _timed_render(model, _inputs(64, 64, 13, model.face_size), params)


def _full_size_pipe(device):
    """WanAnimatePipeline with the full transformer and VAE (random) and small stand-in encoders."""
    from accelerate import init_empty_weights
    from diffusers import (
        AutoencoderKLWan,
        UniPCMultistepScheduler,
        WanAnimatePipeline,
        WanAnimateTransformer3DModel,
    )
    from transformers import (
        CLIPImageProcessor,
        CLIPVisionConfig,
        CLIPVisionModel,
        UMT5Config,
        UMT5EncoderModel,
    )

    from animation.backends.wan_animate.tiny import tiny_tokenizer

    with init_empty_weights():
        transformer = WanAnimateTransformer3DModel()
    transformer.to_empty(device=device)
    generator = torch.Generator(device).manual_seed(0)
    with torch.no_grad():
        for tensor in transformer.parameters():
            tensor.normal_(0, 0.02, generator=generator)
    transformer.to(torch.bfloat16)
    tokenizer, vocab = tiny_tokenizer()
    text_encoder = UMT5EncoderModel(
        UMT5Config(vocab_size=vocab, d_model=4096, d_kv=64, d_ff=256, num_layers=1, num_heads=4)
    ).to(device, torch.bfloat16)
    image_encoder = CLIPVisionModel(
        CLIPVisionConfig(
            hidden_size=1280,
            intermediate_size=512,
            num_hidden_layers=2,
            num_attention_heads=16,
            image_size=224,
            patch_size=14,
        )  # fmt: skip
    ).to(device, torch.bfloat16)
    pipe = WanAnimatePipeline(
        tokenizer=tokenizer,
        text_encoder=text_encoder,
        vae=AutoencoderKLWan().to(device, torch.float32),
        scheduler=UniPCMultistepScheduler(
            prediction_type="flow_prediction", use_flow_sigmas=True, flow_shift=5.0
        ),
        image_processor=CLIPImageProcessor(),
        image_encoder=image_encoder,
        transformer=transformer,
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def run_full(width: int, height: int, steps: int, offload: bool) -> dict:
    from animation.backends.wan_animate.render import WanAnimateModel

    device = torch.device("cuda")
    pipe = _full_size_pipe(device)
    if offload:
        pipe.to("cpu")
        pipe.enable_model_cpu_offload(device=device)
    backend = get_backend("wan-animate")
    plan = {"cpu_offload": offload, "vae_tiling": False, "free_gib": None}
    model = WanAnimateModel(backend, pipe, device=device, fingerprint="random", weights="random", memory=plan)
    params = WanAnimateParameters.validate(
        {
            "width": width,
            "height": height,
            "frames": 77,
            "steps": steps,
            "seed": 0,
            "segment_frame_length": 77,
        }
    )
    result = _timed_render(model, _inputs(width, height, 77, model.face_size), params)
    del model, pipe
    torch.cuda.empty_cache()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["tiny", "full-480p", "full-720p"])
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--no-offload-run", action="store_true", help="full size: skip the offload variant")
    args = parser.parse_args()
    runs = [args.only] if args.only else ["tiny", "full-480p", "full-720p"]
    for name in runs:
        if name == "tiny":
            rows = [("tiny, cpu, fp32", run_tiny(args.steps))]
        elif not torch.cuda.is_available():
            print(f"{name}: skipped (no CUDA GPU)")
            continue
        else:
            width, height = (832, 480) if name == "full-480p" else (1280, 720)
            variants = [False] if args.no_offload_run else [False, True]
            rows = [
                (
                    f"{name}, bf16, {'model CPU offload' if off else 'no offload'}",
                    run_full(width, height, args.steps, off),
                )
                for off in variants
            ]
        for label, figures in rows:
            text = ", ".join(f"{key} {value:.3f}" for key, value in figures.items())
            print(f"{label}: {text}")


if __name__ == "__main__":
    main()
