"""Alignment puts the motion on the reference body and keeps the movement."""

import copy

import numpy as np
import pytest

from posekit.align import align_to_reference
from posekit.keypoints import BODY, FramePose, PoseSequence

TORSO = ("neck", "right_shoulder", "left_shoulder", "right_hip", "left_hip")


def _bone_length(body, a, b):
    return float(np.hypot(*(body[BODY[a], :2] - body[BODY[b], :2])))


def test_first_frame_lands_on_the_reference_body(extracted, reference_pose):
    sequence, _ = extracted
    reference, size = reference_pose
    before = copy.deepcopy(sequence.to_arrays())
    aligned = align_to_reference(sequence, reference, size)

    assert (aligned.width, aligned.height) == size and len(aligned) == len(sequence)
    assert aligned.fps == sequence.fps
    first = aligned[0].body
    for name in TORSO:
        error = np.hypot(*(first[BODY[name], :2] - reference.point(name)[:2]))
        assert error < 3, f"{name} is {error:.1f} px from the reference"
    for a, b in (("right_elbow", "right_wrist"), ("left_hip", "left_knee"), ("right_knee", "right_ankle")):
        assert _bone_length(first, a, b) == pytest.approx(_bone_length(reference.body, a, b), rel=0.02)
    for key, array in sequence.to_arrays().items():
        np.testing.assert_array_equal(array, before[key], err_msg="the original motion is untouched")


def test_motion_is_kept_scaled_to_the_reference(extracted, reference_pose):
    sequence, _ = extracted
    reference, size = reference_pose
    aligned = align_to_reference(sequence, reference, size)
    scale = _bone_length(reference.body, "neck", "right_hip") / _bone_length(
        sequence[0].body, "neck", "right_hip"
    )
    for t in (3, 7, 11):
        moved = sequence[t].point("neck")[:2] - sequence[0].point("neck")[:2]
        aligned_moved = aligned[t].point("neck")[:2] - aligned[0].point("neck")[:2]
        np.testing.assert_allclose(aligned_moved, moved * scale, rtol=0.15, atol=2)
    assert aligned[12].is_empty, "a frame without a person stays empty"
    hand, wrist = aligned[0].right_hand, aligned[0].point("right_wrist")
    assert np.hypot(*(hand[0, :2] - wrist[:2])) < 25, "hands travel with their wrists"


def _body(points: dict[str, tuple[float, float]]) -> np.ndarray:
    body = np.zeros((18, 3), np.float32)
    for name, (x, y) in points.items():
        body[BODY[name]] = (x, y, 1)
    return body


def test_limbs_take_reference_lengths_and_motion_angles():
    """A synthetic check with exact numbers: a long-armed reference and a short-armed performer."""
    reference = _body(
        {
            "neck": (100, 100),
            "right_shoulder": (60, 100),
            "left_shoulder": (140, 100),
            "right_hip": (80, 200),
            "left_hip": (120, 200),
            "right_elbow": (60, 180),
        }
    )
    performer = _body(
        {
            "neck": (50, 50),
            "right_shoulder": (30, 50),
            "left_shoulder": (70, 50),
            "right_hip": (40, 100),
            "left_hip": (60, 100),
            "right_elbow": (30, 90),
        }
    )
    raised = performer.copy()
    raised[BODY["right_elbow"], :2] = (10, 50)  # the arm swings out sideways, same length
    sequence = PoseSequence(fps=25, width=100, height=120, frames=[FramePose(performer), FramePose(raised)])
    aligned = align_to_reference(sequence, FramePose(reference), (200, 300))
    np.testing.assert_allclose(aligned[0].body[BODY["right_elbow"], :2], (60, 180), atol=1e-3)
    np.testing.assert_allclose(aligned[1].body[BODY["right_elbow"], :2], (20, 100), atol=1e-3)
    assert aligned[0].body[BODY["left_elbow"], 2] == 0, "points never seen stay unseen"


def test_unusable_inputs_raise():
    sequence = PoseSequence(fps=25, width=100, height=100, frames=[FramePose.empty()])
    with pytest.raises(ValueError, match="reference image has no clearly visible person"):
        align_to_reference(sequence, FramePose.empty(), (100, 100))
    reference = FramePose(_body({"neck": (1, 1), "right_shoulder": (0, 1), "left_shoulder": (2, 1)}))
    with pytest.raises(ValueError, match="no frame with a person"):
        align_to_reference(sequence, reference, (100, 100))
