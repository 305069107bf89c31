"""The one schema of a render's parameters: names, types, defaults, limits, help, presets.

Torch-free and Django-free, so the web app, the API documentation, the form, both command lines and
the worker all read the same definition. Adding a parameter is one field here plus its use in the
pipeline; every door (API, form, ``manage.py generate``, ``manage.py animate``, ``python -m animation``)
picks it up from :func:`param_specs`.

Validation happens in :meth:`RenderParameters.validate` and nowhere else: it coerces, checks every
field, reports every error at once (``ParameterError.errors``), and returns a frozen, complete object.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from animation.errors import AnimationInputError

MAX_SEED = 2**32 - 1

# Scheduler names the studio offers, and the diffusers class each one builds.
SCHEDULERS: dict[str, str] = {
    "ddim": "DDIMScheduler",
    "ddpm": "DDPMScheduler",
    "euler": "EulerDiscreteScheduler",
    "euler_a": "EulerAncestralDiscreteScheduler",
    "dpm++": "DPMSolverMultistepScheduler",
    "unipc": "UniPCMultistepScheduler",
}

# Precision names: the canonical name first, then the short spellings people type.
DTYPES: dict[str, tuple[str, ...]] = {
    "float32": ("fp32",),
    "float16": ("fp16", "half"),
    "bfloat16": ("bf16",),
}


def dtype_name(value: str) -> str:
    """Canonical precision name for any accepted spelling ('fp16' -> 'float16')."""
    wanted = str(value).strip().lower().removeprefix("torch.")
    for name, aliases in DTYPES.items():
        if wanted == name or wanted in aliases:
            return name
    spelled = ", ".join(n for name, aliases in DTYPES.items() for n in (name, *aliases))
    raise ParameterError({"dtype": f"dtype must be one of {spelled}; got {value!r}."})


class ParameterError(AnimationInputError):
    """One or more parameters are invalid. ``errors`` maps each field to a message for people."""

    def __init__(self, errors: Mapping[str, str]):
        self.errors = dict(errors)
        self.field, self.message = next(iter(self.errors.items()))
        super().__init__(self.message)


@dataclass(frozen=True)
class ParamSpec:
    """Everything a door needs to know about one parameter."""

    name: str
    kind: type  # int, float or str
    default: Any
    label: str
    help: str
    group: str = "sampling"
    minimum: float | None = None
    maximum: float | None = None
    multiple_of: int | None = None
    choices: tuple[str, ...] | None = None
    nullable: bool = False
    null_means: str = ""  # what an empty value means, for help texts ("a random seed")

    @property
    def cli_flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def describe_limits(self) -> str:
        parts = []
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"{_fmt(self.minimum)}–{_fmt(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f"at least {_fmt(self.minimum)}")
        if self.multiple_of:
            parts.append(f"multiple of {self.multiple_of}")
        if self.choices:
            parts.append("one of " + ", ".join(self.choices))
        if self.nullable and self.null_means:
            parts.append(f"empty: {self.null_means}")
        return "; ".join(parts)

    # coercion and checks --------------------------------------------------------------------------------
    def clean(self, value: Any) -> Any:
        """The value in its type, or ParameterError naming this field."""
        if value is None:
            if self.nullable:
                return None
            raise ParameterError({self.name: f"{self.name} is required."})
        if self.kind is int:
            value = self._whole_number(value)
        elif self.kind is float:
            value = self._number(value)
        else:
            value = self._text(value)
        if self.multiple_of and value % self.multiple_of:
            raise ParameterError(
                {self.name: f"{self.name} must be a multiple of {self.multiple_of}; got {value}."}
            )
        if self.kind is not str and (self.minimum is not None or self.maximum is not None):
            low, high = self.minimum, self.maximum
            if (low is not None and value < low) or (high is not None and value > high):
                limit = (
                    f"between {_fmt(low)} and {_fmt(high)}" if high is not None else f"at least {_fmt(low)}"
                )
                raise ParameterError({self.name: f"{self.name} must be {limit}; got {_fmt(value)}."})
        return value

    def _whole_number(self, value: Any) -> int:
        if isinstance(value, bool):
            raise ParameterError({self.name: f"{self.name} must be a whole number, not {value!r}."})
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value.strip())
        raise ParameterError({self.name: f"{self.name} must be a whole number, not {value!r}."})

    def _number(self, value: Any) -> float:
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
        except (TypeError, ValueError):
            raise ParameterError({self.name: f"{self.name} must be a number, not {value!r}."})
        if not math.isfinite(number):
            raise ParameterError({self.name: f"{self.name} must be a finite number, not {value!r}."})
        return number

    def _text(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ParameterError({self.name: f"{self.name} must be text, not {value!r}."})
        value = value.strip()
        if self.choices is not None:
            lowered = value.lower()
            if lowered not in self.choices:
                raise ParameterError(
                    {self.name: f"{self.name} must be one of {', '.join(self.choices)}; got {value!r}."}
                )
            return lowered
        if self.maximum is not None and len(value) > self.maximum:
            raise ParameterError({self.name: f"{self.name} is longer than {int(self.maximum)} characters."})
        return value


def param(
    default: Any,
    *,
    label: str,
    help: str,
    group: str = "sampling",
    minimum: float | None = None,
    maximum: float | None = None,
    multiple_of: int | None = None,
    choices: tuple[str, ...] | None = None,
    null_means: str = "",
) -> Any:
    """A dataclass field carrying its :class:`ParamSpec` settings (the name and type come from the field)."""
    settings = {
        "label": label,
        "help": help,
        "group": group,
        "minimum": minimum,
        "maximum": maximum,
        "multiple_of": multiple_of,
        "choices": choices,
        "null_means": null_means,
    }
    return dataclasses.field(default=default, metadata={"param": settings})


@dataclass(frozen=True)
class RenderParameters:
    """One render of the animation model, complete and valid (build it with :meth:`validate`)."""

    width: int = param(
        512,
        label="Width",
        help="Output width in pixels.",
        group="size",
        minimum=64,
        maximum=2048,
        multiple_of=8,
    )
    height: int = param(
        768,
        label="Height",
        help="Output height in pixels.",
        group="size",
        minimum=64,
        maximum=2048,
        multiple_of=8,
    )
    frames: int = param(
        24, label="Frames", help="Number of video frames.", group="size", minimum=1, maximum=10_000
    )
    steps: int = param(
        25, label="Denoising steps", help="More steps: finer detail, slower.", minimum=1, maximum=150
    )
    guidance_scale: float = param(
        3.5,
        label="Guidance scale",
        help="How strongly the reference image steers the video; 1 or less disables guidance.",
        minimum=0,
        maximum=20,
    )
    seed: int | None = param(
        None,
        label="Seed",
        help="Same seed and parameters, same video.",
        minimum=0,
        maximum=MAX_SEED,
        null_means="a random seed, stored with the render",
    )
    scheduler: str = param(
        "ddim",
        label="Scheduler",
        help="Noise scheduler (ddim: the released settings).",
        choices=tuple(SCHEDULERS),
    )
    context_frames: int = param(
        16,
        label="Context frames",
        help="Frames the model sees at once.",
        group="context",
        minimum=1,
        maximum=64,
    )
    context_overlap: int = param(
        4,
        label="Context overlap",
        help="Frames shared by neighbouring windows.",
        group="context",
        minimum=0,
        maximum=63,
    )
    context_stride: int = param(
        1,
        label="Context stride",
        help="Largest dilation of the context windows.",
        group="context",
        minimum=1,
        maximum=8,
    )
    eta: float = param(
        0.0,
        label="Eta",
        help="Noise added back at each DDIM step (0: deterministic, as released).",
        group="sampling",
        minimum=0,
        maximum=1,
    )
    feature_reuse_interval: int = param(
        1,
        label="Feature reuse",
        help="Steps between full UNet passes; in between, the deep features are reused (1: off; 2: faster,"
        " draft quality).",
        group="sampling",
        minimum=1,
        maximum=4,
    )
    decode_chunk_size: int | None = param(
        None,
        label="Decode chunk",
        help="Frames the VAE decodes at once: fewer use less memory; the video is the same.",
        group="memory",
        minimum=1,
        maximum=64,
        null_means="chosen from the free memory (at most 2 on a CPU, 8 on a GPU)",
    )

    # Narrower (minimum, maximum) per field, for a subclass that serves a product with its own limits.
    LIMITS: ClassVar[dict[str, tuple[float, float]]] = {}
    # Inherited fields a subclass does not use (a backend without context windows): no door shows them,
    # and naming one is an unknown parameter.
    OMIT: ClassVar[frozenset[str]] = frozenset()
    GROUPS: ClassVar[dict[str, str]] = {
        "size": "Size",
        "sampling": "Sampling",
        "context": "Context windows",
        "input": "Input",
        "memory": "Memory",
        "model": "Model",
        "prompt": "Prompt",
    }

    # construction ------------------------------------------------------------------------------------------
    def __post_init__(self) -> None:
        # An instance is always valid, however it was made (presets, ``dataclasses.replace``...).
        values, errors = self._clean({k: v for k, v in self.__dict__.items() if k not in self.OMIT})
        if errors:
            raise ParameterError(errors)
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @classmethod
    def validate(cls, data: Mapping[str, Any] | None = None, **changes: Any) -> Self:
        """Coerce and check everything in ``data`` (plus ``changes``), defaults for what is missing.

        ``None`` means "the default". Raises ParameterError listing every bad field.
        """
        values, errors = cls._clean({**dict(data or {}), **changes})
        if errors:
            raise ParameterError(errors)
        return cls(**values)

    @classmethod
    def _clean(cls, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        specs = {spec.name: spec for spec in param_specs(cls)}
        errors: dict[str, str] = {}
        unknown = sorted(set(data) - set(specs))
        if unknown:
            errors[unknown[0]] = f"Unknown parameter(s): {', '.join(unknown)}."
        values: dict[str, Any] = {}
        for name, spec in specs.items():
            raw = data.get(name)
            try:
                values[name] = spec.default if raw is None else spec.clean(raw)
            except ParameterError as exc:
                errors.update(exc.errors)
        if not errors:
            errors.update(cls.cross_field_errors(values))
        return values, errors

    @classmethod
    def cross_field_errors(cls, values: dict[str, Any]) -> dict[str, str]:
        """Rules between fields; subclasses add theirs and call this."""
        errors = {}
        if "context_frames" in values and values["context_overlap"] >= values["context_frames"]:
            errors["context_overlap"] = (
                f"context_overlap ({values['context_overlap']}) must be smaller than "
                f"context_frames ({values['context_frames']})."
            )
        return errors

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Self:
        """A stored parameter set as it was decided. Fields added to the schema after it was stored take
        their defaults; nothing else is re-derived (the seed stays the one drawn at submit)."""
        return cls.validate(data)

    def with_seed(self) -> Self:
        """This request with its seed drawn, so the render can be reproduced exactly."""
        if self.seed is not None:
            return self
        return dataclasses.replace(self, seed=secrets.randbelow(MAX_SEED + 1))

    def replace(self, **changes: Any) -> Self:
        """A validated copy with some fields changed."""
        return type(self).validate(self.to_dict(), **changes)

    # reading -----------------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {spec.name: getattr(self, spec.name) for spec in param_specs(type(self))}

    def render_fields(self) -> dict[str, Any]:
        """Only the model's own fields (a job's parameters carry more: trimming, frame rate)."""
        return {spec.name: getattr(self, spec.name) for spec in param_specs(RenderParameters)}

    def backend_fields(self, params_class: type[RenderParameters]) -> dict[str, Any]:
        """Only the fields of ``params_class`` (a backend's own schema), e.g. from a job's parameters."""
        return {spec.name: getattr(self, spec.name) for spec in param_specs(params_class)}

    def difference(self, other: RenderParameters | Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
        """Fields whose values differ: ``{name: (other's value, this value)}``."""
        before = other if isinstance(other, Mapping) else other.to_dict()
        return {
            name: (before.get(name), value)
            for name, value in self.to_dict().items()
            if before.get(name) != value
        }


@functools.cache
def param_specs(cls: type[RenderParameters] = RenderParameters) -> tuple[ParamSpec, ...]:
    """The parameters of ``cls`` (or a subclass that adds its own), in declaration order."""
    specs = []
    for item in dataclasses.fields(cls):
        settings = item.metadata.get("param")
        if settings is None or item.name in cls.OMIT:
            continue
        kind = {"int": int, "float": float, "str": str}[_base_type(item.type)]
        nullable = "None" in str(item.type)
        settings = dict(settings)
        if item.name in cls.LIMITS:
            settings["minimum"], settings["maximum"] = cls.LIMITS[item.name]
        specs.append(
            ParamSpec(name=item.name, kind=kind, default=item.default, nullable=nullable, **settings)
        )
    return tuple(specs)


def _base_type(annotation: Any) -> str:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", str(annotation))
    return text.split("|")[0].strip()


def _fmt(value: float | None) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# Presets are parameter sets: a door starts from one and the user's own values win.
PRESETS: dict[str, tuple[str, RenderParameters]] = {
    "draft": (
        "Draft: small and fast (DPM-Solver++, 10 steps), for checking the motion",
        RenderParameters(width=256, height=384, frames=16, steps=10, guidance_scale=3.0, scheduler="dpm++"),
    ),
    "standard": ("Standard: the usual review quality", RenderParameters()),
    "final": (
        "Final: full size for publishing",
        RenderParameters(width=576, height=1024, frames=48, steps=40, context_frames=24),
    ),
}
DEFAULT_PRESET = "standard"


def preset_values(name: str) -> dict[str, Any]:
    """The fields a preset sets differently from the defaults (what a door pre-fills)."""
    preset = PRESETS[name][1]
    return {key: value for key, (_, value) in preset.difference(RenderParameters()).items()}
