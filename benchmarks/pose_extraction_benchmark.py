"""How fast pose extraction runs on this machine's CPU, at the 512x768 size motions are rendered at.

Run: python benchmarks/pose_extraction_benchmark.py [--frames 90]. The clip is the shared photograph
anyone-11.png drifting over a plain background when ../shared is present, otherwise a drawn stick figure
(which MediaPipe may not recognise as a person, so that run measures the no-person path).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from posekit.estimators import get_estimator  # noqa: E402
from posekit.probe import iter_video_frames, probe_video  # noqa: E402
from posekit.video_io import Mp4Writer  # noqa: E402

SIZE = (512, 768)
PHOTO = (REPO_ROOT / ".." / "shared" / "samples" / "reference_images" / "anyone-11.png").resolve()


def _photo_frames(count: int):
    photo = Image.open(PHOTO).convert("RGBA")
    for t in range(count):
        scale = 0.72 + 0.06 * math.sin(t / 15)
        size = (round(photo.width * scale), round(photo.height * scale))
        canvas = Image.new("RGBA", SIZE, (200, 205, 210, 255))
        offset = (round((SIZE[0] - size[0]) / 2 + 30 * math.sin(t / 10)), round((SIZE[1] - size[1]) / 2))
        canvas.alpha_composite(photo.resize(size, Image.Resampling.BILINEAR), offset)
        yield np.asarray(canvas.convert("RGB"))


def _drawn_frames(count: int):
    for t in range(count):
        image = Image.new("RGB", SIZE, (200, 205, 210))
        draw = ImageDraw.Draw(image)
        x = 256 + 30 * math.sin(t / 10)
        draw.ellipse((x - 40, 100, x + 40, 200), fill=(225, 180, 150))
        draw.rectangle((x - 70, 210, x + 70, 450), fill=(180, 40, 40))
        draw.rectangle((x - 60, 450, x + 60, 700), fill=(40, 40, 90))
        yield np.asarray(image)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=90)
    args = parser.parse_args()
    source = "anyone-11.png" if PHOTO.exists() else "a drawn figure (../shared not found)"
    frames = _photo_frames(args.frames) if PHOTO.exists() else _drawn_frames(args.frames)
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "clip.mp4"
        with Mp4Writer(clip, fps=30, size=SIZE) as writer:
            for frame in frames:
                writer.write(frame)
        info = probe_video(clip)
        with get_estimator("mediapipe", static_image_mode=False) as estimator:
            estimator.estimate(np.zeros((SIZE[1], SIZE[0], 3), np.uint8))  # load the models before timing
            decode_only = time.perf_counter()
            decoded = sum(1 for _ in iter_video_frames(clip, info))
            decode_only = time.perf_counter() - decode_only
            started, found = time.perf_counter(), 0
            for rgb in iter_video_frames(clip, info):
                found += estimator.estimate(rgb).has_person
            elapsed = time.perf_counter() - started
    print(f"clip: {decoded} frames {SIZE[0]}x{SIZE[1]} from {source}; person found in {found}")
    print(f"decoding alone: {decoded / decode_only:.0f} frames/s")
    print(f"pose extraction (decode + MediaPipe Holistic, CPU): {decoded / elapsed:.1f} frames/s")


if __name__ == "__main__":
    main()
