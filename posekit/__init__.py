"""The pose toolkit: keypoints, estimation, skeleton drawing, alignment, video probing and I/O.

Nothing here imports Django, so the worker, management commands and tests share it directly.
Heavy backends (mediapipe) load only when an estimator is created.
"""

from posekit.errors import EstimatorUnavailable, MotionInputError
from posekit.keypoints import FramePose, PoseSequence

__all__ = ["EstimatorUnavailable", "FramePose", "MotionInputError", "PoseSequence"]
