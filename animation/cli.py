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


def add_parameter_arguments(parser, *params_classes: type[RenderParameters]) -> None:
    """One option per schema field (``--guidance-scale``...), all defaulting to "not given". With several
    schemas (one per backend), each name once; its help is the first schema's."""
    params_classes = params_classes or (RenderParameters,)
    parser.add_argument(
        "--preset",
        choices=list(PRESETS),
        help="start from a preset; options given beside it win. "
        + "; ".join(f"{name}: {label}" for name, (label, _) in PRESETS.items()),
    )
    groups: dict[str, object] = {}
    seen: set[str] = set()
    for spec in (spec for params_class in params_classes for spec in param_specs(params_class)):
        if spec.name in seen:
            continue
        seen.add(spec.name)
        params_class = params_classes[0]
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
    names = {spec.name for spec in param_specs(params_class)}
    preset = preset_values(options["preset"]) if options.get("preset") else {}
    given = {name: value for name, value in preset.items() if name in names}  # a backend's own fields
    given.update(
        (spec.name, options[spec.name])
        for spec in param_specs(params_class)
        if options.get(spec.name) is not None
    )
    return given


def add_arguments(parser) -> None:
    from animation.backends import DEFAULT_BACKEND, all_backends

    model = parser.add_argument_group("model")
    model.add_argument(
        "--backend",
        default=DEFAULT_BACKEND,
        choices=[backend.name for backend in all_backends()],
        help=f"model family (default: {DEFAULT_BACKEND}); each takes its own render options, listed below",
    )
    model.add_argument("--weights", help="weights directory in the backend's released layout")
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
    io.add_argument("--poses", help="pose video, or a directory of pose images (sorted by name)")
    io.add_argument(
        "--driving",
        help="a real video of a person: the backend extracts what it needs from it (poses; for wan-animate "
        "also face crops, and for --mode replace the scene and a person mask)",
    )
    io.add_argument("--output", help="H.264 mp4 to write")
    io.add_argument("--dump-npz", help="write arrays `latents` and `video` (1,3,F,H,W) float32 in [0,1]")
    io.add_argument("--initial-latents", help=".npy with the starting noise (1, 4, F, H/8, W/8)")
    add_parameter_arguments(parser, *(backend.params_class for backend in all_backends()))


def _backend_parameters(options: dict, backend) -> RenderParameters:
    """The backend's own parameters from the options; an option of another backend is an error."""
    from animation.backends import all_backends

    own = {spec.name for spec in param_specs(backend.params_class)}
    others = {spec.name for other in all_backends() for spec in param_specs(other.params_class)} - own
    foreign = sorted(name for name in others if options.get(name) is not None)
    if foreign:
        flags = ", ".join("--" + name.replace("_", "-") for name in foreign)
        raise CommandLineError(f"{flags} do(es) not apply to the {backend.name} backend")
    try:
        return backend.params_class.validate(
            parameters_from_options(options, backend.params_class)
        ).with_seed()
    except AnimationInputError as exc:
        raise CommandLineError(str(exc))


def run(options: dict, *, stdout=None, stderr=None) -> None:
    """Render as ``options`` say; raises CommandLineError for anything the user should fix."""
    from animation.backends import DEFAULT_BACKEND, get_backend

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    backend = get_backend(options.get("backend") or DEFAULT_BACKEND)
    if bool(options.get("poses")) == bool(options.get("driving")):
        raise CommandLineError("give the motion as either --poses (skeleton frames) or --driving (a video)")
    if backend.name != "animate-anyone":
        return _run_backend(options, backend, stdout=stdout, stderr=stderr)
    if not options.get("output") and not options.get("dump_npz"):
        raise CommandLineError("nothing to write: give --output FILE.mp4 and/or --dump-npz FILE.npz")
    if options.get("weights") and options.get("tiny"):
        raise CommandLineError("--tiny and --weights exclude each other")
    if options.get("model_config") and not options.get("weights"):
        raise CommandLineError("--model-config only applies with --weights")
    for flag in ("reference", "poses", "driving"):
        if options.get(flag) and not Path(options[flag]).exists():
            raise CommandLineError(f"--{flag}: {options[flag]} not found")
    # Checked before any model is loaded: a typo costs nothing.
    params = _backend_parameters(options, backend)

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

        poses = options["poses"] or _poses_from_driving(options["driving"], params.frames)
        result = pipe.generate(
            options["reference"],
            poses,
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


def _poses_from_driving(video: str, frames: int) -> list:
    """Skeleton frames of a real video (the first ``frames``), extracted with the motion library."""
    from PIL import Image

    from posekit.drawing import iter_rendered_frames
    from posekit.errors import MotionInputError
    from posekit.extract import extract_pose_sequence

    try:
        sequence, _ = extract_pose_sequence(video, max_frames=frames)
    except MotionInputError as exc:
        raise AnimationInputError(f"--driving {video}: {exc}") from exc
    return [Image.fromarray(frame) for frame in iter_rendered_frames(sequence)]


def _run_backend(options: dict, backend, *, stdout, stderr) -> None:
    """Any backend other than AnimateAnyone, through the registry's interface alone."""
    if not options.get("output"):
        raise CommandLineError("nothing to write: give --output FILE.mp4 (--dump-npz is for animate-anyone)")
    for flag in ("tiny", "initial_latents", "dump_npz", "model_config"):
        if options.get(flag):
            raise CommandLineError(f"--{flag.replace('_', '-')} does not apply to the {backend.name} backend")
    if not options.get("weights"):
        raise CommandLineError(f"{backend.name} needs --weights DIR ({backend.weights_layout.description})")
    if not options.get("driving"):
        raise CommandLineError(f"{backend.name} needs --driving VIDEO (it reads faces and the scene from it)")
    for flag in ("reference", "driving", "weights"):
        if not Path(options[flag]).exists():
            raise CommandLineError(f"--{flag}: {options[flag]} not found")
    params = _backend_parameters(options, backend)
    try:
        backend.check_weights(options["weights"])
    except AnimationInputError as exc:
        raise CommandLineError(str(exc))

    import torch
    from PIL import Image
    from tqdm import tqdm

    from animation.backends.wan_animate.inputs import inputs_from_video
    from posekit.video_io import Mp4Writer

    if options.get("threads"):
        torch.set_num_threads(options["threads"])
    bar, writer, written = None, None, 0
    try:
        model = backend.load(
            weights_dir=options["weights"], device=options.get("device"), dtype=options.get("dtype")
        )
        with Image.open(options["reference"]) as opened:
            reference = opened.convert("RGB")
        inputs = inputs_from_video(
            options["driving"],
            reference=reference,
            width=params.width,
            height=params.height,
            frames=params.frames,
            face_size=model.face_size,
            mode=params.mode,
        )
        fps = inputs.fps or 30.0

        def progress(step: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = tqdm(total=total, desc="denoising", unit="step", file=stderr)
            bar.update(step - bar.n)

        def sink(frames: list) -> None:
            nonlocal writer, written
            for frame in frames:
                if writer is None:
                    Path(options["output"]).parent.mkdir(parents=True, exist_ok=True)
                    writer = Mp4Writer(options["output"], fps=fps, size=frame.size)
                writer.write(frame)
                written += 1

        model.render(inputs, params, progress_callback=progress, frame_sink=sink)
    except (AnimationInputError, GenerationCancelled) as exc:
        raise CommandLineError(str(exc))
    except OSError as exc:
        raise CommandLineError(f"cannot write {options['output']}: {exc}")
    finally:
        if bar is not None:
            bar.close()
        if writer is not None:
            writer.close()
    stdout.write(
        f"wrote {options['output']} ({written} frames, {params.width}x{params.height}, {fps:g} fps)\n"
    )
    stdout.write(f"seed: {params.seed}\nbackend: {backend.name}\nmodel: {model.fingerprint}\n")


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
        description="Animate a reference image along a pose sequence or a driving video "
        "(backends: animate-anyone, wan-animate).",
    )
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        run(options)
    except CommandLineError as exc:
        parser.exit(2, f"error: {exc}\n")
    return 0
