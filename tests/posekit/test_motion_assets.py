"""The worker's one-call entry points produce every file and number a Motion row stores."""

import av
import pytest
from PIL import Image

from posekit.errors import MotionInputError
from posekit.keypoints import PoseSequence
from posekit.pose_assets import prepare_alignment, prepare_motion
from tests.posekit.conftest import shared_file


def test_driving_video(tmp_path, driving_clip):
    assets = prepare_motion(driving_clip.path, tmp_path, max_frames=3)
    assert assets.source == "driving_video"
    assert (assets.fps, assets.frame_count, assets.width, assets.height) == (10.0, 3, 512, 768)
    assert assets.duration == pytest.approx(0.3) and assets.frames_without_person == 0
    assert len(PoseSequence.load(assets.keypoints)) == 3
    assert assets.pose_video.name == "pose.mp4" and assets.poster.exists() and assets.preview.exists()

    reference = shared_file("samples", "reference_images", "anyone-3.png")
    aligned = prepare_alignment(assets.keypoints, reference, tmp_path / "aligned")
    with Image.open(reference) as image:
        assert (aligned.width, aligned.height) == image.size
    assert aligned.keypoints.name == "aligned_keypoints.npz" and aligned.frame_count == 3


def test_skeleton_video_is_used_as_drawn(tmp_path):
    sample = shared_file("samples", "pose_videos", "anyone-video-5_kps.mp4")
    progress = []
    assets = prepare_motion(sample, tmp_path, max_frames=30, progress=lambda d, t: progress.append((d, t)))
    assert assets.source == "skeleton_video" and assets.keypoints is None
    assert (assets.frame_count, assets.fps, assets.width, assets.height) == (30, 30.0, 512, 704)
    assert progress[-1] == (30, 30)
    with av.open(str(assets.pose_video)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert sum(1 for _ in container.decode(video=0)) == 30
    with Image.open(assets.preview) as image:
        assert image.is_animated and image.n_frames == 10  # 1 s at 10 fps


def test_reference_without_a_person(tmp_path, driving_clip):
    assets = prepare_motion(driving_clip.path, tmp_path, max_frames=1)
    blank = tmp_path / "wall.png"
    Image.new("RGB", (300, 400), (200, 205, 210)).save(blank)
    with pytest.raises(MotionInputError, match="no person found in the reference image"):
        prepare_alignment(assets.keypoints, blank, tmp_path / "aligned")
