"""Whole-figure appearance scoring on the real photographs. The embedder here is a colour histogram
(deterministic, no weights): the scoring logic — closest reference, worst window, floor, batching — is
what is under test; the worker passes the rendering model's CLIP image encoder instead."""

import numpy as np
from PIL import Image

from identity import DEFAULT_FLOOR, score_appearance
from tests.identity.test_scoring import _animated, _photo


def histogram_embed(images):
    """Square-rooted 8×8×8 RGB histogram: cosine of two of these is the Bhattacharyya coefficient."""
    vectors = []
    for image in images:
        pixels = np.asarray(image.convert("RGB").resize((64, 96))) // 32
        bins = pixels[..., 0] * 64 + pixels[..., 1] * 8 + pixels[..., 2]
        counts = np.bincount(bins.ravel(), minlength=512).astype(np.float64)
        vectors.append(np.sqrt(counts / counts.sum()))
    return np.stack(vectors)


def _grey(size, count):
    return [Image.new("RGB", size, (128, 128, 128)) for _ in range(count)]


def test_the_same_figure_moved_and_scaled_is_consistent():
    photo = _photo("anyone-3.png")
    report = score_appearance(embed=histogram_embed, references=[photo], frames=_animated(photo, 6))
    assert report.status == "consistent", report.reason
    assert len(report.scores) == 6 and report.frames_below == 0
    assert report.mean > DEFAULT_FLOOR and report.worst_window_mean <= report.mean
    assert report.floor == DEFAULT_FLOOR


def test_a_render_that_washes_out_halfway_is_collapsed_at_the_right_frames():
    photo = _photo("anyone-3.png")
    frames = _animated(photo, 8) + _grey(photo.size, 8)
    report = score_appearance(embed=histogram_embed, references=[photo], frames=frames)
    assert report.status == "collapsed"
    assert report.worst_window_start == 8 and report.frames_below == 8
    assert max(report.scores[8:]) < DEFAULT_FLOOR <= min(report.scores[:8])
    assert "frame 8" in report.reason and "floor 0.70" in report.reason


def test_a_short_collapse_inside_a_window_of_good_frames_passes_but_is_counted():
    photo = _photo("anyone-3.png")
    frames = _animated(photo, 7) + _grey(photo.size, 1) + _animated(photo, 7)
    report = score_appearance(embed=histogram_embed, references=[photo], frames=frames)
    assert report.status == "consistent", report.reason
    assert report.frames_below == 1 and report.scores[7] < DEFAULT_FLOOR


def test_each_frame_is_scored_against_its_closest_reference():
    near, other = _photo("anyone-3.png"), _photo("anyone-11.png")
    frames = _animated(other, 4)
    alone = score_appearance(embed=histogram_embed, references=[near], frames=frames)
    both = score_appearance(embed=histogram_embed, references=[near, other], frames=frames)
    assert all(b >= a for a, b in zip(alone.scores, both.scores, strict=True))
    assert both.mean > alone.mean


def test_frames_are_embedded_in_batches_with_the_same_result():
    photo = _photo("anyone-3.png")
    sizes = []

    def counting(images):
        sizes.append(len(images))
        return histogram_embed(images)

    frames = _animated(photo, 7)
    batched = score_appearance(embed=counting, references=[photo], frames=frames, batch=3)
    assert sizes == [1, 3, 3, 1]  # the reference, then the frames three at a time
    whole = score_appearance(embed=histogram_embed, references=[photo], frames=frames)
    assert batched.scores == whole.scores


def test_nothing_to_compare_is_not_scored_rather_than_passed():
    photo = _photo("anyone-3.png")
    no_reference = score_appearance(embed=histogram_embed, references=[], frames=_animated(photo, 3))
    assert no_reference.status == "not_scored" and "no readable reference" in no_reference.reason
    assert no_reference.mean is None
    no_frames = score_appearance(embed=histogram_embed, references=[photo], frames=[])
    assert no_frames.status == "not_scored" and "no frames" in no_frames.reason


def test_the_floor_decides_at_the_worst_window():
    photo = _photo("anyone-3.png")
    frames = _animated(photo, 6)
    worst = score_appearance(embed=histogram_embed, references=[photo], frames=frames).worst_window_mean
    above = score_appearance(embed=histogram_embed, references=[photo], frames=frames, floor=worst + 0.01)
    below = score_appearance(embed=histogram_embed, references=[photo], frames=frames, floor=worst - 0.01)
    assert (above.status, below.status) == ("collapsed", "consistent")
