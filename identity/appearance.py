"""Whole-body appearance consistency: does each frame still look like the persona's reference as a whole?

The face check cannot see the failure pose-driven models show when the face is small or gone: the video
collapsing into a blur, a colour wash, another outfit or another body. Each frame and each reference is
embedded by the rendering model's own CLIP image encoder (already in memory, so nothing else loads), and
a frame's score is its cosine similarity to the closest reference. Torch-free: the encoder is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from identity.scoring import DEFAULT_WINDOW, worst_window

# Cosine similarity of CLIP image embeddings: photos of one dressed person in different poses sit well
# above 0.8, unrelated scenes around 0.5 and noise or a flat wash lower still; below 0.70 over a whole
# window the render no longer shows the reference.
DEFAULT_FLOOR = 0.70
BATCH = 8  # frames per encoder call: a few hundred MB of activations at 224 px on CPU

# (images) -> (N, D) array of embeddings; they need not be normalised.
ImageEmbedder = Callable[[Sequence[Image.Image]], np.ndarray]


@dataclass
class AppearanceReport:
    status: str  # "consistent", "collapsed" or "not_scored"
    reason: str
    floor: float
    method: str = ""
    scores: list[float] = field(default_factory=list)
    mean: float | None = None
    worst_window_mean: float | None = None
    worst_window_start: int | None = None
    window: int = DEFAULT_WINDOW
    frames_below: int = 0


def _unit(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _rgb(frame: Image.Image | np.ndarray) -> Image.Image:
    return (frame if isinstance(frame, Image.Image) else Image.fromarray(frame)).convert("RGB")


def score_appearance(
    *,
    embed: ImageEmbedder,
    references: Iterable[Image.Image],
    frames: Iterable[Image.Image | np.ndarray],
    floor: float = DEFAULT_FLOOR,
    window: int = DEFAULT_WINDOW,
    method: str = "",
    batch: int = BATCH,
) -> AppearanceReport:
    """Score every frame, ``batch`` at a time, so a long video never sits in memory."""
    report = AppearanceReport(status="not_scored", reason="", floor=floor, method=method, window=window)
    gallery = [_rgb(image) for image in references]
    if not gallery:
        report.reason = "The persona has no readable reference image: appearance is not scored."
        return report
    anchors = _unit(embed(gallery))

    def flush(pending: list[Image.Image]) -> None:
        similarity = _unit(embed(pending)) @ anchors.T  # (frames, references)
        report.scores.extend(round(float(value), 4) for value in similarity.max(axis=1))

    pending: list[Image.Image] = []
    for frame in frames:
        pending.append(_rgb(frame))
        if len(pending) == batch:
            flush(pending)
            pending = []
    if pending:
        flush(pending)
    return _summarise(report)


def _summarise(report: AppearanceReport) -> AppearanceReport:
    if not report.scores:
        report.reason = "The render has no frames: appearance is not scored."
        return report
    report.mean = round(float(np.mean(report.scores)), 4)
    worst, start = worst_window(report.scores, report.window)
    report.worst_window_mean, report.worst_window_start = round(worst, 4), start
    report.frames_below = sum(score < report.floor for score in report.scores)
    if report.worst_window_mean < report.floor:
        report.status = "collapsed"
        report.reason = (
            f"The render stops looking like the reference: worst {report.window}-frame stretch "
            f"{report.worst_window_mean:.2f} from frame {start}, floor {report.floor:.2f}."
        )
    else:
        report.status = "consistent"
        report.reason = (
            f"The whole figure holds: mean similarity {report.mean:.2f}, floor {report.floor:.2f}."
        )
    return report
