"""Render one benchmark case with the public reference implementation (run with the reference's Python).

    REF_PYTHON reference_render.py --checkout PATH --case DIR --out DIR --threads N

Loads the checkpoint set the way the reference's own ``scripts/pose2vid.py`` does, starts from the case's
``initial_latents.npy`` (its ``prepare_latents`` is replaced, nothing else is), and writes the final
latents (before decoding), the decoded video and per-phase times. Nothing of the reference is vendored:
it is imported from the checkout given by path.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

START = time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkout", required=True)
    parser.add_argument("--case", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, args.checkout)

    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    from diffusers import AutoencoderKL, DDIMScheduler
    from PIL import Image
    from src.models.pose_guider import PoseGuider
    from src.models.unet_2d_condition import UNet2DConditionModel
    from src.models.unet_3d import UNet3DConditionModel
    from src.pipelines.pipeline_pose2vid_long import Pose2VideoPipeline
    from transformers import CLIPVisionModelWithProjection

    phases = {"imports": time.perf_counter() - START}
    case = args.case
    params = json.loads(Path(case, "params.json").read_text())
    model_config = params["model_config"]
    weights = f"{case}/weights"
    t0 = time.perf_counter()
    vae = AutoencoderKL.from_pretrained(f"{weights}/sd-vae-ft-mse")
    base = f"{weights}/stable-diffusion-v1-5"
    reference_unet = UNet2DConditionModel.from_pretrained(base, subfolder="unet")
    denoising_unet = UNet3DConditionModel.from_pretrained_2d(
        f"{weights}/stable-diffusion-v1-5",
        f"{weights}/motion_module.pth",
        subfolder="unet",
        unet_additional_kwargs=model_config["unet_additional_kwargs"],
    )
    unet_config = json.loads(Path(weights, "stable-diffusion-v1-5/unet/config.json").read_text())
    pose_guider = PoseGuider(
        unet_config["block_out_channels"][0],
        block_out_channels=tuple(model_config["pose_guider_block_out_channels"]),
    )
    image_encoder = CLIPVisionModelWithProjection.from_pretrained(f"{weights}/image_encoder")
    for module, name in (
        (denoising_unet, "denoising_unet"),
        (reference_unet, "reference_unet"),
        (pose_guider, "pose_guider"),
    ):
        module.load_state_dict(torch.load(f"{weights}/{name}.pth", map_location="cpu"), strict=False)
    scheduler = DDIMScheduler(**model_config["noise_scheduler_kwargs"])
    pipe = Pose2VideoPipeline(
        vae=vae,
        image_encoder=image_encoder,
        reference_unet=reference_unet,
        denoising_unet=denoising_unet,
        pose_guider=pose_guider,
        scheduler=scheduler,
    ).to("cpu", dtype=torch.float32)
    phases["load"] = time.perf_counter() - t0

    initial = torch.from_numpy(np.load(f"{case}/initial_latents.npy"))
    pipe.prepare_latents = lambda *a, **k: initial.clone()
    final = {}
    marks = []

    def on_step(step, timestep, latents):
        marks.append(time.perf_counter())
        final["latents"] = latents.clone()

    decode = pipe.decode_latents

    def timed_decode(latents):
        marks.append(time.perf_counter())
        out = decode(latents)
        phases["decode"] = time.perf_counter() - marks[-1]
        return out

    pipe.decode_latents = timed_decode
    reference = Image.open(f"{case}/inputs/reference.png").convert("RGB")
    poses = [Image.open(f"{case}/inputs/pose_{i:03d}.png").convert("RGB") for i in range(params["frames"])]
    t0 = time.perf_counter()
    video = pipe(
        reference,
        poses,
        params["width"],
        params["height"],
        params["frames"],
        params["steps"],
        params["guidance_scale"],
        generator=torch.manual_seed(params["seed"]),
        callback=on_step,
        context_frames=params["context_frames"],
        context_overlap=params["context_overlap"],
        context_stride=params["context_stride"],
    ).videos
    phases["denoise"] = marks[len(marks) - 2] - t0 if len(marks) > 1 else 0.0
    phases["render"] = time.perf_counter() - t0
    np.save(f"{args.out}/latents.npy", final["latents"].float().numpy())
    np.save(f"{args.out}/video.npy", video.float().numpy())
    phases["total_in_process"] = time.perf_counter() - START
    Path(args.out, "phases.json").write_text(json.dumps(phases))


if __name__ == "__main__":
    main()
