"""Validation of generation parameters: bad input is refused at submit, never retried later."""

import hashlib
import json
from typing import Any

from influencer_platform.common.errors import ServiceError

# Names the animation pipeline understands; kept here so the web app never imports the model.
SCHEDULERS = ("ddim", "ddpm", "euler", "euler_a", "dpm++", "unipc")

MIN_SIDE, MAX_SIDE = 64, 1024
MAX_FRAMES = 240
MAX_STEPS = 150
MAX_CONTEXT_FRAMES = 32
MAX_SEED = 2**32 - 1

DEFAULTS: dict[str, Any] = {
    "width": 512,
    "height": 768,
    "frames": 24,
    "steps": 25,
    "guidance_scale": 3.5,
    "seed": None,
    "context_frames": 16,
    "context_overlap": 4,
    "context_stride": 1,
    "scheduler": "ddim",
    "trim_start_frame": 0,
    "trim_end_frame": None,
    "fps": None,
}


class InvalidParameters(ServiceError):
    code = "invalid_parameters"


def _integer(params: dict, name: str, low: int, high: int | None) -> int:
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, int):
        if (
            isinstance(value, float)
            and value.is_integer()
            or isinstance(value, str)
            and value.strip().lstrip("-").isdigit()
        ):
            value = int(value)
        else:
            raise InvalidParameters(f"{name} must be a whole number, not {value!r}.", field=name)
    if value < low or (high is not None and value > high):
        limit = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise InvalidParameters(f"{name} must be {limit}; got {value}.", field=name)
    return value


def _number(params: dict, name: str, low: float, high: float) -> float:
    value = params[name]
    try:
        if isinstance(value, bool):
            raise ValueError
        value = float(value)
    except (TypeError, ValueError):
        raise InvalidParameters(f"{name} must be a number, not {value!r}.", field=name)
    if not low <= value <= high:
        raise InvalidParameters(f"{name} must be between {low:g} and {high:g}; got {value:g}.", field=name)
    return value


def job_parameters_validate(*, parameters: dict) -> dict:
    """Return a complete, normalised copy with defaults filled in, or raise InvalidParameters."""
    if not isinstance(parameters, dict):
        raise InvalidParameters("parameters must be an object.")
    unknown = sorted(set(parameters) - set(DEFAULTS))
    if unknown:
        raise InvalidParameters(f"Unknown parameter(s): {', '.join(unknown)}.", field=unknown[0])
    params = {**DEFAULTS, **{k: v for k, v in parameters.items() if v is not None}}
    for side in ("width", "height"):
        params[side] = _integer(params, side, MIN_SIDE, MAX_SIDE)
        if params[side] % 8:
            raise InvalidParameters(f"{side} must be a multiple of 8; got {params[side]}.", field=side)
    params["frames"] = _integer(params, "frames", 1, MAX_FRAMES)
    params["steps"] = _integer(params, "steps", 1, MAX_STEPS)
    params["guidance_scale"] = _number(params, "guidance_scale", 0.0, 20.0)
    if params["seed"] is not None:
        params["seed"] = _integer(params, "seed", 0, MAX_SEED)
    params["context_frames"] = _integer(params, "context_frames", 1, MAX_CONTEXT_FRAMES)
    params["context_overlap"] = _integer(params, "context_overlap", 0, MAX_CONTEXT_FRAMES)
    if params["context_overlap"] >= params["context_frames"]:
        raise InvalidParameters(
            f"context_overlap ({params['context_overlap']}) must be smaller than "
            f"context_frames ({params['context_frames']}).",
            field="context_overlap",
        )
    params["context_stride"] = _integer(params, "context_stride", 1, 8)
    if params["scheduler"] not in SCHEDULERS:
        raise InvalidParameters(
            f"scheduler must be one of {', '.join(SCHEDULERS)}; got {params['scheduler']!r}.",
            field="scheduler",
        )
    params["trim_start_frame"] = _integer(params, "trim_start_frame", 0, None)
    if params["trim_end_frame"] is not None:
        params["trim_end_frame"] = _integer(params, "trim_end_frame", 1, None)
        if params["trim_end_frame"] <= params["trim_start_frame"]:
            raise InvalidParameters("trim_end_frame must be after trim_start_frame.", field="trim_end_frame")
    if params["fps"] is not None:
        params["fps"] = _number(params, "fps", 1.0, 60.0)
    return params


def pose_frames_available(*, source_frames: int, source_fps: float, parameters: dict) -> int:
    """How many pose frames remain after trimming and resampling to the requested frame rate."""
    end = parameters["trim_end_frame"] if parameters["trim_end_frame"] is not None else source_frames
    trimmed = max(0, min(end, source_frames) - parameters["trim_start_frame"])
    target_fps = parameters["fps"] or source_fps
    if trimmed == 0 or not source_fps:
        return trimmed
    return len(resample_indices(count=trimmed, source_fps=source_fps, target_fps=target_fps))


def resample_indices(*, count: int, source_fps: float, target_fps: float) -> list[int]:
    """Indices of the source frames nearest to each output frame time, for fps resampling."""
    if not target_fps or abs(target_fps - source_fps) < 1e-6:
        return list(range(count))
    step = source_fps / target_fps
    indices, position = [], 0.0
    while round(position) < count:
        indices.append(int(round(position)))
        position += step
    return indices


def payload_fingerprint(*, reference_image_uuid, motion_uuid, deliverable_uuid, parameters: dict) -> str:
    """The identity of a submission, to tell a retried request from a different one with the same key."""
    canonical = json.dumps(
        {
            "reference_image": str(reference_image_uuid),
            "motion": str(motion_uuid),
            "deliverable": str(deliverable_uuid) if deliverable_uuid else None,
            "parameters": parameters,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
