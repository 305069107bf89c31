"""Seconds per denoising step and peak memory of the animation pipeline (random weights).

    python benchmarks/animation_benchmark.py   # tiny + mid-size on CPU, full size on CUDA if present
    python benchmarks/animation_benchmark.py --only tiny --steps 4

Runs:
  tiny  - the test configuration (64x64, 8 frames) on CPU
  mid   - full-size UNets and motion modules (widths 320/640/1280/1280) at 256x256, 16 frames, on CPU,
          2 steps (a few minutes on 2 cores; ~11 GiB RAM); small VAE and CLIP
  full  - full size at 512x768, 24 frames, fp16, on CUDA (skipped without a GPU)

Weights are random: speed does not depend on their values. Large models are built on the meta device and
filled with small random values to skip slow per-layer initialisation.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from diffusers import AutoencoderKL
from PIL import Image
from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from animation.config import AnimationConfig  # noqa: E402
from animation.loading import AnimationModels, build_unets, quiet_libraries, to_device  # noqa: E402
from animation.models.pose_guider import PoseGuider  # noqa: E402
from animation.models.temporal_module import sinusoidal_encoding  # noqa: E402
from animation.pipelines.animate_anyone import AnimationPipeline  # noqa: E402


def _fill(module: torch.nn.Module, generator: torch.Generator) -> None:
    for name, tensor in list(module.named_parameters()) + list(module.named_buffers()):
        with torch.no_grad():
            if name.endswith("pe"):
                tensor.copy_(sinusoidal_encoding(tensor.shape[1], tensor.shape[2]))
            elif tensor.dim() == 1:
                tensor.fill_(1.0 if name.endswith("weight") else 0.0)
            else:
                tensor.uniform_(-0.03, 0.03, generator=generator)


def build_pipeline(config: AnimationConfig, device: torch.device, dtype: torch.dtype) -> AnimationPipeline:
    generator = torch.Generator().manual_seed(0)
    with torch.device("meta"):
        reference, denoising = build_unets(config.unet, config.model)
        pose_guider = PoseGuider(
            config.unet.block_out_channels[0], config.model.pose_guider_block_out_channels
        )
    for module in (reference, denoising, pose_guider):
        module.to_empty(device="cpu")
        _fill(module, generator)
    with quiet_libraries():
        vae = AutoencoderKL.from_config(config.vae)
        image_encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(**config.image_encoder))
    models = AnimationModels(vae, image_encoder, reference, denoising, pose_guider, config.unet, config.model)
    models = to_device(models, device, dtype)
    return AnimationPipeline(models, device=device, dtype=dtype, fingerprint="benchmark")


def mid_config() -> AnimationConfig:
    """Full-width UNets and motion modules; a small VAE and CLIP so decoding does not dominate the run."""
    full = AnimationConfig.full_size()
    small_clip = dict(full.image_encoder, hidden_size=64, intermediate_size=128, num_hidden_layers=2)
    small_clip["num_attention_heads"] = 4
    return replace(full, image_encoder=small_clip, vae=AnimationConfig.tiny().vae)


def run(
    name: str,
    config: AnimationConfig,
    *,
    device: str,
    dtype: torch.dtype,
    width: int,
    height: int,
    frames: int,
    steps: int,
    context: int,
) -> None:
    dev = torch.device(device)
    start = time.perf_counter()
    pipe = build_pipeline(config, dev, dtype)
    build_s = time.perf_counter() - start
    rng = np.random.default_rng(0)
    reference = Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8))
    poses = [Image.fromarray(rng.integers(0, 255, (height, width, 3), dtype=np.uint8)) for _ in range(frames)]
    if dev.type == "cuda":
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    stamps = [time.perf_counter()]

    def tick(step: int, total: int) -> None:
        if dev.type == "cuda":
            torch.cuda.synchronize()
        stamps.append(time.perf_counter())

    pipe.generate(
        reference,
        poses,
        width=width,
        height=height,
        frames=frames,
        steps=steps,
        guidance_scale=3.5,
        context_frames=context,
        context_overlap=4,
        progress_callback=tick,
    )
    total_s = time.perf_counter() - stamps[0]
    per_step = np.diff(stamps)
    later = per_step[1:] if len(per_step) > 1 else per_step  # the first step also runs the reference UNet
    if dev.type == "cuda":
        peak = f"{torch.cuda.max_memory_allocated() / 2**30:.2f} GiB GPU"
    else:
        peak = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB RSS (process peak)"
    print(
        f"{name:5s} {device:5s} {str(dtype).replace('torch.', ''):8s} {width}x{height} {frames:3d} frames "
        f"{steps} steps | build {build_s:6.1f}s | first step {per_step[0]:7.2f}s | "
        f"s/step {later.mean():7.2f} | total {total_s:7.1f}s | peak {peak}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["tiny", "mid", "full"], action="append")
    parser.add_argument("--steps", type=int, help="override the number of steps of every run")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    chosen = args.only or ["tiny", "mid", "full"]
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads, cuda={torch.cuda.is_available()}"
    )
    if "tiny" in chosen:
        run(
            "tiny",
            AnimationConfig.tiny(),
            device="cpu",
            dtype=torch.float32,
            width=64,
            height=64,
            frames=8,
            steps=args.steps or 4,
            context=8,
        )
    if "mid" in chosen:
        run(
            "mid",
            mid_config(),
            device="cpu",
            dtype=torch.float32,
            width=256,
            height=256,
            frames=16,
            steps=args.steps or 2,
            context=16,
        )
    if "full" in chosen:
        if torch.cuda.is_available():
            run(
                "full",
                AnimationConfig.full_size(),
                device="cuda",
                dtype=torch.float16,
                width=512,
                height=768,
                frames=24,
                steps=args.steps or 5,
                context=24,
            )
        else:
            print("full  skipped: no CUDA GPU")


if __name__ == "__main__":
    main()
