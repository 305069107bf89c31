"""Generation models: the motion library and generation jobs."""

from generation.models.jobs import GenerationJob, JobStatus
from generation.models.motions import Motion, MotionAlignment, MotionSource, MotionStatus

__all__ = ["GenerationJob", "JobStatus", "Motion", "MotionAlignment", "MotionSource", "MotionStatus"]
