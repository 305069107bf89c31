"""Reading videos and writing H.264 mp4 files with PyAV (FFmpeg bundled in the wheel).

One writer for everything the studio encodes: it takes frames one at a time, so a long motion costs the
memory of one frame, and ``write_mp4`` is the same writer fed from a list.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

AUDIO_RATE = 48_000
AUDIO_FRAME_SAMPLES = 1024  # one AAC frame


class VideoReadError(ValueError):
    """A video could not be opened or decoded; the message says why."""


def read_video_frames(path: str | Path, *, max_frames: int | None = None) -> tuple[list[Image.Image], float]:
    """Decode frames as RGB images; returns the frames and the stream's frame rate."""
    frames: list[Image.Image] = []
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise VideoReadError(f"{Path(path).name}: no video stream")
            stream = container.streams.video[0]
            fps = float(stream.average_rate or stream.guessed_rate or 30)
            for frame in container.decode(stream):
                frames.append(frame.to_image().convert("RGB"))
                if max_frames is not None and len(frames) >= max_frames:
                    break
    except av.FFmpegError as exc:
        raise VideoReadError(f"{Path(path).name}: cannot decode video ({exc})") from exc
    if not frames:
        raise VideoReadError(f"{Path(path).name}: the video has no frames")
    return frames, fps


def read_frame_at(path: str | Path, seconds: float) -> Image.Image:
    """The frame shown at ``seconds`` (the last one when past the end), decoding from the start:
    renders are seconds long, so a seek would save little and miss frames on some encoders."""
    shown: Image.Image | None = None
    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise VideoReadError(f"{Path(path).name}: no video stream")
            stream = container.streams.video[0]
            for frame in container.decode(stream):
                moment = float(frame.pts * stream.time_base) if frame.pts is not None else 0.0
                if shown is not None and moment > seconds + 1e-6:
                    break
                shown = frame.to_image().convert("RGB")
    except av.FFmpegError as exc:
        raise VideoReadError(f"{Path(path).name}: cannot decode video ({exc})") from exc
    if shown is None:
        raise VideoReadError(f"{Path(path).name}: the video has no frames")
    return shown


class Mp4Writer:
    """H.264 yuv420p, frame by frame: ``with Mp4Writer(path, fps=30, size=(w, h)) as out: out.write(rgb)``.

    yuv420p needs even dimensions, so an odd width or height is padded by one edge pixel.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        fps: float,
        size: tuple[int, int],
        crf: int = 18,
        max_bitrate: int | None = None,
        silent_audio: bool = False,
        faststart: bool = False,
    ):
        """``max_bitrate`` (bits/s) caps the constant-quality encode for platforms with a limit;
        ``silent_audio`` adds an AAC track (some platforms refuse a video without one); ``faststart``
        moves the index to the front so players start before the whole file has arrived."""
        width, height = size
        self.width, self.height = width, height
        self.frames_written = 0
        self._fps = Fraction(fps).limit_denominator(1001)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        options = {"movflags": "+faststart"} if faststart else {}
        self._container = av.open(str(path), mode="w", format="mp4", options=options)
        self._stream = self._container.add_stream("libx264", rate=self._fps)
        self._stream.width, self._stream.height = width + width % 2, height + height % 2
        self._stream.pix_fmt = "yuv420p"
        codec_options = {"crf": str(crf), "preset": "veryfast"}
        if max_bitrate:
            codec_options |= {"maxrate": str(max_bitrate), "bufsize": str(2 * max_bitrate)}
            codec_options["profile"] = "high"
        self._stream.options = codec_options
        self._audio = None
        self._audio_samples = 0
        if silent_audio:
            self._audio = self._container.add_stream("aac", rate=AUDIO_RATE, layout="stereo")

    def write(self, frame_rgb: np.ndarray | Image.Image) -> None:
        if isinstance(frame_rgb, Image.Image):
            frame_rgb = frame_rgb.convert("RGB")
        array = np.asarray(frame_rgb, dtype=np.uint8)
        if array.shape != (self.height, self.width, 3):
            raise ValueError(f"frame shape {array.shape} != {(self.height, self.width, 3)}")
        pad_h, pad_w = self._stream.height - self.height, self._stream.width - self.width
        if pad_h or pad_w:
            array = np.pad(array, ((0, pad_h), (0, pad_w), (0, 0)), mode="edge")
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
        self._container.mux(self._stream.encode(frame))
        self.frames_written += 1
        if self._audio is not None:
            self._write_silence_until(self.frames_written / self._fps)

    def _write_silence_until(self, seconds: Fraction) -> None:
        """Keep the audio track level with the video, so the two interleave in the file."""
        target = int(seconds * AUDIO_RATE)
        while self._audio_samples < target:
            frame = av.AudioFrame.from_ndarray(
                np.zeros((2, AUDIO_FRAME_SAMPLES), dtype=np.float32), format="fltp", layout="stereo"
            )
            frame.sample_rate = AUDIO_RATE
            frame.pts = self._audio_samples
            self._container.mux(self._audio.encode(frame))
            self._audio_samples += AUDIO_FRAME_SAMPLES

    def close(self) -> None:
        if self._container is None:
            return
        try:
            self._container.mux(self._stream.encode())
            if self._audio is not None:
                self._container.mux(self._audio.encode())
        finally:
            self._container.close()
            self._container = None

    def __enter__(self) -> Mp4Writer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def write_mp4(
    frames: Iterable[Image.Image | np.ndarray], path: str | Path, *, fps: float, crf: int = 18
) -> None:
    """Encode RGB frames (PIL images or uint8 H×W×3 arrays) through :class:`Mp4Writer`."""
    writer = None
    try:
        for frame in frames:
            if writer is None:
                width, height = (
                    frame.size if isinstance(frame, Image.Image) else (frame.shape[1], frame.shape[0])
                )
                writer = Mp4Writer(path, fps=fps, size=(width, height), crf=crf)
            writer.write(frame)
    finally:
        if writer is not None:
            writer.close()
    if writer is None:
        raise ValueError("write_mp4 needs at least one frame")


def transcode_for_delivery(
    source: str | Path,
    target: str | Path,
    *,
    size: tuple[int, int],
    max_seconds: float,
    max_bitrate: int,
    max_fps: float = 60,
) -> dict:
    """Re-encode a render for one platform: fitted inside ``size`` (letterboxed, never cropped, so
    nothing the brand approved is cut), cut at ``max_seconds``, H.264 under ``max_bitrate`` with a
    silent AAC track and faststart. Streams frame by frame; returns what was written."""
    width, height = size
    try:
        with av.open(str(source)) as container:
            if not container.streams.video:
                raise VideoReadError(f"{Path(source).name}: no video stream")
            stream = container.streams.video[0]
            fps = min(float(stream.average_rate or stream.guessed_rate or 30), max_fps)
            max_frames = max(1, int(max_seconds * fps))
            with Mp4Writer(
                target,
                fps=fps,
                size=(width, height),
                max_bitrate=max_bitrate,
                silent_audio=True,
                faststart=True,
            ) as writer:
                for frame in container.decode(stream):
                    writer.write(_letterbox(frame.to_image().convert("RGB"), width, height))
                    if writer.frames_written >= max_frames:
                        break
                written = writer.frames_written
    except av.FFmpegError as exc:
        raise VideoReadError(f"{Path(source).name}: cannot transcode ({exc})") from exc
    if not written:
        raise VideoReadError(f"{Path(source).name}: the video has no frames")
    return {
        "width": width,
        "height": height,
        "frames": written,
        "fps": fps,
        "duration_seconds": written / fps,
    }


def _letterbox(image: Image.Image, width: int, height: int) -> Image.Image:
    scale = min(width / image.width, height / image.height)
    fitted = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS
    )
    canvas = Image.new("RGB", (width, height))
    canvas.paste(fitted, ((width - fitted.width) // 2, (height - fitted.height) // 2))
    return canvas
