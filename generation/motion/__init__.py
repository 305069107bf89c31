"""The motion library's core: pose keypoints, estimation, rendering, alignment and video checks.

Nothing here imports Django, so the worker, management commands and tests share it directly.
Heavy backends (mediapipe) load only when an estimator is created.
"""

from generation.motion.errors import EstimatorUnavailable, MotionInputError
from generation.motion.keypoints import FramePose, PoseSequence

__all__ = ["EstimatorUnavailable", "FramePose", "MotionInputError", "PoseSequence"]
