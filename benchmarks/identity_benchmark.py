"""Seconds per frame of the identity QC (package ``identity``) at render sizes, on CPU.

    python benchmarks/identity_benchmark.py                 # 512x768 and 256x256, 24 frames each
    python benchmarks/identity_benchmark.py --frames 48 --size 512x768

Frames are the real photograph ../shared/samples/reference_images/anyone-3.png moved and scaled frame by
frame, so every frame has a face to detect, landmark and embed (the costly path); a frame without a face
costs only the detector. Prints the per-frame time, the one-off model load and the scores it reached.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from identity import FaceEmbedder, score_frames  # noqa: E402

PHOTO = ROOT.parent / "shared" / "samples" / "reference_images" / "anyone-3.png"


def frames_of(photo: Image.Image, size: tuple[int, int], count: int) -> list[Image.Image]:
    width, height = size
    fitted = photo.copy()
    fitted.thumbnail(size)
    frames = []
    for index in range(count):
        scale = 0.85 + 0.15 * (index % 6) / 5
        moved = fitted.resize((int(fitted.width * scale), int(fitted.height * scale)))
        canvas = Image.new("RGB", size, "white")
        canvas.paste(moved, ((width - moved.width) // 2 + (index % 5 - 2) * 8, (height - moved.height) // 2))
        frames.append(canvas)
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frames", type=int, default=24)
    parser.add_argument(
        "--size", action="append", help="WIDTHxHEIGHT (repeatable); default 512x768 and 256x256"
    )
    args = parser.parse_args()
    if not PHOTO.is_file():
        sys.exit(f"{PHOTO} is missing: the benchmark needs ../shared/samples beside the checkout")
    photo = Image.open(PHOTO).convert("RGB")
    started = time.perf_counter()
    embedder = FaceEmbedder()
    load = time.perf_counter() - started
    print(f"models loaded in {load:.2f} s (MediaPipe detector, dlib 5-point and ResNet)")
    print(f"{'size':>9} {'frames':>6} {'s/frame':>8} {'fps':>6} {'mean score':>10} {'status':>10}")
    for size_text in args.size or ["512x768", "256x256"]:
        size = tuple(int(part) for part in size_text.lower().split("x"))
        frames = frames_of(photo, size, args.frames)
        begun = time.perf_counter()
        report = score_frames(references=[photo], frames=frames, embedder=embedder)
        total = time.perf_counter() - begun
        per_frame = total / len(frames)
        mean = report.mean if report.mean is not None else float("nan")
        row = f"{size_text:>9} {len(frames):>6} {per_frame:>8.3f} {1 / per_frame:>6.1f}"
        print(f"{row} {mean:>10.3f} {report.status:>10}")
    embedder.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
