"""The pose data format: per-frame keypoints and a sequence with a compact .npz file format.

Every point is (x, y, confidence) in pixels of the source frame. Confidence 0 means "not seen": such
points keep coordinates (0, 0) and are never drawn or used for alignment. A frame with no person has
confidence 0 everywhere.

Layout (OpenPose / DWPose conventions, so rendered frames match what AnimateAnyone was trained on):

* body: 18 points in COCO-18 order, see ``BODY_POINT_NAMES``; the neck is the shoulders' midpoint.
* left_hand, right_hand: 21 points each (wrist, then four joints per finger from thumb to little
  finger); left and right are the person's own sides.
* face: 68 points in the iBUG-68 order (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47, lips 48-67).

File format (``PoseSequence.save``): a compressed .npz holding ``format`` ("motion-pose/1"), ``fps``,
``width``, ``height`` and float32 arrays ``body`` (F, 18, 3), ``hands`` (F, 2, 21, 3; index 0 is the
left hand) and ``face`` (F, 68, 3). It loads without pickle, so an uploaded file cannot run code.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

FORMAT_TAG = "motion-pose/1"

BODY_POINT_NAMES = (
    "nose",
    "neck",
    "right_shoulder",
    "right_elbow",
    "right_wrist",
    "left_shoulder",
    "left_elbow",
    "left_wrist",
    "right_hip",
    "right_knee",
    "right_ankle",
    "left_hip",
    "left_knee",
    "left_ankle",
    "right_eye",
    "left_eye",
    "right_ear",
    "left_ear",
)
BODY = {name: index for index, name in enumerate(BODY_POINT_NAMES)}
BODY_POINTS = len(BODY_POINT_NAMES)
HAND_POINTS = 21
FACE_POINTS = 68


def _empty(count: int) -> np.ndarray:
    return np.zeros((count, 3), dtype=np.float32)


def _checked(array, count: int, what: str) -> np.ndarray:
    result = np.asarray(array, dtype=np.float32)
    if result.shape != (count, 3):
        raise ValueError(f"{what} must have shape ({count}, 3), got {result.shape}")
    return result


@dataclass(frozen=True, eq=False)  # arrays have no single truth value to compare by
class FramePose:
    """One person's keypoints in one frame; all-zero confidences mean nobody was found."""

    body: np.ndarray = field(default_factory=lambda: _empty(BODY_POINTS))
    left_hand: np.ndarray = field(default_factory=lambda: _empty(HAND_POINTS))
    right_hand: np.ndarray = field(default_factory=lambda: _empty(HAND_POINTS))
    face: np.ndarray = field(default_factory=lambda: _empty(FACE_POINTS))

    def __post_init__(self):
        object.__setattr__(self, "body", _checked(self.body, BODY_POINTS, "body"))
        object.__setattr__(self, "left_hand", _checked(self.left_hand, HAND_POINTS, "left_hand"))
        object.__setattr__(self, "right_hand", _checked(self.right_hand, HAND_POINTS, "right_hand"))
        object.__setattr__(self, "face", _checked(self.face, FACE_POINTS, "face"))

    @classmethod
    def empty(cls) -> FramePose:
        return cls()

    @property
    def has_person(self) -> bool:
        return bool((self.body[:, 2] > 0).any())

    @property
    def is_empty(self) -> bool:
        return not self.has_person

    def point(self, name: str) -> np.ndarray:
        """A body point by name, e.g. ``pose.point("neck")`` -> array([x, y, confidence])."""
        return self.body[BODY[name]]

    def map_points(self, fn) -> FramePose:
        """Apply ``fn(xy (N, 2)) -> xy`` to every seen point; unseen points stay (0, 0, 0)."""
        parts = []
        for part in (self.body, self.left_hand, self.right_hand, self.face):
            out = part.copy()
            seen = out[:, 2] > 0
            if seen.any():
                out[seen, :2] = fn(out[seen, :2])
            parts.append(out)
        return FramePose(*parts)

    def scaled(self, sx: float, sy: float, dx: float = 0.0, dy: float = 0.0) -> FramePose:
        """Points mapped by x' = x*sx + dx, y' = y*sy + dy (resizing or letterboxing a frame)."""
        return self.map_points(
            lambda xy: xy * np.array([sx, sy], np.float32) + np.array([dx, dy], np.float32)
        )


@dataclass(eq=False)
class PoseSequence:
    """A motion: poses at a fixed frame rate, in pixel coordinates of a width x height frame."""

    fps: float
    width: int
    height: int
    frames: list[FramePose] = field(default_factory=list)

    def __post_init__(self):
        if not (self.fps > 0 and math.isfinite(self.fps)):
            raise ValueError(f"fps must be a positive number, got {self.fps}")
        if self.width <= 0 or self.height <= 0:
            raise ValueError(f"frame size must be positive, got {self.width}x{self.height}")

    def __len__(self) -> int:
        return len(self.frames)

    def __iter__(self) -> Iterator[FramePose]:
        return iter(self.frames)

    def __getitem__(self, index: int) -> FramePose:
        return self.frames[index]

    @property
    def frame_count(self) -> int:
        return len(self.frames)

    @property
    def duration(self) -> float:
        """Seconds covered by the frames."""
        return len(self.frames) / self.fps

    @property
    def frames_without_person(self) -> int:
        return sum(1 for frame in self.frames if frame.is_empty)

    def first_person_index(self) -> int | None:
        """Index of the first frame with a person, or None when nobody appears at all."""
        return next((i for i, frame in enumerate(self.frames) if frame.has_person), None)

    def with_frames(self, frames: Iterable[FramePose], *, fps: float | None = None) -> PoseSequence:
        return PoseSequence(fps=fps or self.fps, width=self.width, height=self.height, frames=list(frames))

    # --- editing -------------------------------------------------------------------------------

    def trim(self, start: int = 0, end: int | None = None) -> PoseSequence:
        """Frames ``start`` (inclusive) to ``end`` (exclusive), like a slice; negatives count from the end."""
        selected = self.frames[start:end]
        if not selected:
            raise ValueError(f"trim({start}, {end}) leaves no frames of {len(self.frames)}")
        return self.with_frames(selected)

    def resample(self, fps: float) -> PoseSequence:
        """The same motion at another frame rate, keeping its duration.

        Points seen in both neighbouring source frames are interpolated linearly so slowed-down motion
        stays smooth; otherwise the nearest source frame is used, so a missing person is never invented.
        """
        if not (fps > 0 and math.isfinite(fps)):
            raise ValueError(f"fps must be a positive number, got {fps}")
        if not self.frames:
            return self.with_frames([], fps=fps)
        arrays = self.to_arrays()
        count = max(1, round(len(self.frames) * fps / self.fps))
        position = np.minimum(np.arange(count) * (self.fps / fps), len(self.frames) - 1)
        lower = np.floor(position).astype(int)
        upper = np.minimum(lower + 1, len(self.frames) - 1)
        weight = (position - lower).astype(np.float32)
        nearest = np.where(weight >= 0.5, upper, lower)
        out = {}
        for key in ("body", "hands", "face"):
            data = arrays[key]
            w = weight.reshape((-1,) + (1,) * (data.ndim - 1))
            lo, hi = data[lower], data[upper]
            blended = lo * (1 - w) + hi * w
            both_seen = (lo[..., 2] > 0) & (hi[..., 2] > 0)
            out[key] = np.where(both_seen[..., None], blended, data[nearest]).astype(np.float32)
        return PoseSequence.from_arrays(fps=fps, width=self.width, height=self.height, **out)

    # --- storage ---------------------------------------------------------------------------------

    def to_arrays(self) -> dict[str, np.ndarray]:
        count = len(self.frames)
        body = np.zeros((count, BODY_POINTS, 3), np.float32)
        hands = np.zeros((count, 2, HAND_POINTS, 3), np.float32)
        face = np.zeros((count, FACE_POINTS, 3), np.float32)
        for i, frame in enumerate(self.frames):
            body[i], hands[i, 0], hands[i, 1], face[i] = (
                frame.body,
                frame.left_hand,
                frame.right_hand,
                frame.face,
            )
        return {"body": body, "hands": hands, "face": face}

    @classmethod
    def from_arrays(cls, *, fps, width, height, body, hands, face) -> PoseSequence:
        body, hands, face = (np.asarray(a, np.float32) for a in (body, hands, face))
        count = body.shape[0]
        if (
            body.shape != (count, BODY_POINTS, 3)
            or hands.shape != (count, 2, HAND_POINTS, 3)
            or face.shape != (count, FACE_POINTS, 3)
        ):
            raise ValueError(f"inconsistent keypoint arrays: {body.shape}, {hands.shape}, {face.shape}")
        if not (np.isfinite(body).all() and np.isfinite(hands).all() and np.isfinite(face).all()):
            raise ValueError("keypoint arrays contain NaN or infinite values")
        frames = [FramePose(body[i], hands[i, 0], hands[i, 1], face[i]) for i in range(count)]
        return cls(fps=float(fps), width=int(width), height=int(height), frames=frames)

    def save(self, destination: str | Path | BinaryIO) -> None:
        """Write the compressed .npz described in the module docstring (a path or a binary file)."""
        if isinstance(destination, str | Path):
            Path(destination).parent.mkdir(parents=True, exist_ok=True)
            destination = str(destination)
        np.savez_compressed(
            destination,
            format=np.array(FORMAT_TAG),
            fps=np.array(self.fps, np.float64),
            width=np.array(self.width, np.int64),
            height=np.array(self.height, np.int64),
            **self.to_arrays(),
        )

    @classmethod
    def load(cls, source: str | Path | BinaryIO) -> PoseSequence:
        """Read a file written by ``save``; raises ValueError for anything else."""
        try:
            data = np.load(str(source) if isinstance(source, Path) else source, allow_pickle=False)
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError(f"cannot read pose sequence file: {exc}") from exc
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError("not a pose sequence file (a single array, expected an .npz archive)")
        with data:
            tag = str(data["format"]) if "format" in data.files else None
            if tag != FORMAT_TAG:
                raise ValueError(f"not a pose sequence file (format {tag!r}, expected {FORMAT_TAG!r})")
            try:
                arrays = {key: data[key] for key in ("fps", "width", "height", "body", "hands", "face")}
            except (KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
                raise ValueError(f"cannot read pose sequence file: {exc}") from exc
        return cls.from_arrays(
            fps=float(arrays.pop("fps")),
            width=int(arrays.pop("width")),
            height=int(arrays.pop("height")),
            **arrays,
        )
