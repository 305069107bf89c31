"""Reading pose videos and writing H.264 mp4 files with PyAV (FFmpeg bundled in the wheel).

Kept free of Django and torch so the model, the motion library and the worker share it.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from PIL import Image


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


def write_mp4(frames, path: str | Path, *, fps: float, crf: int = 18) -> None:
    """Encode RGB frames (PIL images or a uint8 array F×H×W×3) as H.264 yuv420p.

    yuv420p needs even dimensions, so an odd width or height is padded by one pixel.
    """
    arrays = [
        np.asarray(f.convert("RGB") if isinstance(f, Image.Image) else f, dtype=np.uint8) for f in frames
    ]
    if not arrays:
        raise ValueError("write_mp4 needs at least one frame")
    height, width = arrays[0].shape[:2]
    even_h, even_w = height + height % 2, width + width % 2
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=_fps_fraction(fps))
        stream.width, stream.height = even_w, even_h
        stream.pix_fmt = "yuv420p"
        stream.options = {"crf": str(crf), "preset": "veryfast"}
        for array in arrays:
            if (even_h, even_w) != array.shape[:2]:
                array = np.pad(array, ((0, even_h - height), (0, even_w - width), (0, 0)), mode="edge")
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())


def _fps_fraction(fps: float):
    from fractions import Fraction

    return Fraction(fps).limit_denominator(1001)
