"""Pose estimators behind one small interface, so a DWPose/ONNX backend can replace MediaPipe later.

Backends are created through ``get_estimator(name, **options)``. MediaPipe Holistic ships with its
models inside the wheel; it must use ``model_complexity`` 0 or 1 because 2 downloads a model at run
time, which a worker without internet cannot do.

Several people in a frame: Holistic follows one person. On the first frame (and whenever tracking is
lost) its detector picks the most confident person, which in practice is the largest, most frontal
one; in video mode it then follows that person from frame to frame through its region of interest,
so the motion stays on the same performer instead of jumping between people. Other people are ignored.
"""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np

from posekit.errors import EstimatorUnavailable
from posekit.keypoints import BODY_POINTS, FACE_POINTS, HAND_POINTS, FramePose


class PoseEstimator(ABC):
    """Finds one person's keypoints in an RGB image (H, W, 3 uint8), in that image's pixel coordinates.

    A video-mode estimator keeps tracking state between calls, so use one instance per video and
    call ``close()`` (or use it as a context manager) when done.
    """

    name: str = "base"

    @abstractmethod
    def estimate(self, image_rgb: np.ndarray) -> FramePose: ...

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release the backend's resources."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


# MediaPipe pose (33 points) -> COCO-18; None marks the neck, derived from the shoulders.
_MP_BODY = (0, None, 12, 14, 16, 11, 13, 15, 24, 26, 28, 23, 25, 27, 5, 2, 8, 7)

# MediaPipe face mesh (468 points) -> the 68 iBUG positions, picked by hand from the mesh topology:
# jaw from the person's right ear over the chin, brows outer->inner / inner->outer, nose bridge and
# base, eyes from their outer (right) and inner (left) corners clockwise, outer then inner lips.
_MP_FACE_68 = (
    (127, 234, 93, 132, 58, 172, 136, 150, 152, 379, 365, 397, 288, 361, 323, 454, 356)
    + (70, 63, 105, 66, 107, 336, 296, 334, 293, 300)
    + (168, 197, 5, 4, 98, 97, 2, 326, 327)
    + (33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380)
    + (61, 40, 37, 0, 267, 270, 291, 321, 314, 17, 84, 91)
    + (78, 81, 13, 311, 308, 402, 14, 178)
)
assert len(_MP_FACE_68) == FACE_POINTS


class MediaPipeHolisticEstimator(PoseEstimator):
    """MediaPipe Holistic: body, both hands and face mesh for one person, on CPU.

    ``static_image_mode=False`` (video mode) tracks the person across consecutive frames; use True
    for unrelated single images. Frames larger than ``max_side`` are downscaled before inference
    (the models work at a few hundred pixels anyway) and points are mapped back to full size.
    ``smooth`` turns on MediaPipe's temporal filter: less jitter but a lag of several pixels on fast
    moves; off by default because DWPose, whose output the animation model was trained on, has none.
    """

    name = "mediapipe"

    def __init__(
        self,
        *,
        static_image_mode: bool = False,
        model_complexity: int = 1,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        max_side: int = 1280,
        smooth: bool = False,
    ):
        if model_complexity not in (0, 1):
            raise EstimatorUnavailable("mediapipe model_complexity must be 0 or 1 (2 needs a download)")
        try:
            from mediapipe.python.solutions import holistic
        except ImportError as exc:
            raise EstimatorUnavailable(f"the mediapipe backend needs the mediapipe package ({exc})") from exc
        self.max_side = max_side
        self._holistic = holistic.Holistic(
            static_image_mode=static_image_mode,
            model_complexity=model_complexity,
            smooth_landmarks=smooth and not static_image_mode,
            refine_face_landmarks=False,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )

    def estimate(self, image_rgb: np.ndarray) -> FramePose:
        if self._holistic is None:
            raise RuntimeError("estimate() called after close()")
        image = np.asarray(image_rgb)
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise ValueError(f"expected an RGB uint8 image (H, W, 3), got {image.dtype} {image.shape}")
        height, width = image.shape[:2]
        if max(height, width) > self.max_side:
            import cv2

            factor = self.max_side / max(height, width)
            size = (max(1, round(width * factor)), max(1, round(height * factor)))
            image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        result = self._holistic.process(np.ascontiguousarray(image))
        if result.pose_landmarks is None:
            return FramePose.empty()
        pose = _to_pixels(result.pose_landmarks, width, height, use_visibility=True)
        body = np.zeros((BODY_POINTS, 3), np.float32)
        for target, source in enumerate(_MP_BODY):
            if source is not None:
                body[target] = pose[source]
        shoulders = pose[[11, 12]]
        if (shoulders[:, 2] > 0).all():
            body[1] = [*shoulders[:, :2].mean(axis=0), shoulders[:, 2].min()]
        return FramePose(
            body=body,
            left_hand=_to_pixels(result.left_hand_landmarks, width, height, count=HAND_POINTS),
            right_hand=_to_pixels(result.right_hand_landmarks, width, height, count=HAND_POINTS),
            face=_to_pixels(result.face_landmarks, width, height, count=468)[list(_MP_FACE_68)],
        )

    def close(self) -> None:
        if self._holistic is not None:
            self._holistic.close()
            self._holistic = None


def _to_pixels(landmarks, width: int, height: int, *, count: int = 0, use_visibility: bool = False):
    """MediaPipe's normalised landmarks as (N, 3) pixels; points outside the frame count as unseen."""
    if landmarks is None:
        return np.zeros((count, 3), np.float32)
    points = np.array(
        [(p.x * width, p.y * height, p.visibility if use_visibility else 1.0) for p in landmarks.landmark],
        dtype=np.float32,
    )
    inside = (points[:, 0] >= 0) & (points[:, 0] < width) & (points[:, 1] >= 0) & (points[:, 1] < height)
    points[~inside] = 0
    return points


# --- registry ------------------------------------------------------------------------------------

_BACKENDS: dict[str, Callable[..., PoseEstimator]] = {"mediapipe": MediaPipeHolisticEstimator}

_KNOWN_UNAVAILABLE = {
    "dwpose": (
        "the dwpose backend needs onnxruntime and the operator's DWPose ONNX files (a YOLOX detector and "
        "the RTMW/DWPose whole-body model); {state}. Register an implementation with "
        "register_estimator('dwpose', factory) or use 'mediapipe'."
    ),
}


def register_estimator(name: str, factory: Callable[..., PoseEstimator]) -> None:
    """Make a backend available to ``get_estimator`` (e.g. a DWPose ONNX estimator an operator adds)."""
    _BACKENDS[name] = factory


def available_estimators() -> list[str]:
    return sorted(_BACKENDS)


def get_estimator(name: str = "mediapipe", **options) -> PoseEstimator:
    """Create the named backend; options go to its constructor (e.g. ``static_image_mode=True``)."""
    factory = _BACKENDS.get(name)
    if factory is not None:
        return factory(**options)
    if name in _KNOWN_UNAVAILABLE:
        onnx = importlib.util.find_spec("onnxruntime") is not None
        state = (
            "onnxruntime is installed but no implementation is registered"
            if onnx
            else ("onnxruntime is not installed")
        )
        raise EstimatorUnavailable(
            f"pose backend {name!r} is not available: " + _KNOWN_UNAVAILABLE[name].format(state=state)
        )
    raise EstimatorUnavailable(
        f"unknown pose backend {name!r}; available: {', '.join(available_estimators())}"
    )
