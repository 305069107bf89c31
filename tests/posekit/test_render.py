"""Skeleton drawing follows the OpenPose/DWPose convention the pose guider was trained on."""

import colorsys

import av
import numpy as np
import pytest

from posekit.drawing import BODY_COLORS, BODY_LIMBS, HAND_BONES, render_frame
from posekit.keypoints import BODY, FramePose
from tests.posekit.conftest import shared_file

# A standing figure in a 400 x 600 frame (COCO-18 order).
STANDING = np.array(
    [
        (200, 100),  # nose
        (200, 160),  # neck
        (150, 160),  # right shoulder
        (140, 240),
        (135, 320),
        (250, 160),  # left shoulder
        (260, 240),
        (265, 320),
        (170, 320),  # right hip
        (165, 420),
        (160, 520),
        (230, 320),  # left hip
        (235, 420),
        (240, 520),
        (190, 90),  # right eye
        (210, 90),
        (180, 95),  # right ear
        (220, 95),
    ],
    np.float32,
)


def _pose(confidence=None) -> FramePose:
    body = np.concatenate([STANDING, np.ones((18, 1), np.float32)], axis=1)
    if confidence is not None:
        body[:, 2] = confidence
    return FramePose(body=body)


def _blended(color) -> np.ndarray:
    """A limb colour after 0.6 alpha blending over black."""
    return (np.array(color) * 0.6).astype(np.uint8)


def test_limb_midpoints_have_the_standard_blended_colours():
    image = render_frame(_pose(), 400, 600)
    assert image.shape == (600, 400, 3) and image.dtype == np.uint8
    for index, (a, b) in enumerate(BODY_LIMBS):
        if index >= 12:  # head limbs are short and covered by joints; checked below
            continue
        mid = ((STANDING[a] + STANDING[b]) / 2).astype(int)
        np.testing.assert_array_equal(
            image[mid[1], mid[0]], _blended(BODY_COLORS[index]), err_msg=f"limb {index}"
        )


def test_joints_are_solid_circles_of_radius_four_in_full_colour():
    image = render_frame(_pose(), 400, 600)
    for index in (BODY["right_elbow"], BODY["left_knee"], BODY["right_ankle"]):
        x, y = STANDING[index].astype(int)
        np.testing.assert_array_equal(image[y, x], BODY_COLORS[index])
        np.testing.assert_array_equal(image[y, x + 3], BODY_COLORS[index])
    ankle = STANDING[BODY["right_ankle"]].astype(int)
    below = image[ankle[1] + 6 :, ankle[0] - 8 : ankle[0] + 8]
    assert not below.any(), "nothing is drawn beyond the joint's radius at the end of a limb"


def test_missing_or_unsure_points_and_their_limbs_are_not_drawn():
    confidence = np.ones(18, np.float32)
    confidence[BODY["left_elbow"]] = 0.0  # never seen
    confidence[BODY["right_knee"]] = 0.1  # below the 0.3 threshold
    image = render_frame(_pose(confidence), 400, 600)
    for index in (BODY["left_elbow"], BODY["right_knee"]):
        x, y = STANDING[index].astype(int)
        assert not image[y - 6 : y + 7, x - 6 : x + 7].any()
    shoulder_elbow = ((STANDING[BODY["left_shoulder"]] + STANDING[BODY["left_elbow"]]) / 2).astype(int)
    assert not image[shoulder_elbow[1], shoulder_elbow[0]].any()
    assert not render_frame(FramePose.empty(), 64, 64).any()


def test_hands_and_face_follow_dwpose_colours():
    hand = np.zeros((21, 3), np.float32)
    for finger in range(5):
        for joint in range(1, 5):
            hand[4 * finger + joint] = (100 + 30 * finger, 300 - 25 * joint, 1)
    hand[0] = (160, 330, 1)
    face = np.zeros((68, 3), np.float32)
    face[0] = (40, 40, 1)
    image = render_frame(FramePose(right_hand=hand, face=face), 400, 400)
    # A long bone's midpoint has its hue-wheel colour; bone 5 is the index finger's first segment.
    i, j = HAND_BONES[5]
    mid = ((hand[i, :2] + hand[j, :2]) / 2).astype(int)
    expected = [round(c * 255) for c in colorsys.hsv_to_rgb(5 / 20, 1, 1)]
    np.testing.assert_array_equal(image[mid[1], mid[0]], expected)
    np.testing.assert_array_equal(image[300 - 25, 100], (0, 0, 255))  # hand joints are blue dots
    np.testing.assert_array_equal(image[40, 40], (255, 255, 255))  # face points are white dots
    assert not image[40, 45].any()  # ... and small (radius 3)


def test_sample_pose_videos_use_the_same_palette():
    """The shared DWPose samples contain our blended limb colours (within H.264 colour error)."""
    path = shared_file("samples", "pose_videos", "anyone-video-1_kps.mp4")
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0)).to_ndarray(format="rgb24").reshape(-1, 3).astype(int)
    lit = frame[frame.max(axis=1) > 60]
    for index in range(12):  # torso, arms and legs are always visible in the samples
        distance = np.abs(lit - _blended(BODY_COLORS[index]).astype(int)).max(axis=1)
        assert (distance < 40).sum() > 20, f"limb colour {index} missing from the sample"


@pytest.mark.parametrize("size", [(200, 300), (600, 300)])
def test_rendering_to_another_size_letterboxes_without_distortion(size):
    from posekit.drawing import iter_rendered_frames
    from posekit.keypoints import PoseSequence

    sequence = PoseSequence(fps=10, width=400, height=600, frames=[_pose()])
    (image,) = iter_rendered_frames(sequence, size=size)
    assert image.shape == (size[1], size[0], 3)
    ys, xs = np.nonzero(image.max(axis=2))
    scale = min(size[0] / 400, size[1] / 600)
    assert (ys.max() - ys.min()) == pytest.approx((520 - 90) * scale + 8, abs=4)
