"""Fewer steps and feature reuse against the full 30-step DDIM render: speed-up and how far each drifts.

    python benchmarks/sampling_benchmark.py                  # mid configuration, 256x256, 8 frames, CPU
    python benchmarks/sampling_benchmark.py --weights WEIGHTS --width 512 --height 768 --frames 24

Every variant starts from the same noise; the decoded videos are compared with the DDIM 30-step one
(PSNR in dB over [0, 1] pixels, and the largest pixel difference). With random weights (no ``--weights``)
the numbers say how much each shortcut changes the computation, not how good the video looks; with the
released weights they are the real quality cost. The default output (DDIM, no reuse) never changes.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from animation_vs_reference import SAMPLES, size_config  # noqa: E402

from animation.pipelines.animate_anyone import AnimationPipeline  # noqa: E402
from animation.pipelines.preprocessing import load_image, load_poses  # noqa: E402

BASELINE = ("ddim", 30, 1)
VARIANTS = [
    ("ddim", 10, 1),
    ("dpm++", 10, 1),
    ("unipc", 10, 1),
    ("dpm++", 15, 1),
    ("unipc", 15, 1),
    ("ddim", 30, 2),
    ("ddim", 10, 2),
    ("dpm++", 15, 2),
]


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    mse = float(((a - b) ** 2).mean())
    return float("inf") if mse == 0 else 10 * math.log10(1.0 / mse)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--weights", type=Path, help="a released checkpoint directory (default: random mid)")
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--height", type=int, default=256)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--device", default=None)
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.weights:
        pipe = AnimationPipeline.from_pretrained(args.weights, device=args.device)
    else:
        pipe = AnimationPipeline.from_config(size_config("mid"), seed=0, device=args.device or "cpu")
    reference = load_image(SAMPLES / "reference_images" / "anyone-11.png", "reference")
    poses, _ = load_poses(SAMPLES / "pose_videos" / "anyone-video-2_kps.mp4", args.frames)
    shape = (1, 4, args.frames, args.height // 8, args.width // 8)
    noise = torch.randn(shape, generator=torch.Generator().manual_seed(0))

    def render(scheduler: str, steps: int, reuse: int):
        start = time.perf_counter()
        result = pipe.generate(
            reference,
            poses,
            width=args.width,
            height=args.height,
            frames=args.frames,
            steps=steps,
            guidance_scale=3.5,
            scheduler=scheduler,
            feature_reuse_interval=reuse,
            seed=0,
            initial_latents=noise,
        )
        return result.video, time.perf_counter() - start

    print(
        f"{'weights ' + str(args.weights) if args.weights else 'random mid weights'}, "
        f"{args.width}x{args.height}, {args.frames} frames, guidance 3.5, {pipe.device.type}, "
        f"{torch.get_num_threads()} threads"
    )
    base_video, base_s = render(*BASELINE)
    print(f"{'ddim 30 steps, no reuse (baseline)':40s} {base_s:7.1f} s")
    for scheduler, steps, reuse in VARIANTS:
        video, seconds = render(scheduler, steps, reuse)
        label = f"{scheduler} {steps} steps, {'reuse every other step' if reuse == 2 else 'no reuse'}"
        diff = float((video - base_video).abs().max())
        print(
            f"{label:40s} {seconds:7.1f} s  speed-up {base_s / seconds:5.2f}x  "
            f"PSNR {psnr(video, base_video):6.2f} dB  max diff {diff:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
