"""One face embedding per image: detect (MediaPipe), landmark (dlib 5-point), embed (dlib ResNet)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
from PIL import Image

METHOD = "mediapipe-face-full-range + dlib-resnet-v1 (5-point alignment)"


class FaceNotFound(Exception):
    """The image shows no face the detector trusts (a back view, a drawn character...)."""


def _models_dir() -> Path:
    # Located without importing the package: its __init__ needs pkg_resources, gone from new setuptools.
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("face_recognition_models is not installed (see requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


class FaceEmbedder:
    """Holds the detector and the two dlib models; reuse one for a whole video (loading costs ~0.3 s).

    ``min_confidence`` is the detector's score below which a face is treated as absent; ``min_face``
    the smallest face side in pixels worth embedding (smaller faces give unreliable embeddings).
    """

    VERIFY_SIDE = 200  # px: HOG finds faces from 80 px; the face fills about half of this crop
    VERIFY_MARGIN = 1.8
    VERIFY_ADJUST = -0.5  # accept slightly weak HOG detections: low-resolution real faces score near 0

    def __init__(self, *, min_confidence: float = 0.5, min_face: int = 24):
        import dlib
        import mediapipe as mp

        models = _models_dir()
        self._shape = dlib.shape_predictor(str(models / "shape_predictor_5_face_landmarks.dat"))
        self._encoder = dlib.face_recognition_model_v1(
            str(models / "dlib_face_recognition_resnet_model_v1.dat")
        )
        self._detector = mp.solutions.face_detection.FaceDetection(
            model_selection=1, min_detection_confidence=min_confidence
        )
        self._hog = dlib.get_frontal_face_detector()
        self._rectangle = dlib.rectangle
        self.min_face = min_face

    def close(self) -> None:
        self._detector.close()

    def __enter__(self) -> FaceEmbedder:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _verified(self, rgb: np.ndarray, centre_x: float, centre_y: float, side: float):
        """dlib's HOG detector, run on the MediaPipe face enlarged to a fixed size, must agree: MediaPipe
        alone also fires on drawn faces (a smiley scores 0.6), HOG does not. Its box, mapped back, is the
        one the 5-point model was trained on. Raises FaceNotFound."""
        span = side * self.VERIFY_MARGIN
        left, top = centre_x - span / 2, centre_y - span / 2
        crop = Image.fromarray(rgb).crop((round(left), round(top), round(left + span), round(top + span)))
        crop = crop.resize((self.VERIFY_SIDE, self.VERIFY_SIDE), Image.BILINEAR)
        boxes, _, _ = self._hog.run(np.asarray(crop), 0, self.VERIFY_ADJUST)
        if not len(boxes):
            raise FaceNotFound("not a photographic face")
        found = max(boxes, key=lambda b: b.area())
        scale = span / self.VERIFY_SIDE
        return self._rectangle(
            round(left + found.left() * scale),
            round(top + found.top() * scale),
            round(left + found.right() * scale),
            round(top + found.bottom() * scale),
        )

    def embed(self, image: Image.Image | np.ndarray) -> np.ndarray:
        """The 128-d descriptor of the most confident face; raises FaceNotFound."""
        rgb = np.ascontiguousarray(
            np.asarray(image.convert("RGB") if isinstance(image, Image.Image) else image)
        )
        height, width = rgb.shape[:2]
        found = self._detector.process(rgb).detections
        if not found:
            raise FaceNotFound("no face detected")
        box = max(found, key=lambda d: d.score[0]).location_data.relative_bounding_box
        side = max(box.width * width, box.height * height)
        if side < self.min_face:
            raise FaceNotFound(f"face too small ({side:.0f} px)")
        face = self._verified(
            rgb, (box.xmin + box.width / 2) * width, (box.ymin + box.height / 2) * height, side
        )
        landmarks = self._shape(rgb, face)
        return np.asarray(self._encoder.compute_face_descriptor(rgb, landmarks, 1), dtype=np.float32)
