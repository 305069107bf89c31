"""Generation models: the motion library and generation jobs."""

from generation.models.jobs import TERMINAL_STATUSES, GenerationJob, GenerationJobTransition, JobStatus
from generation.models.motions import Motion, MotionAlignment, MotionSource, MotionStatus

__all__ = [
    "TERMINAL_STATUSES",
    "GenerationJob",
    "GenerationJobTransition",
    "JobStatus",
    "Motion",
    "MotionAlignment",
    "MotionSource",
    "MotionStatus",
]
