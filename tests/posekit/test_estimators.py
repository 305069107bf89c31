"""Backend selection fails with a clear reason instead of a half-working estimator."""

import numpy as np
import pytest

from posekit.errors import EstimatorUnavailable
from posekit.estimators import (
    PoseEstimator,
    available_estimators,
    get_estimator,
    register_estimator,
)
from posekit.keypoints import FramePose


def test_unknown_backend():
    with pytest.raises(EstimatorUnavailable, match="unknown pose backend 'openpose'; available: mediapipe"):
        get_estimator("openpose")


def test_dwpose_without_an_implementation_explains_what_is_needed():
    with pytest.raises(EstimatorUnavailable, match="'dwpose' is not available: .*onnxruntime.*ONNX"):
        get_estimator("dwpose")


def test_complexity_two_is_refused_because_it_downloads():
    with pytest.raises(EstimatorUnavailable, match="needs a download"):
        get_estimator("mediapipe", model_complexity=2)


def test_a_registered_backend_is_used(monkeypatch):
    class Fixed(PoseEstimator):
        name = "fixed"

        def estimate(self, image_rgb):
            return FramePose.empty()

    monkeypatch.setattr("posekit.estimators._BACKENDS", {"mediapipe": object})
    register_estimator("fixed", Fixed)
    assert available_estimators() == ["fixed", "mediapipe"]
    with get_estimator("fixed") as estimator:
        assert estimator.estimate(np.zeros((8, 8, 3), np.uint8)).is_empty


def test_mediapipe_rejects_non_rgb_input():
    with (
        get_estimator("mediapipe", static_image_mode=True) as estimator,
        pytest.raises(ValueError, match="expected an RGB uint8 image"),
    ):
        estimator.estimate(np.zeros((8, 8), np.uint8))
