"""The job side of the parameter schema: what only jobs have (trimming, frame-rate resampling, the
product limit on work per job) on top of the model's :class:`animation.params.RenderParameters`.

Validation happens here once, at submit; the stored parameters are complete (every field, the seed
drawn) and the worker reads them as they were decided.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from typing import Any, ClassVar

from animation.backends import DEFAULT_BACKEND, all_backends, backend_names, get_backend
from animation.params import ParameterError, ParamSpec, RenderParameters, param, param_specs
from influencer_platform.common.errors import ServiceError

# A job's work (frames × steps × megapixels) is bounded so that it finishes inside the longest time limit.
TIME_LIMIT_BASE_SECONDS = 300
TIME_LIMIT_SECONDS_PER_UNIT = 4.0
TIME_LIMIT_MAX_SECONDS = 6 * 3600
MAX_WORK_UNITS = (TIME_LIMIT_MAX_SECONDS - TIME_LIMIT_BASE_SECONDS) / TIME_LIMIT_SECONDS_PER_UNIT
MAX_SOURCE_FRAME = 100_000


class InvalidParameters(ServiceError):
    code = "invalid_parameters"

    def __init__(self, error: ParameterError):
        super().__init__(error.message, field=error.field)
        self.errors = error.errors


@dataclass(frozen=True)
class JobParameters(RenderParameters):
    """A render as a job: which model backend, its parameters within the product's limits, plus which
    part of the motion to follow. ``LIMITS`` narrows the model's limits to what one job may ask.

    This class is the AnimateAnyone job; :func:`job_parameters_class` gives every other backend's (the
    same job fields on top of that backend's own schema)."""

    LIMITS: ClassVar[dict[str, tuple[int, int]]] = {
        "width": (64, 1024),
        "height": (64, 1024),
        "frames": (1, 240),
        "context_frames": (1, 32),
        "context_overlap": (0, 31),
    }

    backend: str = param(
        DEFAULT_BACKEND,
        label="Model",
        help="Which model family renders the job.",
        group="model",
        choices=backend_names(),
    )
    trim_start_frame: int = param(
        0,
        label="Start at pose frame",
        help="Skip this many frames of the motion.",
        group="input",
        minimum=0,
        maximum=MAX_SOURCE_FRAME,
    )
    trim_end_frame: int | None = param(
        None,
        label="End at pose frame",
        help="Stop before this frame of the motion.",
        group="input",
        minimum=1,
        maximum=MAX_SOURCE_FRAME,
        null_means="the end of the motion",
    )
    fps: float | None = param(
        None,
        label="Frame rate",
        help="Resample the motion to this many frames per second.",
        group="input",
        minimum=1,
        maximum=60,
        null_means="the motion's own frame rate",
    )

    @classmethod
    def cross_field_errors(cls, values: dict[str, Any]) -> dict[str, str]:
        errors = super().cross_field_errors(values)
        expected = cls.__dataclass_fields__["backend"].default
        if values["backend"] != expected:
            errors["backend"] = f"These parameters are for {expected}, not {values['backend']}."
        if values["trim_end_frame"] is not None and values["trim_end_frame"] <= values["trim_start_frame"]:
            errors["trim_end_frame"] = "trim_end_frame must be after trim_start_frame."
        units = work_units(values)
        if units > MAX_WORK_UNITS:
            errors["frames"] = (
                f"This render is too large for one job: frames × steps × megapixels is {units:.0f}, "
                f"the limit is {MAX_WORK_UNITS:.0f}. Lower the frames, steps or size."
            )
        return errors

    def pose_frame_indices(self, *, source_frames: int, source_fps: float) -> list[int]:
        """Which frames of the motion the render follows: trimmed, then resampled to ``fps``."""
        end = source_frames if self.trim_end_frame is None else min(self.trim_end_frame, source_frames)
        start = min(self.trim_start_frame, end)
        count = end - start
        if not source_fps or self.fps is None or abs(self.fps - source_fps) < 1e-6:
            return list(range(start, end))
        step, indices, position = source_fps / self.fps, [], 0.0
        while round(position) < count:
            indices.append(start + int(round(position)))
            position += step
        return indices

    def check_pose_frames(self, *, available: int) -> None:
        """Refuse a render that needs more pose frames than the motion gives."""
        if available < self.frames:
            raise InvalidParameters(
                ParameterError(
                    {
                        "frames": f"The motion has {available} pose frames after trimming and resampling; "
                        f"{self.frames} were requested."
                    }
                )
            )

    def output_fps(self, *, source_fps: float) -> float:
        return self.fps or source_fps


@functools.cache
def job_parameters_class(backend: str | None = None) -> type[JobParameters]:
    """The job schema of one backend: the job fields on top of the backend's own parameter schema."""
    model = get_backend(backend)
    if model.params_class is RenderParameters:
        return JobParameters
    name = "".join(part.capitalize() for part in model.name.split("-")) + "JobParameters"
    spec = JobParameters.__dataclass_fields__["backend"].metadata["param"]
    namespace = {
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": f"A {model.name} render as a job.",
        "__annotations__": {"backend": str},
        "backend": param(model.name, **spec),
    }
    return dataclass(frozen=True)(type(name, (JobParameters, model.params_class), namespace))


def job_parameters_for(data: Any) -> type[JobParameters]:
    """The job schema for a parameter dict, by its ``backend`` (the default backend when absent)."""
    name = data.get("backend") if isinstance(data, dict) else None
    if name is not None and (not isinstance(name, str) or name.strip().lower() not in backend_names()):
        raise InvalidParameters(
            ParameterError({"backend": f"backend must be one of {', '.join(backend_names())}; got {name!r}."})
        )
    return job_parameters_class(name.strip().lower() if name else None)


@functools.cache
def job_parameter_specs() -> tuple[ParamSpec, ...]:
    """Every job parameter of every backend, each name once (first definition wins), for the doors
    that show them all: the API schema, the form, labels on job pages."""
    specs: dict[str, ParamSpec] = {}
    for model in all_backends():
        for spec in param_specs(job_parameters_class(model.name)):
            specs.setdefault(spec.name, spec)
    return tuple(specs.values())


@functools.cache
def backends_of_parameter() -> dict[str, tuple[str, ...]]:
    """Parameter name -> the backends whose job schema has it (the form shows each for those only)."""
    result: dict[str, list[str]] = {}
    for model in all_backends():
        for spec in param_specs(job_parameters_class(model.name)):
            result.setdefault(spec.name, []).append(model.name)
    return {name: tuple(names) for name, names in result.items()}


def job_total_steps(params: JobParameters) -> int:
    """Denoising steps of the whole job as progress counts them (a segmented model counts them all)."""
    return get_backend(params.backend).total_steps(params)


def job_queue_class(*, parameters: dict) -> str:
    """The memory class (``gpu`` / ``gpu-large``) of the backend a job's stored parameters name."""
    return get_backend(parameters.get("backend")).memory_class


def work_units(values: dict[str, Any]) -> float:
    return values["frames"] * values["steps"] * values["width"] * values["height"] / 1_000_000


def job_parameters_validate(*, parameters: Any) -> dict:
    """A complete, normalised copy with defaults filled in (seed not yet drawn), or InvalidParameters."""
    if not isinstance(parameters, dict):
        raise InvalidParameters(ParameterError({"parameters": "parameters must be an object."}))
    try:
        return job_parameters_for(parameters).validate(parameters).to_dict()
    except ParameterError as exc:
        raise InvalidParameters(exc)


def job_parameters_load(*, stored: dict) -> JobParameters:
    """The parameters a job was submitted with, as the worker reads them (complete, seed drawn)."""
    try:
        params = job_parameters_for(stored).from_stored(stored)
    except ParameterError as exc:
        raise InvalidParameters(exc)
    if params.seed is None:
        raise InvalidParameters(ParameterError({"seed": "The stored parameters have no seed."}))
    return params


def job_time_limits(*, parameters: dict) -> tuple[int, int]:
    """(soft, hard) seconds for one run of a job with these parameters."""
    units = work_units(parameters)
    soft = min(TIME_LIMIT_MAX_SECONDS, int(TIME_LIMIT_BASE_SECONDS + TIME_LIMIT_SECONDS_PER_UNIT * units))
    return soft, soft + 60 + soft // 10


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
