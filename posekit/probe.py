"""Check an uploaded video before decoding it, and open it only through a fixed list of demuxers.

FFmpeg will happily follow playlists (HLS, concat scripts) or URLs named inside a file, which would let
an upload read other files or reach the network. So the container is recognised from its first bytes
here, FFmpeg is told exactly which demuxer to use (MP4/MOV, Matroska/WebM or AVI) with only the
``file`` protocol allowed, and the demuxer FFmpeg reports is checked again after opening.
"""

from __future__ import annotations

import math
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

from posekit.errors import MotionInputError

DEFAULT_MAX_DURATION = 180.0
DEFAULT_MAX_SIDE = 4096
DEFAULT_MAX_FRAMES = 10_800
DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024
# 3840x2160 at 30 fps; 4K at 60 fps or 8K is refused before any frame is decoded.
DEFAULT_MAX_PIXEL_RATE = 3840 * 2160 * 30

# Demuxer we ask for -> names FFmpeg may report for it once opened.
_ALLOWED_DEMUXERS = {
    "mp4": {"mp4", "mov", "mov,mp4,m4a,3gp,3g2,mj2"},
    "matroska": {"matroska", "webm", "matroska,webm"},
    "avi": {"avi"},
}
_ISO_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"pnot"}
_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}
_PLAYLIST_SUFFIXES = {".m3u8", ".m3u", ".pls", ".xspf", ".ffconcat", ".sdp", ".txt", ".url", ".asx"}
# Recognised by their first bytes but not accepted, so the message can say what the file is.
_REFUSED_SIGNATURES = (
    (b"#EXTM3U", "an M3U/HLS playlist"),
    (b"#EXT", "an M3U/HLS playlist"),
    (b"ffconcat", "an FFmpeg concat script"),
    (b"FLV", "a Flash (FLV) video"),
    (b"OggS", "an Ogg file"),
    (b"\x00\x00\x01\xba", "an MPEG program stream"),
    (b"GIF8", "a GIF image"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"ID3", "an MP3 audio file"),
    (b"fLaC", "a FLAC audio file"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
)


@dataclass(frozen=True)
class VideoInfo:
    """What the probe learned; width/height are as displayed (after any rotation metadata)."""

    width: int
    height: int
    fps: float
    frame_count: int
    duration: float
    codec: str
    container: str
    rotation: int = 0
    file_bytes: int = 0


def sniff_container(header: bytes) -> str:
    """The demuxer to use for a file starting with ``header``, or MotionInputError saying what it is."""
    if len(header) >= 12 and header[4:8] in _ISO_BOXES:
        if header[4:8] == b"ftyp" and header[8:12] in _IMAGE_BRANDS:
            return _refuse("a HEIF/AVIF image")
        return "mp4"
    if header.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if header[:4] == b"RIFF" and header[8:12] == b"AVI ":
        return "avi"
    if header[:4] == b"RIFF" and header[8:12] == b"WAVE":
        return _refuse("a WAV audio file")
    if len(header) > 188 and header[0] == 0x47 and header[188] == 0x47:
        return _refuse("an MPEG transport stream")
    for signature, what in _REFUSED_SIGNATURES:
        if header.startswith(signature):
            return _refuse(what)
    if header and _looks_like_text(header):
        return _refuse("a text file (for example a playlist or a list of URLs)")
    raise MotionInputError("not a video file we can read: accepted formats are MP4, MOV, WebM, MKV and AVI")


def _refuse(what: str) -> str:
    raise MotionInputError(
        f"the file is {what}, not a video: accepted formats are MP4, MOV, WebM, MKV and AVI"
    )


def _looks_like_text(data: bytes) -> bool:
    printable = set(string.printable.encode())
    return sum(b in printable for b in data) / len(data) > 0.95


def open_video(path: str | Path, demuxer: str):
    """Open with an explicit, whitelisted demuxer and only local-file access; never by autodetection."""
    if demuxer not in _ALLOWED_DEMUXERS:
        raise MotionInputError(f"unsupported container {demuxer!r}")
    try:
        container = av.open(str(path), format=demuxer, options={"protocol_whitelist": "file"})
    except av.FFmpegError as exc:
        raise MotionInputError(
            f"the video is truncated or corrupt: its header cannot be read ({_reason(exc)})"
        ) from exc
    if container.format.name not in _ALLOWED_DEMUXERS[demuxer]:
        container.close()
        raise MotionInputError(f"unsupported container format {container.format.name!r}")
    return container


def _reason(exc: av.FFmpegError) -> str:
    """FFmpeg's reason without the file path, which users should not see."""
    return (getattr(exc, "strerror", None) or "unknown error").rstrip(".")


def _video_stream(container):
    for stream in container.streams.video:
        if not stream.disposition & av.stream.Disposition.attached_pic:
            return stream
    raise MotionInputError("the file has no video stream (is it an audio file?)")


def probe_video(
    path: str | Path,
    *,
    max_duration: float = DEFAULT_MAX_DURATION,
    max_side: int = DEFAULT_MAX_SIDE,
    max_frames: int = DEFAULT_MAX_FRAMES,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_pixel_rate: float = DEFAULT_MAX_PIXEL_RATE,
) -> VideoInfo:
    """Validate a video against the limits and return its facts; raises MotionInputError otherwise.

    Reads every packet (cheap: no decoding) so that a truncated file is caught here rather than half-way
    through an expensive extraction, and decodes the first frame to prove the codec works.
    """
    path = Path(path)
    if path.suffix.lower() in _PLAYLIST_SUFFIXES:
        raise MotionInputError(
            f"{path.suffix} files are playlists or text, not videos; upload the video itself"
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(512)
    except OSError as exc:
        raise MotionInputError(f"cannot read the file ({exc.strerror or exc})") from exc
    if size == 0:
        raise MotionInputError("the file is empty")
    if size > max_file_bytes:
        raise MotionInputError(
            f"the file is too large: {size / 2**20:.1f} MB (limit {max_file_bytes / 2**20:.0f} MB)"
        )
    demuxer = sniff_container(header)

    with open_video(path, demuxer) as container:
        stream = _video_stream(container)
        codec = stream.codec_context.name
        width, height = stream.codec_context.width, stream.codec_context.height
        if not width or not height:
            raise MotionInputError("the video stream has no picture size; the file is corrupt")
        if max(width, height) > max_side:
            raise MotionInputError(
                f"the video is too large: {width}x{height} (limit {max_side} pixels per side)"
            )
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        fps = float(rate) if rate else 0.0
        if not (0 < fps <= 240):
            raise MotionInputError(f"the video has an unusable frame rate ({fps:g} fps)")
        # Decoding cost grows with pixels per second: 4K at 60 fps is four times 1080p at 30.
        if width * height * fps > max_pixel_rate:
            raise MotionInputError(
                f"the video is too heavy to decode: {width}x{height} at {fps:g} fps is "
                f"{width * height * fps / 1e6:.0f} million pixels per second "
                f"(limit {max_pixel_rate / 1e6:.0f}); export it at a lower resolution or frame rate"
            )
        declared_duration = _declared_duration(container, stream)
        if declared_duration > max_duration:
            raise MotionInputError(
                f"the video is too long: {declared_duration:.1f} s (limit {max_duration:g} s)"
            )
        declared_frames = stream.frames or 0
        if declared_frames > max_frames:
            raise MotionInputError(f"the video has too many frames: {declared_frames} (limit {max_frames})")
        packets, last_time, rotation = _scan_packets(container, stream, max_frames)

    if packets == 0:
        raise MotionInputError("the video has no frames")
    if packets > max_frames:
        raise MotionInputError(f"the video has too many frames: more than {max_frames}")
    measured = max(last_time, packets / fps)
    if declared_frames and packets < declared_frames * 0.98 - 1:
        raise MotionInputError(
            f"the video is truncated: it declares {declared_frames} frames but only {packets} are present"
        )
    if declared_duration and measured < declared_duration * 0.9 - 0.5:
        raise MotionInputError(
            f"the video is truncated: it declares {declared_duration:.1f} s "
            f"but only {measured:.1f} s are present"
        )
    duration = declared_duration or measured
    if duration > max_duration:
        raise MotionInputError(f"the video is too long: {duration:.1f} s (limit {max_duration:g} s)")
    if rotation % 180:
        width, height = height, width
    return VideoInfo(
        width=width,
        height=height,
        fps=fps,
        frame_count=packets,
        duration=duration,
        codec=codec,
        container=demuxer,
        rotation=rotation,
        file_bytes=size,
    )


def _declared_duration(container, stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return 0.0


def _scan_packets(container, stream, max_frames: int) -> tuple[int, float, int]:
    """Count the video packets, find where the last one ends, and decode the first frame."""
    packets, last_time, rotation, decoded = 0, 0.0, 0, False
    try:
        for packet in container.demux(stream):
            if packet.size:
                packets += 1
                if packet.pts is not None and packet.time_base:
                    end = packet.pts + (packet.duration or 0) - (stream.start_time or 0)
                    last_time = max(last_time, float(end * packet.time_base))
            # The empty packet at the end flushes the decoder, which a very short video may need.
            if not decoded:
                frames = stream.decode(packet)
                if frames:
                    decoded, rotation = True, _rotation(frames[0])
            if packets > max_frames:
                break
    except av.FFmpegError as exc:
        raise MotionInputError(f"the video is corrupt: it cannot be decoded ({_reason(exc)})") from exc
    if packets and not decoded:
        raise MotionInputError("the video is corrupt: no frame could be decoded")
    return packets, last_time, rotation


def _rotation(frame) -> int:
    """Rotation metadata (phone videos) rounded to a quarter turn, counter-clockwise degrees."""
    try:
        angle = frame.rotation or 0
    except (AttributeError, ValueError):
        return 0
    return int(90 * round(angle / 90)) % 360 if math.isfinite(angle) else 0


def iter_video_frames(
    path: str | Path, info: VideoInfo, *, max_side: int | None = None, max_frames: int | None = None
) -> Iterator[np.ndarray]:
    """Decode a probed video one RGB frame at a time, upright, optionally downscaled to ``max_side``.

    Frames are yielded at the display size (``info.width`` x ``info.height``) unless downscaled; only one
    frame is held at a time.
    """
    width, height = info.width, info.height
    if max_side and max(width, height) > max_side:
        factor = max_side / max(width, height)
        width, height = max(2, round(width * factor)), max(2, round(height * factor))
    # The decoder delivers frames before rotation, so reformat to the pre-rotation shape.
    coded_w, coded_h = (height, width) if info.rotation % 180 else (width, height)
    count = 0
    with open_video(path, info.container) as container:
        stream = _video_stream(container)
        stream.thread_type = "AUTO"
        try:
            for frame in container.decode(stream):
                array = frame.reformat(width=coded_w, height=coded_h, format="rgb24").to_ndarray()
                if info.rotation:
                    array = np.ascontiguousarray(np.rot90(array, k=info.rotation // 90))
                yield array
                count += 1
                if max_frames is not None and count >= max_frames:
                    return
        except av.FFmpegError as exc:
            raise MotionInputError(
                f"the video is corrupt: decoding failed after {count} frames ({_reason(exc)})"
            ) from exc
