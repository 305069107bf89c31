"""Noise schedulers: the released DDIM settings (v-prediction, zero-SNR, trailing) or any diffusers one."""

from __future__ import annotations

import inspect
from typing import Any

from animation.config import RELEASED_NOISE_SCHEDULER_KWARGS
from animation.errors import AnimationInputError
from animation.params import SCHEDULERS


def scheduler_class(name: str | None):
    """The diffusers class for one of the schema's scheduler names (``animation.params.SCHEDULERS``)."""
    import diffusers

    wanted = (name or "ddim").strip().lower()
    for short, class_name in SCHEDULERS.items():
        # The schema's name, or the diffusers class it stands for (with or without "Scheduler").
        if wanted in (short, class_name.lower(), class_name.lower().removesuffix("scheduler")):
            return getattr(diffusers, class_name)
    raise AnimationInputError(f"unknown scheduler {name!r}; use one of {', '.join(SCHEDULERS)}")


def build_scheduler(
    name: str | None = "ddim",
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
