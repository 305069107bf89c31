"""Identity QC on the real photographs: the same person moved and scaled matches, another person does not,
a drawn character is not scored."""

import numpy as np
import pytest
from PIL import Image, ImageDraw

from identity import DEFAULT_THRESHOLD, FaceEmbedder, FaceNotFound, score_frames
from tests.conftest import shared_path


def _photo(name: str) -> Image.Image:
    return Image.open(shared_path("samples", "reference_images", name)).convert("RGB")


def _animated(photo: Image.Image, count: int) -> list[Image.Image]:
    """The photo shifted and scaled a little more each frame, on a white canvas of its own size."""
    frames = []
    for index in range(count):
        scale, shift = 0.85 + 0.03 * index, (index - count // 2) * 12
        moved = photo.resize((int(photo.width * scale), int(photo.height * scale)))
        canvas = Image.new("RGB", photo.size, "white")
        canvas.paste(moved, (shift, int(photo.height * (1 - scale) / 2)))
        frames.append(canvas)
    return frames


def _drawn_character(size=(512, 768)) -> Image.Image:
    image = Image.new("RGB", size, (250, 240, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse((196, 60, 316, 180), fill=(120, 200, 255), outline="black", width=4)
    draw.rectangle((236, 90, 246, 100), fill="black")
    draw.rectangle((266, 90, 276, 100), fill="black")
    draw.arc((226, 110, 286, 160), 20, 160, fill="black", width=4)
    draw.rectangle((216, 180, 296, 420), fill=(240, 80, 80), outline="black", width=4)
    draw.line((216, 200, 140, 330), fill="black", width=10)
    draw.line((296, 200, 372, 330), fill="black", width=10)
    draw.line((236, 420, 210, 700), fill="black", width=12)
    draw.line((276, 420, 302, 700), fill="black", width=12)
    return image


@pytest.fixture(scope="module")
def embedder():
    with FaceEmbedder() as shared:
        yield shared


def test_same_person_animated_is_a_match(embedder):
    photo = _photo("anyone-3.png")
    report = score_frames(references=[photo], frames=_animated(photo, 6), embedder=embedder)
    assert report.status == "match", report.reason
    assert report.frames_scored == 6 and report.frames_below == 0
    assert report.mean > 0.75  # dlib distance < 0.25: far inside the same-person region
    assert report.worst_window_mean <= report.mean
    assert [index for index, _, _ in report.worst_frames] and len(report.worst_frames) == 4
    assert report.worst_frames[0][1] == min(report.scores)  # worst first
    assert report.worst_frames[0][2].size[0] <= 192


def test_other_person_is_below_threshold(embedder):
    report = score_frames(
        references=[_photo("anyone-3.png")], frames=_animated(_photo("anyone-11.png"), 4), embedder=embedder
    )
    assert report.status == "below_threshold"
    assert report.frames_below == 4 and report.mean < DEFAULT_THRESHOLD
    assert "drifts" in report.reason


def test_drift_in_a_stretch_is_caught_although_the_mean_passes(embedder):
    """A short identity swap in a long render: the mean stays high, the worst window does not."""
    same, other = _photo("anyone-3.png"), _photo("anyone-11.png")
    frames = _animated(same, 12) + _animated(other, 4) + _animated(same, 12)
    report = score_frames(references=[same], frames=frames, window=4, embedder=embedder)
    assert report.mean > DEFAULT_THRESHOLD
    assert report.status == "below_threshold"
    assert report.worst_window_start == 12
    assert {index for index, _, _ in report.worst_frames} == {12, 13, 14, 15}


def test_best_of_several_references_counts(embedder):
    photo = _photo("anyone-11.png")
    report = score_frames(
        references=[_photo("anyone-3.png"), photo], frames=_animated(photo, 2), embedder=embedder
    )
    assert report.references_with_face == 2 and report.status == "match"


def test_drawn_persona_is_not_scored(embedder):
    with pytest.raises(FaceNotFound):
        embedder.embed(_drawn_character())
    report = score_frames(references=[_drawn_character()], frames=[_drawn_character()] * 3, embedder=embedder)
    assert report.status == "not_scored" and report.mean is None
    assert "stylised or drawn" in report.reason


def test_frames_without_a_face_are_not_scored_and_not_failures(embedder):
    photo = _photo("anyone-3.png")
    blank = np.full((photo.height, photo.width, 3), 255, dtype=np.uint8)
    report = score_frames(references=[photo], frames=[photo, blank, photo], embedder=embedder)
    assert report.scores[1] is None and report.frames_without_face == 1
    assert report.status == "match" and report.frames_scored == 2

    none = score_frames(references=[photo], frames=[blank, blank], embedder=embedder)
    assert none.status == "not_scored" and "No face is visible" in none.reason
