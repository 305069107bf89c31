"""Per-frame identity scores of a video against reference faces, and the summary a reviewer reads.

A frame's score is ``1 - d`` where ``d`` is the smallest Euclidean distance between its face descriptor
and any reference face's. dlib documents ``d < 0.6`` as "same person" for this model, so the default
threshold is a score of 0.40; frames with no visible face are not scored (and not counted as failures).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from identity.faces import METHOD, FaceEmbedder, FaceNotFound

DEFAULT_THRESHOLD = 0.40
DEFAULT_WINDOW = 8  # frames: a third of a second at 24 fps, long enough to be seen as a different face
THUMBNAIL_SIDE = 192


@dataclass
class IdentityReport:
    status: str  # "match", "below_threshold" or "not_scored"
    reason: str
    threshold: float
    method: str = METHOD
    scores: list[float | None] = field(default_factory=list)
    references_with_face: int = 0
    mean: float | None = None
    worst_window_mean: float | None = None
    worst_window_start: int | None = None
    window: int = DEFAULT_WINDOW
    frames_below: int = 0
    frames_without_face: int = 0
    # (frame index, score, thumbnail) of the lowest-scoring frames, worst first.
    worst_frames: list[tuple[int, float, Image.Image]] = field(default_factory=list)

    @property
    def frames_scored(self) -> int:
        return sum(score is not None for score in self.scores)


def _thumbnail(image: Image.Image | np.ndarray) -> Image.Image:
    picture = image if isinstance(image, Image.Image) else Image.fromarray(image)
    picture = picture.convert("RGB")
    picture.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return picture


def worst_window(scores: list[float | None], window: int) -> tuple[float | None, int | None]:
    """Lowest mean over ``window`` consecutive scored frames (all scored frames when there are fewer)."""
    scored = [(index, score) for index, score in enumerate(scores) if score is not None]
    if not scored:
        return None, None
    size = min(window, len(scored))
    values = np.array([score for _, score in scored], dtype=np.float64)
    sums = np.convolve(values, np.ones(size), mode="valid") / size
    at = int(np.argmin(sums))
    return float(sums[at]), scored[at][0]


def score_frames(
    *,
    references: Iterable[Image.Image],
    frames: Iterable[Image.Image | np.ndarray],
    threshold: float = DEFAULT_THRESHOLD,
    window: int = DEFAULT_WINDOW,
    keep_worst: int = 4,
    embedder: FaceEmbedder | None = None,
    on_frame: Callable[[int], None] | None = None,
) -> IdentityReport:
    """Score every frame (one at a time, so a long video never sits in memory)."""
    own = embedder is None
    embedder = embedder or FaceEmbedder()
    try:
        gallery = []
        for reference in references:
            try:
                gallery.append(embedder.embed(reference))
            except FaceNotFound:
                continue
        report = IdentityReport(
            status="not_scored",
            reason="",
            threshold=threshold,
            window=window,
            references_with_face=len(gallery),
        )
        if not gallery:
            report.reason = (
                "No face was found in the persona's reference images (a stylised or drawn persona, or no "
                "clear face): identity is not scored."
            )
            return report
        stack = np.stack(gallery)
        worst: list[tuple[float, int, Image.Image]] = []  # (-score, frame, thumbnail): top is the best kept
        for index, frame in enumerate(frames):
            try:
                descriptor = embedder.embed(frame)
            except FaceNotFound:
                report.scores.append(None)
                report.frames_without_face += 1
            else:
                distance = float(np.min(np.linalg.norm(stack - descriptor, axis=1)))
                score = round(max(0.0, 1.0 - distance), 4)
                report.scores.append(score)
                report.frames_below += score < threshold
                if len(worst) < keep_worst or score < -worst[0][0]:
                    heapq.heappush(worst, (-score, index, _thumbnail(frame)))
                    if len(worst) > keep_worst:
                        heapq.heappop(worst)  # the highest score kept so far
            if on_frame is not None:
                on_frame(index)
    finally:
        if own:
            embedder.close()
    return _summarise(report, worst)


def _summarise(report: IdentityReport, worst) -> IdentityReport:
    scored = [score for score in report.scores if score is not None]
    if not scored:
        report.reason = "No face is visible in any frame of the render: identity is not scored."
        return report
    report.mean = round(float(np.mean(scored)), 4)
    report.worst_window_mean, report.worst_window_start = worst_window(report.scores, report.window)
    report.worst_window_mean = round(report.worst_window_mean, 4)
    report.worst_frames = sorted(
        ((index, -negated, thumb) for negated, index, thumb in worst), key=lambda w: w[1]
    )
    if report.mean < report.threshold or report.worst_window_mean < report.threshold:
        report.status = "below_threshold"
        report.reason = (
            f"The face drifts from the persona: mean score {report.mean:.2f}, worst {report.window}-frame "
            f"stretch {report.worst_window_mean:.2f} from frame {report.worst_window_start}, "
            f"threshold {report.threshold:.2f}."
        )
    else:
        report.status = "match"
        report.reason = (
            f"The persona's face holds: mean score {report.mean:.2f}, threshold {report.threshold:.2f}."
        )
    return report
