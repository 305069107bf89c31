"""Extraction on a real photograph moved by known transforms, rendering, previews and skeleton detection."""

import av
import numpy as np
import pytest
from PIL import Image

from posekit.drawing import BODY_COLORS
from posekit.errors import MotionInputError
from posekit.extract import extract_pose_sequence, render_pose_video, render_preview
from posekit.keypoints import BODY
from posekit.skeleton_video import detect_skeleton_video
from tests.posekit.conftest import BACKGROUND, CLIP_FPS, CLIP_SIZE, shared_file, write_clip


def test_keypoints_follow_the_known_motion(driving_clip, extracted):
    sequence, stats = extracted
    assert (sequence.width, sequence.height, sequence.fps) == (*CLIP_SIZE, CLIP_FPS)
    assert len(sequence) == stats.frames == 13
    first = sequence[0].body
    assert (first[:, 2] > 0.5).sum() >= 16, "a clear full-body photo shows nearly every body point"
    origin = driving_clip.placements[0]
    per_frame = []
    for t, placement in enumerate(driving_clip.placements[1:], start=1):
        body = sequence[t].body
        confident = (body[:, 2] > 0.5) & (first[:, 2] > 0.5)
        expected = placement.apply(origin.invert(first[confident, :2]))
        error = np.hypot(*(body[confident, :2] - expected).T)
        unmoved = np.hypot(*(body[confident, :2] - first[confident, :2]).T)
        assert np.median(error) < 5, f"frame {t}: median error {np.median(error):.1f} px"
        assert error.max() < 16, f"frame {t}: worst point off by {error.max():.1f} px"
        assert np.median(unmoved) > 2 * np.median(error), f"frame {t}: the motion itself must be detected"
        per_frame.append(error.mean())
    assert np.mean(per_frame) < 4.5
    assert (
        max(np.hypot(*(p.apply(np.zeros(2)) - origin.apply(np.zeros(2)))) for p in driving_clip.placements)
        > 40
    )


def test_hands_and_face_are_found_near_the_body(extracted):
    sequence, _ = extracted
    pose = sequence[0]
    assert (
        (pose.face[:, 2] > 0).all() and (pose.left_hand[:, 2] > 0).all() and (pose.right_hand[:, 2] > 0).all()
    )
    for hand, wrist in ((pose.left_hand, "left_wrist"), (pose.right_hand, "right_wrist")):
        assert np.hypot(*(hand[0, :2] - pose.point(wrist)[:2])) < 25, "each hand sits on its own wrist"
    nose = pose.point("nose")[:2]
    assert np.hypot(*(pose.face[30, :2] - nose)) < 15, "face point 30 (nose tip) is the nose"
    assert pose.face[36, 0] < pose.face[45, 0], "the person's right eye corner is on the image's left"


def test_a_frame_without_a_person_is_empty_and_counted(driving_clip, extracted):
    sequence, stats = extracted
    assert stats.frames_without_person == 1
    assert sequence[driving_clip.blank_frames[0]].is_empty
    assert not sequence[driving_clip.blank_frames[0]].body.any()


def test_a_video_with_nobody_fails_clearly(tmp_path):
    frames = [np.full((CLIP_SIZE[1], CLIP_SIZE[0], 3), BACKGROUND, np.uint8) for _ in range(3)]
    frames[1][300:400, 200:300] = (90, 60, 30)  # a brown box is not a person
    path = write_clip(tmp_path / "empty_room.mp4", frames)
    progress = []
    with pytest.raises(MotionInputError, match="no person found in any frame"):
        extract_pose_sequence(path, progress=lambda done, total: progress.append((done, total)))
    assert progress == [(1, 3), (2, 3), (3, 3)]


def test_max_frames_and_limits_are_respected(driving_clip):
    sequence, stats = extract_pose_sequence(driving_clip.path, max_frames=2)
    assert len(sequence) == stats.frames == 2
    with pytest.raises(MotionInputError, match="too long"):
        extract_pose_sequence(driving_clip.path, limits={"max_duration": 0.5})


def test_rendered_pose_video_and_previews(tmp_path, extracted):
    sequence, _ = extracted
    out = render_pose_video(sequence, tmp_path / "pose.mp4")
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", *CLIP_SIZE)
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(stream)]
    assert len(frames) == len(sequence)
    neck = sequence[0].point("neck")[:2].astype(int)
    assert np.abs(frames[0][neck[1], neck[0]].astype(int) - BODY_COLORS[BODY["neck"]]).max() < 40
    assert frames[-1].max() < 20, "the frame without a person renders black"

    poster, preview = render_preview(
        sequence, poster_path=tmp_path / "p.png", preview_path=tmp_path / "p.webp"
    )
    with Image.open(poster) as image:
        assert image.format == "PNG" and max(image.size) == 320
    with Image.open(preview) as image:
        assert image.format == "WEBP" and image.is_animated and image.n_frames == 13

    resized = render_pose_video(sequence, tmp_path / "small.mp4", fps=5, size=(256, 256))
    with av.open(str(resized)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height, float(stream.average_rate)) == (256, 256, 5.0)
        assert sum(1 for _ in container.decode(stream)) == 6


def test_skeleton_videos_are_recognised(tmp_path, driving_clip, extracted):
    for name in ("anyone-video-1_kps.mp4", "anyone-video-4_kps.mp4"):
        assert detect_skeleton_video(shared_file("samples", "pose_videos", name)).is_skeleton
    rendered = render_pose_video(extracted[0], tmp_path / "ours.mp4")
    assert detect_skeleton_video(rendered).is_skeleton
    check = detect_skeleton_video(driving_clip.path)
    assert not check.is_skeleton and "0 of" in check.reason
    black = write_clip(tmp_path / "black.mp4", [np.zeros((CLIP_SIZE[1], CLIP_SIZE[0], 3), np.uint8)] * 3)
    assert not detect_skeleton_video(black).is_skeleton
