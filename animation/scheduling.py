"""Noise schedulers: the released DDIM settings (v-prediction, zero-SNR, trailing) or any diffusers one."""

from __future__ import annotations

import inspect
from typing import Any

from animation.config import RELEASED_NOISE_SCHEDULER_KWARGS
from animation.errors import AnimationInputError

_ALIASES = {
    "ddim": "DDIMScheduler",
    "ddpm": "DDPMScheduler",
    "euler": "EulerDiscreteScheduler",
    "euler_a": "EulerAncestralDiscreteScheduler",
    "euler-ancestral": "EulerAncestralDiscreteScheduler",
    "dpm++": "DPMSolverMultistepScheduler",
    "dpmsolver": "DPMSolverMultistepScheduler",
    "unipc": "UniPCMultistepScheduler",
    "pndm": "PNDMScheduler",
    "lms": "LMSDiscreteScheduler",
    "heun": "HeunDiscreteScheduler",
}


def scheduler_class(name: str | None):
    """Resolve "DDIM", "DDIMScheduler", "euler", "DPMSolverMultistepScheduler"... to a diffusers class."""
    import diffusers

    wanted = (name or "DDIM").strip()
    candidates = [_ALIASES.get(wanted.lower(), wanted), wanted + "Scheduler"]
    lowered = {attr.lower(): attr for attr in dir(diffusers) if attr.endswith("Scheduler")}
    for candidate in candidates:
        attr = lowered.get(candidate.lower())
        if attr is not None:
            return getattr(diffusers, attr)
    raise AnimationInputError(
        f"unknown scheduler {name!r}; use e.g. DDIM, DDPM, EulerDiscrete, DPMSolverMultistep"
        " or UniPCMultistep"
    )


def build_scheduler(
    name: str | None = "DDIM",
    scheduler_kwargs: dict[str, Any] | None = None,
    overrides: dict[str, Any] | None = None,
):
    """A fresh scheduler (they are stateful) from the model config's ``noise_scheduler_kwargs``.

    ``overrides`` changes single settings, e.g. ``{"beta_schedule": "scaled_linear"}`` for the schedule the
    model was trained with (the released inference settings use "linear").
    """
    cls = scheduler_class(name)
    kwargs = dict(RELEASED_NOISE_SCHEDULER_KWARGS if scheduler_kwargs is None else scheduler_kwargs)
    kwargs.update(overrides or {})
    accepted = set(inspect.signature(cls.__init__).parameters)
    config = {k: v for k, v in kwargs.items() if k in accepted}
    try:
        return cls.from_config(config)
    except (TypeError, ValueError, NotImplementedError) as exc:
        raise AnimationInputError(f"cannot build scheduler {cls.__name__}: {exc}")


def step_kwargs(scheduler, *, eta: float, generator) -> dict[str, Any]:
    params = set(inspect.signature(scheduler.step).parameters)
    kwargs: dict[str, Any] = {}
    if "eta" in params:
        kwargs["eta"] = eta
    if "generator" in params:
        kwargs["generator"] = generator
    return kwargs
