"""The pose file format and sequence editing: exact round trips and predictable resampling."""

import io

import numpy as np
import pytest

from posekit.keypoints import BODY, FramePose, PoseSequence


def _frame(value: float, seen: bool = True) -> FramePose:
    """A frame whose every point sits at (value, 2*value) with confidence 1, or an empty frame."""
    if not seen:
        return FramePose.empty()

    def part(n):
        return np.tile(np.array([value, 2 * value, 1.0], np.float32), (n, 1))

    return FramePose(part(18), part(21), part(21), part(68))


def _sequence(values, fps=10.0) -> PoseSequence:
    return PoseSequence(fps=fps, width=640, height=480, frames=[_frame(v, v >= 0) for v in values])


def test_save_load_round_trip_is_exact(tmp_path):
    rng = np.random.default_rng(0)
    frames = [
        FramePose(rng.random((18, 3)), rng.random((21, 3)), rng.random((21, 3)), rng.random((68, 3)))
        for _ in range(5)
    ] + [FramePose.empty()]
    sequence = PoseSequence(fps=29.97, width=512, height=768, frames=frames)
    sequence.save(tmp_path / "sub" / "motion.npz")
    loaded = PoseSequence.load(tmp_path / "sub" / "motion.npz")
    assert (loaded.fps, loaded.width, loaded.height, len(loaded)) == (29.97, 512, 768, 6)
    for a, b in zip(sequence, loaded, strict=True):
        for part in ("body", "left_hand", "right_hand", "face"):
            np.testing.assert_array_equal(getattr(a, part), getattr(b, part))
    assert loaded.frames_without_person == 1
    assert loaded[5].is_empty and loaded[0].has_person

    buffer = io.BytesIO()
    sequence.save(buffer)
    buffer.seek(0)
    assert len(PoseSequence.load(buffer)) == 6


def test_load_rejects_files_that_are_not_pose_sequences(tmp_path):
    other = tmp_path / "other.npz"
    np.savez(other, body=np.zeros((1, 18, 3)))
    with pytest.raises(ValueError, match="not a pose sequence file"):
        PoseSequence.load(other)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"\x00not a zip at all" * 10)
    with pytest.raises(ValueError, match="cannot read pose sequence file"):
        PoseSequence.load(garbage)


def test_frame_shapes_are_checked():
    with pytest.raises(ValueError, match=r"body must have shape \(18, 3\)"):
        FramePose(body=np.zeros((17, 3)))


def test_trim_slices_frames():
    trimmed = _sequence([0, 1, 2, 3, 4]).trim(1, 3)
    assert [f.body[0, 0] for f in trimmed] == [1, 2]
    assert [f.body[0, 0] for f in _sequence([0, 1, 2, 3, 4]).trim(-2)] == [3, 4]
    with pytest.raises(ValueError, match="leaves no frames"):
        _sequence([0, 1]).trim(5)


def test_resample_keeps_duration_and_interpolates_seen_points():
    sequence = _sequence([0, 10, 20, 30], fps=10)
    doubled = sequence.resample(20)
    assert doubled.fps == 20 and len(doubled) == 8
    assert doubled.duration == pytest.approx(sequence.duration)
    xs = [f.body[BODY["nose"], 0] for f in doubled]
    assert xs == pytest.approx([0, 5, 10, 15, 20, 25, 30, 30])
    halved = sequence.resample(5)
    assert [f.body[0, 0] for f in halved] == [0, 20]


def test_resample_never_invents_a_missing_person():
    sequence = _sequence([0, -1, 20], fps=10)  # the middle frame has nobody
    doubled = sequence.resample(20)
    seen = [f.has_person for f in doubled]
    # 0.0 -> frame 0, 0.5 -> frame 0/1 (nearest: 1, empty), 1.0 -> frame 1 (empty), 1.5 -> nearest 2 ...
    assert seen == [True, False, False, True, True, True]
