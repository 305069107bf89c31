"""Person masks per frame with MediaPipe's selfie segmentation, which ships inside the pinned mediapipe
wheel and runs offline on the CPU. Used to cut the performer out of a driving video's scene."""

from __future__ import annotations

import numpy as np

from posekit.errors import EstimatorUnavailable

# Probability above which a pixel belongs to the person; the mask then grows by a few pixels so hair
# and motion blur at the outline are replaced too.
THRESHOLD = 0.5
GROW_FRACTION = 0.02


class PersonSegmenter:
    """``mask(rgb)`` -> (H, W) uint8, 255 where the person is. Close it, or use it as a context manager."""

    def __init__(self, *, grow_fraction: float = GROW_FRACTION, threshold: float = THRESHOLD):
        try:
            from mediapipe.python.solutions import selfie_segmentation
        except ImportError as exc:
            raise EstimatorUnavailable(f"person masks need the mediapipe package ({exc})") from exc
        # Model 0 is the general (square input) model; 1, "landscape", suits webcam frames only.
        self._model = selfie_segmentation.SelfieSegmentation(model_selection=0)
        self.grow_fraction = grow_fraction
        self.threshold = threshold

    def mask(self, rgb: np.ndarray) -> np.ndarray:
        if self._model is None:
            raise RuntimeError("mask() called after close()")
        image = np.ascontiguousarray(rgb)
        result = self._model.process(image)
        mask = (result.segmentation_mask > self.threshold).astype(np.uint8) * 255
        grow = int(round(max(mask.shape) * self.grow_fraction))
        if grow > 0 and mask.any():
            import cv2

            kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * grow + 1, 2 * grow + 1))
            mask = cv2.dilate(mask, kernel)
        return mask

    def close(self) -> None:
        if self._model is not None:
            self._model.close()
            self._model = None

    def __enter__(self) -> PersonSegmenter:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
