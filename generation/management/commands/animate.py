"""``manage.py animate``: make one video from a reference image and a pose video (or pose images)."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

TINY_NOTICE = (
    "No --weights given: using the tiny model with RANDOM weights. The output is noise; it only shows that "
    "every stage runs. For real animation pass --weights DIR (the released Moore-AnimateAnyone layout: "
    "stable-diffusion-v1-5/unet/config.json, sd-vae-ft-mse/, image_encoder/, denoising_unet.pth, "
    "reference_unet.pth, pose_guider.pth, motion_module.pth) and optionally --model-config FILE.json."
)


class Command(BaseCommand):
    help = "Animate a reference image along a pose sequence (AnimateAnyone architecture)."
    requires_system_checks = []  # pure computation: needs no database, urls or other apps

    def add_arguments(self, parser):
        model = parser.add_argument_group("model")
        model.add_argument("--weights", help="weights directory in the released layout")
        model.add_argument("--model-config", help="model_config JSON (default: released full-size settings)")
        model.add_argument(
            "--tiny", action="store_true", help="tiny random-weight model (the default without --weights)"
        )
        model.add_argument(
            "--model-seed", type=int, default=0, help="seed of the tiny model's random weights"
        )
        model.add_argument("--device", help="cpu, cuda, cuda:1... (default: cuda when available)")
        model.add_argument(
            "--dtype", choices=["fp32", "fp16", "bf16"], help="default: fp16 on GPU, fp32 on CPU"
        )
        model.add_argument(
            "--threads",
            type=int,
            help="CPU threads for torch (default: torch's choice; 1 with the tiny model)",
        )

        io = parser.add_argument_group("input and output")
        io.add_argument("--reference", required=True, help="reference image")
        io.add_argument(
            "--poses", required=True, help="pose video, or a directory of pose images (sorted by name)"
        )
        io.add_argument("--output", help="H.264 mp4 to write")
        io.add_argument("--fps", type=float, help="output frame rate (default: the pose video's, else 30)")
        io.add_argument("--dump-npz", help="write arrays `latents` and `video` (1,3,F,H,W) float32 in [0,1]")
        io.add_argument("--initial-latents", help=".npy with the starting noise (1, 4, F, H/8, W/8)")

        gen = parser.add_argument_group("generation")
        gen.add_argument("--width", type=int, help="multiple of 8 (default 512; 64 with the tiny model)")
        gen.add_argument("--height", type=int, help="multiple of 8 (default 768; 64 with the tiny model)")
        gen.add_argument(
            "--frames", type=int, help="number of frames (default: all poses; 8 with the tiny model)"
        )
        gen.add_argument("--steps", type=int, help="denoising steps (default 30; 4 with the tiny model)")
        gen.add_argument("--guidance", type=float, default=3.5, help="guidance scale; <= 1 disables guidance")
        gen.add_argument("--seed", type=int, default=42)
        gen.add_argument("--context-frames", type=int, default=24)
        gen.add_argument("--context-overlap", type=int, default=4)
        gen.add_argument("--context-stride", type=int, default=1)
        gen.add_argument(
            "--scheduler", default="DDIM", help="DDIM (released settings) or any diffusers scheduler"
        )

    def handle(self, *args, **options):
        if not options["output"] and not options["dump_npz"]:
            raise CommandError("nothing to write: give --output FILE.mp4 and/or --dump-npz FILE.npz")
        if options["weights"] and options["tiny"]:
            raise CommandError("--tiny and --weights exclude each other")
        if options["model_config"] and not options["weights"]:
            raise CommandError("--model-config only applies with --weights")

        import numpy as np
        from tqdm import tqdm

        from animation import AnimationInputError, AnimationPipeline, GenerationCancelled

        tiny = not options["weights"]
        width = options["width"] or (64 if tiny else 512)
        height = options["height"] or (64 if tiny else 768)
        steps = options["steps"] or (4 if tiny else 30)
        for flag in ("reference", "poses"):
            if not Path(options[flag]).exists():
                raise CommandError(f"--{flag}: {options[flag]} not found")
        bar = None
        if options["threads"] or tiny:
            import torch

            torch.set_num_threads(options["threads"] or 1)  # tiny ops only lose time to thread hand-offs
        try:
            AnimationPipeline.check_request(width, height, steps, options["frames"])
            if tiny:
                self.stdout.write(self.style.WARNING(TINY_NOTICE))
                pipe = AnimationPipeline.from_config(
                    seed=options["model_seed"], device=options["device"], dtype=options["dtype"]
                )
            else:
                pipe = AnimationPipeline.from_pretrained(
                    options["weights"],
                    options["model_config"],
                    device=options["device"],
                    dtype=options["dtype"],
                )
            initial = None
            if options["initial_latents"]:
                try:
                    initial = np.load(options["initial_latents"])
                except (OSError, ValueError) as exc:
                    raise AnimationInputError(
                        f"cannot read --initial-latents {options['initial_latents']}: {exc}"
                    )

            def progress(step: int, total: int) -> None:
                nonlocal bar
                if bar is None:
                    bar = tqdm(total=total, desc="denoising", unit="step", file=sys.stderr)
                bar.update(step - bar.n)

            result = pipe.generate(
                options["reference"],
                options["poses"],
                width=width,
                height=height,
                num_frames=options["frames"] or (8 if tiny else None),
                steps=steps,
                guidance_scale=options["guidance"],
                seed=options["seed"],
                context_frames=options["context_frames"],
                context_overlap=options["context_overlap"],
                context_stride=options["context_stride"],
                scheduler=options["scheduler"],
                initial_latents=initial,
                progress_callback=progress,
            )
        except (AnimationInputError, GenerationCancelled) as exc:
            raise CommandError(str(exc))
        finally:
            if bar is not None:
                bar.close()

        if options["dump_npz"]:
            Path(options["dump_npz"]).parent.mkdir(parents=True, exist_ok=True)
            np.savez(
                options["dump_npz"],
                latents=result.latents.numpy().astype(np.float32),
                video=result.video.numpy().astype(np.float32),
            )
            self.stdout.write(f"wrote {options['dump_npz']}")
        if options["output"]:
            from posekit.video_io import write_mp4

            fps = options["fps"] or result.fps or 30.0
            try:
                write_mp4(result.frames, options["output"], fps=fps)
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot write {options['output']}: {exc}")
            size = f"{result.video.shape[-1]}x{result.video.shape[-2]}"
            self.stdout.write(f"wrote {options['output']} ({len(result.frames)} frames, {size}, {fps:g} fps)")
        self.stdout.write(f"model: {pipe.fingerprint}")
