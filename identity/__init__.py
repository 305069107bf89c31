"""Identity-consistency QC: does each frame of a render still show the persona?

Django-free and torch-free, so the worker (and a benchmark) can run it on CPU after decoding. Faces are
found with MediaPipe's full-range detector (full-body shots have small faces), landmarked with dlib's
5-point model (CC0) and embedded with dlib's ResNet face model (public domain), both shipped in the
``face_recognition_models`` package; nothing is downloaded at run time. The whole figure is compared with
the rendering model's own CLIP image encoder (``identity.appearance``), passed in as a callable.
"""

from identity.appearance import DEFAULT_FLOOR, AppearanceReport, score_appearance
from identity.faces import FaceEmbedder, FaceNotFound
from identity.scoring import DEFAULT_THRESHOLD, IdentityReport, score_frames

__all__ = [
    "DEFAULT_FLOOR",
    "DEFAULT_THRESHOLD",
    "AppearanceReport",
    "FaceEmbedder",
    "FaceNotFound",
    "IdentityReport",
    "score_appearance",
    "score_frames",
]
