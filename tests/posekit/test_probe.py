"""Every kind of bad upload is refused before decoding, with a message a person can act on."""

from pathlib import Path

import av
import numpy as np
import pytest

from posekit.errors import MotionInputError
from posekit.probe import iter_video_frames, probe_video


def _encode(
    path: Path, *, fmt: str, codec: str, frames: int = 10, size=(64, 48), fps=10, options=None, **stream
):
    with av.open(str(path), mode="w", format=fmt, options=options or {}) as container:
        video = container.add_stream(codec, rate=fps)
        video.width, video.height = size
        video.pix_fmt = "yuv420p"
        for key, value in stream.items():
            getattr(video, key)(value)
        for i in range(frames):
            image = np.zeros((size[1], size[0], 3), np.uint8)
            image[:, : size[0] // 4] = 255
            image[..., 1] = (i * 20) % 256
            container.mux(video.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        container.mux(video.encode())
    return path


@pytest.fixture
def clip(tmp_path) -> Path:
    return _encode(tmp_path / "clip.mp4", fmt="mp4", codec="libx264", frames=13)


def _rejects(path, match, **limits):
    with pytest.raises(MotionInputError, match=match):
        probe_video(path, **limits)


def test_a_valid_mp4_is_described(clip):
    info = probe_video(clip)
    assert (info.width, info.height, info.fps, info.frame_count) == (64, 48, 10.0, 13)
    assert info.duration == pytest.approx(1.3)
    assert (info.codec, info.container, info.rotation) == ("h264", "mp4", 0)


@pytest.mark.parametrize(
    ("name", "fmt", "codec", "container"),
    [
        ("clip.webm", "webm", "libvpx-vp9", "matroska"),
        ("clip.mkv", "matroska", "libx264", "matroska"),
        ("clip.avi", "avi", "mpeg4", "avi"),
        ("clip.mov", "mov", "libx264", "mp4"),
    ],
)
def test_other_accepted_containers(tmp_path, name, fmt, codec, container):
    info = probe_video(_encode(tmp_path / name, fmt=fmt, codec=codec))
    assert (info.container, info.frame_count, info.width) == (container, 10, 64)


def test_audio_only_file_has_no_video_stream(tmp_path):
    path = tmp_path / "voice.mp4"
    with av.open(str(path), mode="w", format="mp4") as container:
        audio = container.add_stream("aac", rate=44100)
        samples = (np.sin(np.arange(44100) / 10) * 0.1).astype(np.float32)[None, :]
        for start in range(0, 44100, 1024):
            frame = av.AudioFrame.from_ndarray(samples[:, start : start + 1024], format="fltp", layout="mono")
            frame.sample_rate = 44100
            container.mux(audio.encode(frame))
        container.mux(audio.encode())
    _rejects(path, "no video stream")


@pytest.mark.parametrize(
    ("fmt", "codec", "match"), [("flv", "flv", "Flash"), ("mpegts", "mpeg2video", "MPEG transport stream")]
)
def test_unsupported_containers_are_named(tmp_path, fmt, codec, match):
    path = _encode(tmp_path / "clip.mp4", fmt=fmt, codec=codec)  # the extension does not matter
    _rejects(path, f"{match}.*accepted formats are MP4, MOV, WebM, MKV and AVI")


def test_limits(clip):
    _rejects(clip, r"too long: 1\.3 s \(limit 1 s\)", max_duration=1)
    _rejects(clip, r"too many frames: 13 \(limit 12\)", max_frames=12)
    _rejects(clip, r"too large: 64x48 \(limit 32 pixels per side\)", max_side=32)
    _rejects(clip, r"file is too large", max_file_bytes=1000)
    # 64x48 at 10 fps is 30,720 pixels per second: refused by pixel rate, not by side or duration.
    _rejects(clip, r"too heavy to decode: 64x48 at 10 fps", max_pixel_rate=30_000)
    assert probe_video(clip, max_pixel_rate=31_000).width == 64


def test_truncated_files(tmp_path, clip):
    half = tmp_path / "half.mp4"
    half.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])
    _rejects(half, "truncated or corrupt")
    assert "/" not in pytest.raises(MotionInputError, probe_video, half).value.args[0], (
        "no server paths shown"
    )

    # With the index at the front (faststart) the header is intact and the frames are missing.
    whole = _encode(
        tmp_path / "fast.mp4",
        fmt="mp4",
        codec="libx264",
        frames=40,
        size=(128, 96),
        options={"movflags": "faststart"},
    )
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    _rejects(cut, "truncated: it declares 40 frames but only")


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("list.m3u8", b"#EXTM3U\n#EXTINF:10,\nclip.mp4\n", "playlists or text"),
        ("list.mp4", b"#EXTM3U\n#EXTINF:10,\nclip.mp4\n", "M3U/HLS playlist"),
        ("concat.mp4", b"ffconcat version 1.0\nfile 'clip.mp4'\n", "concat script"),
        ("urls.mp4", b"https://example.com/a.mp4\nhttps://example.com/b.mp4\n", "text file"),
        ("image.mp4", b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (
            "noise.mp4",
            bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8)),
            "not a video file",
        ),
        ("empty.mp4", b"", "empty"),
    ],
)
def test_non_media_posing_as_video(tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    _rejects(path, match)


def test_playlist_pointing_at_a_real_clip_is_never_followed(tmp_path, clip):
    playlist = tmp_path / "movie.mp4"
    playlist.write_text(f"#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.3,\n{clip}\n#EXT-X-ENDLIST\n")
    _rejects(playlist, "playlist")


def test_rotation_metadata_is_applied(tmp_path):
    path = _encode(tmp_path / "phone.mp4", fmt="mp4", codec="libx264", size=(64, 32), set_display_rotation=90)
    info = probe_video(path)
    assert (info.width, info.height, info.rotation) == (32, 64, 90)
    first = next(iter_video_frames(path, info))
    assert first.shape == (64, 32, 3)
    # The white left quarter of the stored picture ends up at the bottom after a quarter turn to the left.
    assert first[-8:, :, 0].mean() > 200 and first[:8, :, 0].mean() < 50
