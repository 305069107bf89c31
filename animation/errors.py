"""Exceptions raised by the animation package; their messages are meant to be shown to people."""

from __future__ import annotations


class AnimationInputError(ValueError):
    """Bad input: a missing or inconsistent weights directory, an unreadable image, an invalid size..."""


class WeightsError(AnimationInputError):
    """The weights directory is missing a file or holds tensors that do not fit the model."""


class GenerationCancelled(RuntimeError):
    """The progress callback asked to stop; nothing was produced."""

    def __init__(self, step: int, total: int) -> None:
        super().__init__(f"generation cancelled after step {step} of {total}")
        self.step = step
        self.total = total
