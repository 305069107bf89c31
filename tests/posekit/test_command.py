"""The extract_pose management command, end to end on a short clip."""

import io

import av
import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from posekit.keypoints import PoseSequence
from tests.posekit.conftest import shared_file


def test_extract_and_align(tmp_path, driving_clip):
    reference = shared_file("samples", "reference_images", "anyone-3.png")
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(
        "extract_pose",
        str(driving_clip.path),
        out=str(tmp_path / "out"),
        align_to=str(reference),
        max_frames=4,
        stdout=stdout,
        stderr=stderr,
    )
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        f"{prefix}{name}"
        for prefix in ("", "aligned_")
        for name in ("keypoints.npz", "pose.mp4", "poster.png", "preview.webp")
    )
    assert "4 frames at 10 fps" in stdout.getvalue()
    assert "4/4" in stderr.getvalue(), "the progress bar reaches the end"
    original = PoseSequence.load(tmp_path / "out" / "keypoints.npz")
    aligned = PoseSequence.load(tmp_path / "out" / "aligned_keypoints.npz")
    assert (len(original), original.width, original.height) == (4, 512, 768)
    with Image.open(reference) as image:
        width, height = image.size
    assert (len(aligned), aligned.width, aligned.height) == (4, width, height)
    with av.open(str(tmp_path / "out" / "aligned_pose.mp4")) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (width + width % 2, height + height % 2), (
            "yuv420p needs even sizes"
        )
        assert sum(1 for _ in container.decode(video=0)) == 4


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda d: d / "missing.mp4", "no such file"),
        (lambda d: _write(d / "list.m3u8", b"#EXTM3U\n"), "playlists or text"),
        (lambda d: _write(d / "noise.mp4", b"\x01\x02" * 500), "not a video file"),
    ],
)
def test_bad_input_is_a_command_error(tmp_path, make, match):
    with pytest.raises(CommandError, match=match):
        call_command("extract_pose", str(make(tmp_path)), out=str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_skeleton_video_is_refused_with_advice(tmp_path):
    sample = shared_file("samples", "pose_videos", "anyone-video-2_kps.mp4")
    with pytest.raises(CommandError, match="already a skeleton"):
        call_command("extract_pose", str(sample), out=str(tmp_path / "out"))


def _write(path, content):
    path.write_bytes(content)
    return path
