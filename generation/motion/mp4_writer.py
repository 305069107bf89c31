"""A streaming H.264 writer: frames go to the encoder one at a time, so long motions use little memory.

``generation.video_io.write_mp4`` takes all frames at once, which is right for short model outputs but
holds a whole motion's images in memory; this writer produces the same kind of file (H.264, yuv420p,
even dimensions) frame by frame.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np


class Mp4StreamWriter:
    """Use as ``with Mp4StreamWriter(path, fps=30, size=(w, h)) as out: out.write(frame_rgb)``."""

    def __init__(self, path: str | Path, *, fps: float, size: tuple[int, int], crf: int = 18):
        width, height = size
        self.width, self.height = width, height
        self.frames_written = 0
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._container = av.open(str(path), mode="w", format="mp4")
        self._stream = self._container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
        self._stream.width, self._stream.height = width + width % 2, height + height % 2
        self._stream.pix_fmt = "yuv420p"
        self._stream.options = {"crf": str(crf), "preset": "veryfast"}

    def write(self, frame_rgb: np.ndarray) -> None:
        array = np.asarray(frame_rgb, dtype=np.uint8)
        if array.shape != (self.height, self.width, 3):
            raise ValueError(f"frame shape {array.shape} != {(self.height, self.width, 3)}")
        pad_h, pad_w = self._stream.height - self.height, self._stream.width - self.width
        if pad_h or pad_w:
            array = np.pad(array, ((0, pad_h), (0, pad_w), (0, 0)), mode="edge")
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(array), format="rgb24")
        self._container.mux(self._stream.encode(frame))
        self.frames_written += 1

    def close(self) -> None:
        if self._container is None:
            return
        try:
            self._container.mux(self._stream.encode())
        finally:
            self._container.close()
            self._container = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
