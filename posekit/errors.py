"""Errors the motion library raises; callers show their messages to the person who uploaded."""


class MotionInputError(ValueError):
    """An uploaded video or image cannot be used as a motion; the message says why in plain words."""


class EstimatorUnavailable(RuntimeError):
    """A pose-estimation backend was asked for but is unknown or cannot run on this machine."""
