"""``python -m animation``: one video from a reference image and a pose sequence, no Django needed.

``manage.py animate`` is this same command. The render options are generated from
:mod:`animation.params`, so they carry the schema's names, defaults, limits and help; the rest
(model, device, files) belongs to the command line only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from animation.errors import AnimationInputError, GenerationCancelled
from animation.params import DTYPES, PRESETS, ParamSpec, RenderParameters, param_specs, preset_values

TINY_NOTICE = (
    "No --weights given: using the tiny model with RANDOM weights. The output is noise; it only shows that "
    "every stage runs. For real animation pass --weights DIR (the released Moore-AnimateAnyone layout: "
    "stable-diffusion-v1-5/unet/config.json, sd-vae-ft-mse/, image_encoder/, denoising_unet.pth, "
    "reference_unet.pth, pose_guider.pth, motion_module.pth) and optionally --model-config FILE.json."
)


class CommandLineError(Exception):
    """A problem with what was asked on the command line; printed without a traceback."""


def spec_help(spec: ParamSpec) -> str:
    default = spec.null_means if spec.default is None else spec.default
    limits = spec.describe_limits()
    return f"{spec.help} Default: {default}." + (f" ({limits})" if limits else "")


def add_parameter_arguments(parser, params_class: type[RenderParameters] = RenderParameters) -> None:
    """One option per schema field (``--guidance-scale``...), unset by default, and ``--preset``."""
    parser.add_argument(
        "--preset",
        choices=list(PRESETS),
        help="start from a preset; options given beside it win. "
        + "; ".join(f"{name}: {label}" for name, (label, _) in PRESETS.items()),
    )
    groups: dict[str, object] = {}
    for spec in param_specs(params_class):
        group = groups.get(spec.group)
        if group is None:
            title = params_class.GROUPS.get(spec.group, spec.group)
            group = groups[spec.group] = parser.add_argument_group(f"render: {title.lower()}")
        group.add_argument(
            spec.cli_flag,
            dest=spec.name,
            type=spec.kind,
            default=None,
            choices=spec.choices,
            metavar=spec.name.upper() if not spec.choices else None,
            help=spec_help(spec),
        )


def parameters_from_options(options: dict, params_class: type[RenderParameters] = RenderParameters) -> dict:
    """The schema fields the user gave (over the preset's, if one was named); the schema fills in the rest."""
    given = preset_values(options["preset"]) if options.get("preset") else {}
    given.update(
        (spec.name, options[spec.name])
        for spec in param_specs(params_class)
        if options.get(spec.name) is not None
    )
    return given


def add_arguments(parser) -> None:
    model = parser.add_argument_group("model")
    model.add_argument("--weights", help="weights directory in the released layout")
    model.add_argument("--model-config", help="model_config JSON (default: released full-size settings)")
    model.add_argument(
        "--tiny", action="store_true", help="tiny random-weight model (the default without --weights)"
    )
    model.add_argument("--model-seed", type=int, default=0, help="seed of the tiny model's random weights")
    model.add_argument("--device", help="cpu, cuda, cuda:1... (default: cuda when available)")
    names = [name for canonical, aliases in DTYPES.items() for name in (canonical, *aliases)]
    model.add_argument("--dtype", choices=names, help="default: float16 on a GPU, float32 on the CPU")
    model.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's choice)")

    io = parser.add_argument_group("input and output")
    io.add_argument("--reference", required=True, help="reference image")
    io.add_argument(
        "--poses", required=True, help="pose video, or a directory of pose images (sorted by name)"
    )
    io.add_argument("--output", help="H.264 mp4 to write")
    io.add_argument("--dump-npz", help="write arrays `latents` and `video` (1,3,F,H,W) float32 in [0,1]")
    io.add_argument("--initial-latents", help=".npy with the starting noise (1, 4, F, H/8, W/8)")
    add_parameter_arguments(parser, RenderParameters)


def run(options: dict, *, stdout=None, stderr=None) -> None:
    """Render as ``options`` say; raises CommandLineError for anything the user should fix."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if not options.get("output") and not options.get("dump_npz"):
        raise CommandLineError("nothing to write: give --output FILE.mp4 and/or --dump-npz FILE.npz")
    if options.get("weights") and options.get("tiny"):
        raise CommandLineError("--tiny and --weights exclude each other")
    if options.get("model_config") and not options.get("weights"):
        raise CommandLineError("--model-config only applies with --weights")
    for flag in ("reference", "poses"):
        if not Path(options[flag]).exists():
            raise CommandLineError(f"--{flag}: {options[flag]} not found")
    try:
        # Checked before any model is loaded: a typo costs nothing.
        params = RenderParameters.validate(parameters_from_options(options)).with_seed()
    except AnimationInputError as exc:
        raise CommandLineError(str(exc))

    import numpy as np
    import torch
    from tqdm import tqdm

    from animation.pipelines.animate_anyone import AnimationPipeline

    if options.get("threads") or not options.get("weights"):
        torch.set_num_threads(
            options.get("threads") or 1
        )  # the tiny model only loses time to thread hand-offs
    bar = None
    try:
        if options.get("weights"):
            pipe = AnimationPipeline.from_pretrained(
                options["weights"],
                options.get("model_config"),
                device=options.get("device"),
                dtype=options.get("dtype"),
            )
        else:
            stdout.write(TINY_NOTICE + "\n")
            pipe = AnimationPipeline.from_config(
                seed=options.get("model_seed") or 0, device=options.get("device"), dtype=options.get("dtype")
            )
        initial = None
        if options.get("initial_latents"):
            try:
                initial = np.load(options["initial_latents"])
            except (OSError, ValueError) as exc:
                raise AnimationInputError(
                    f"cannot read --initial-latents {options['initial_latents']}: {exc}"
                )

        def progress(step: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc="denoising", unit="step", file=stderr)
            bar.update(step - bar.n)

        result = pipe.generate(
            options["reference"],
            options["poses"],
            params,
            initial_latents=initial,
            progress_callback=progress,
        )
    except (AnimationInputError, GenerationCancelled) as exc:
        raise CommandLineError(str(exc))
    finally:
        if bar is not None:
            bar.close()
    _write_outputs(options, result, stdout)
    stdout.write(f"seed: {params.seed}\nmodel: {pipe.fingerprint}\n")


def _write_outputs(options: dict, result, stdout) -> None:
    import numpy as np

    if options.get("dump_npz"):
        Path(options["dump_npz"]).parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            options["dump_npz"],
            latents=result.latents.numpy().astype(np.float32),
            video=result.video.numpy().astype(np.float32),
        )
        stdout.write(f"wrote {options['dump_npz']}\n")
    if options.get("output"):
        from posekit.video_io import write_mp4

        fps = result.fps or 30.0
        try:
            write_mp4(result.frames, options["output"], fps=fps)
        except (OSError, ValueError) as exc:
            raise CommandLineError(f"cannot write {options['output']}: {exc}")
        size = f"{result.video.shape[-1]}x{result.video.shape[-2]}"
        stdout.write(f"wrote {options['output']} ({len(result.frames)} frames, {size}, {fps:g} fps)\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m animation",
        description="Animate a reference image along a pose sequence (AnimateAnyone architecture).",
    )
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        run(options)
    except CommandLineError as exc:
        parser.exit(2, f"error: {exc}\n")
    return 0
