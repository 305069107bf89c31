"""The studio's animation model against the public reference implementation, side by side.

    python benchmarks/animation_vs_reference.py \
        --reference-checkout ~/src/Moore-AnimateAnyone --reference-python ~/src/ref-venv/bin/python

Both render the same case: a random-weight checkpoint set in the released layout (written once under
``--case-dir``), a real reference photograph and pose frames from ``../shared/samples``, the same initial
latents, on the same number of CPU threads. Each render is a whole process (imports, loading, rendering,
decoding), runs alternate (studio, reference, studio, ...) so that drift of a shared machine hits both,
and the script prints wall time, peak RSS and the phases of each run, the median speed-up and the largest
differences of the final latents and of the decoded video. The reference is never vendored: it is run
from the checkout and Python given by path (see ``../shared/reference/README.md`` for its environment).

Sizes: ``mid`` (block widths 64/128/256/256, 256x256, 12 frames in 8-frame windows with overlap 4,
4 steps, guidance 3.5: the configuration the speed target is stated on) and ``tiny`` (the conformance
size, seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent / "side_by_side"
SAMPLES = ROOT.parent / "shared" / "samples"

SIZES = {
    "mid": {
        "unet": {"block_out_channels": [64, 128, 256, 256], "layers_per_block": 2, "attention_head_dim": 8},
        "cross_attention_dim": 64,
        "vae": {"block_out_channels": [64, 128, 256, 256], "layers_per_block": 2},
        "render": {"width": 256, "height": 256, "frames": 12, "steps": 4},
    },
    "tiny": {
        "unet": {"block_out_channels": [32, 32, 64, 64], "layers_per_block": 1, "attention_head_dim": 4},
        "cross_attention_dim": 32,
        "vae": {"block_out_channels": [32, 32, 64, 64], "layers_per_block": 1},
        "render": {"width": 64, "height": 96, "frames": 12, "steps": 4},
    },
}


def size_config(size: str):
    """The AnimationConfig of a benchmark size: SD1.5 layout and released inference settings, narrower."""
    from animation.config import AnimationConfig, UNetConfig

    spec = SIZES[size]
    full = AnimationConfig.full_size()
    unet = full.unet.to_diffusers() | spec["unet"] | {"cross_attention_dim": spec["cross_attention_dim"]}
    clip = dict(
        full.image_encoder,
        hidden_size=64,
        intermediate_size=128,
        num_attention_heads=4,
        num_hidden_layers=2,
        patch_size=32,
        projection_dim=spec["cross_attention_dim"],
    )
    return AnimationConfig(
        unet=UNetConfig.from_diffusers(unet),
        model=full.model,
        vae=dict(full.vae, **spec["vae"]),
        image_encoder=clip,
    )


def write_case(size: str, case: Path, seed: int = 0) -> Path:
    """Checkpoint set in the released layout, inputs and initial latents; reused when already written."""
    if (case / "params.json").is_file():
        return case
    import torch

    from animation.loading import build_random_models
    from animation.pipelines import preprocessing

    config = size_config(size)
    render = SIZES[size]["render"]
    models = build_random_models(config, seed=seed)
    weights = case / "weights"
    for folder in ("stable-diffusion-v1-5/unet", "sd-vae-ft-mse", "image_encoder", "inputs"):
        (weights / folder if folder != "inputs" else case / folder).mkdir(parents=True, exist_ok=True)
    denoising = models.denoising_unet.state_dict()
    spatial = {k: v for k, v in denoising.items() if ".motion_modules." not in k}
    motion = {k: v for k, v in denoising.items() if ".motion_modules." in k}
    torch.save(spatial, weights / "denoising_unet.pth")
    torch.save(motion, weights / "motion_module.pth")
    torch.save(models.reference_unet.state_dict(), weights / "reference_unet.pth")
    torch.save(models.pose_guider.state_dict(), weights / "pose_guider.pth")
    # The reference builds both UNets from the base directory's weights before loading the .pth files.
    torch.save(spatial, weights / "stable-diffusion-v1-5/unet/diffusion_pytorch_model.bin")
    unet_json = {"_class_name": "UNet2DConditionModel", **config.unet.to_diffusers()}
    (weights / "stable-diffusion-v1-5/unet/config.json").write_text(json.dumps(unet_json, indent=1))
    torch.save(models.vae.state_dict(), weights / "sd-vae-ft-mse/diffusion_pytorch_model.bin")
    vae_json = {"_class_name": "AutoencoderKL", **config.vae}
    (weights / "sd-vae-ft-mse/config.json").write_text(json.dumps(vae_json, indent=1))
    torch.save(models.image_encoder.state_dict(), weights / "image_encoder/pytorch_model.bin")
    clip_json = {
        "architectures": ["CLIPVisionModelWithProjection"],
        "model_type": "clip_vision_model",
        **config.image_encoder,
    }
    (weights / "image_encoder/config.json").write_text(json.dumps(clip_json, indent=1))

    w, h, frames = render["width"], render["height"], render["frames"]
    reference = preprocessing.load_image(SAMPLES / "reference_images" / "anyone-11.png", "reference")
    reference.save(case / "inputs" / "reference.png")
    poses, _ = preprocessing.load_poses(SAMPLES / "pose_videos" / "anyone-video-2_kps.mp4", frames)
    for i, pose in enumerate(poses):
        pose.save(case / "inputs" / f"pose_{i:03d}.png")
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((1, 4, frames, h // 8, w // 8)).astype(np.float32)
    np.save(case / "initial_latents.npy", noise)
    params = {
        **render,
        "guidance_scale": 3.5,
        "context_frames": 8,
        "context_overlap": 4,
        "context_stride": 1,
        "seed": seed,
        "model_config": config.model.to_dict(),
    }
    (case / "params.json").write_text(json.dumps(params, indent=1))
    return case


def run_once(command: list[str], out: Path) -> dict:
    """One whole-process render: wall time and peak RSS of that process alone (wait4), plus its phases."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    log = process.stdout.read().decode(errors="replace")
    process.stdout.close()
    if status != 0:
        raise SystemExit(f"render failed ({' '.join(command[:2])}):\n{log[-3000:]}")
    phases = json.loads((out / "phases.json").read_text())
    return {
        "wall": wall,
        "rss_gib": usage.ru_maxrss / 2**20,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "phases": phases,
        "latents": np.load(out / "latents.npy"),
        "video": np.load(out / "video.npy"),
    }


def describe(label: str, run: dict) -> str:
    p = run["phases"]
    return (
        f"{label:9s} wall {run['wall']:6.1f} s | imports {p['imports']:4.1f} load {p['load']:4.1f} "
        f"until decode {p['denoise']:6.1f} decode {p['decode']:5.1f} | user {run['user']:6.1f} "
        f"sys {run['sys']:5.1f} | peak RSS {run['rss_gib']:.2f} GiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reference-checkout", type=Path, help="a Moore-AnimateAnyone checkout")
    parser.add_argument("--reference-python", type=Path, help="the Python of the reference's environment")
    parser.add_argument("--size", choices=sorted(SIZES), default="mid")
    parser.add_argument("--runs", type=int, default=2, help="runs of each, alternating (default 2)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--case-dir", type=Path, help="where the case is written (default var/benchmarks)")
    parser.add_argument("--studio-only", action="store_true", help="time the studio alone")
    args = parser.parse_args()
    if not args.studio_only and not (args.reference_checkout and args.reference_python):
        parser.error("give --reference-checkout and --reference-python, or --studio-only")
    if not SAMPLES.is_dir():
        raise SystemExit(f"the samples are needed as inputs: {SAMPLES} not found")
    case = write_case(args.size, args.case_dir or ROOT / "var" / "benchmarks" / f"{args.size}-case")
    params = json.loads((case / "params.json").read_text())
    print(
        f"case {case} ({args.size}): {params['width']}x{params['height']}, {params['frames']} frames, "
        f"{params['steps']} steps, guidance {params['guidance_scale']}, windows of {params['context_frames']}"
        f" overlap {params['context_overlap']}; {args.threads} threads; {os.cpu_count()} CPUs",
        flush=True,
    )
    common = ["--case", str(case), "--threads", str(args.threads)]
    studio_cmd = [sys.executable, str(HERE / "studio_render.py"), *common]
    ref_cmd = None
    if not args.studio_only:
        ref_cmd = [
            str(args.reference_python),
            str(HERE / "reference_render.py"),
            "--checkout",
            str(args.reference_checkout.resolve()),
            *common,
        ]
    studio, reference = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            studio.append(run_once([*studio_cmd, "--out", f"{tmp}/s{i}"], Path(tmp, f"s{i}")))
            print(describe("studio", studio[-1]), flush=True)
            if ref_cmd:
                reference.append(run_once([*ref_cmd, "--out", f"{tmp}/r{i}"], Path(tmp, f"r{i}")))
                print(describe("reference", reference[-1]), flush=True)
    own = statistics.median(r["wall"] for r in studio)
    print(f"studio median wall {own:.1f} s")
    if reference:
        theirs = statistics.median(r["wall"] for r in reference)
        latents = float(np.abs(studio[0]["latents"] - reference[0]["latents"]).max())
        video = float(np.abs(studio[0]["video"] - reference[0]["video"]).max())
        print(
            f"speed-up {theirs / own:.2f}x (reference median {theirs:.1f} s, studio {own:.1f} s); "
            f"max |latents diff| {latents:.2e} (tolerance 1e-3), max |video diff| {video:.2e}; "
            f"equal output: {'yes' if latents <= 1e-3 else 'NO'}"
        )


if __name__ == "__main__":
    main()
