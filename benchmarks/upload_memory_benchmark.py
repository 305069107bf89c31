"""Peak memory of a web process handling the largest accepted uploads (each case in a fresh process).

    .venv/bin/python benchmarks/upload_memory_benchmark.py

Prints the resident-set growth while the studio validates and stores: the largest accepted reference
image (IMAGE_UPLOAD_MAX_PIXELS, noise so it does not compress), a decompression bomb (a tiny PNG that
declares a huge canvas), and a driving-video upload at the pixel-rate limit (3840x2160 at 30 fps):
spooled to disk and probed, as the upload view does.
"""

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def _start_measuring() -> int:
    """Reset the peak-RSS mark (Linux: clear_refs 5), so set-up before the upload does not count."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kib("VmRSS")


def _growth_mb(start_kib: int) -> float:
    return (_status_kib("VmHWM") - start_kib) / 1024


def _setup():
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="upload-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "influencer_platform.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _make(name: str, path: Path) -> str:
    """Written by the parent, so the measuring process starts without the test data in memory."""
    import numpy as np
    from django.conf import settings
    from PIL import Image

    if name == "4K video":
        from posekit.video_io import write_mp4

        width, height, fps, frames = 3840, 2160, 30, 60
        ramp = np.linspace(0, 255, width, dtype=np.float32)[None, :, None]
        write_mp4(
            (
                np.broadcast_to((ramp + 8 * i) % 256, (height, width, 3)).astype(np.uint8)
                for i in range(frames)
            ),
            path,
            fps=fps,
        )
        return f"{width}x{height} at {fps} fps, {frames} frames, {path.stat().st_size / 2**20:.1f} MB"
    if name == "largest image":
        side = int(settings.IMAGE_UPLOAD_MAX_PIXELS**0.5)
        pixels = np.zeros((side, side, 4), dtype=np.uint8)
        pixels[..., 3] = 255
        noisy = side // 6  # enough noise to stay large, within the 20 MB file limit
        pixels[:noisy] = np.random.default_rng(0).integers(0, 255, (noisy, side, 4), dtype=np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels, "RGBA").save(buffer, format="PNG", compress_level=1)
        data, label = buffer.getvalue(), f"{side}x{side} RGBA PNG, {len(buffer.getvalue()) / 2**20:.0f} MB"
        del pixels, buffer
    else:
        import struct
        import zlib

        def chunk(kind: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

        header = struct.pack(">IIBBBBB", 6320, 6320, 8, 6, 0, 0, 0)  # RGBA, 8 bits
        data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        data += chunk(b"IEND", b"")
        label = f"{len(data)}-byte PNG declaring 6320x6320 RGBA"
    path.write_bytes(data)
    return label


def _video_case(path: str, label: str) -> None:
    from django.core.files import File
    from django.core.management import call_command

    from generation.services.motions import MotionRejected, motion_create_from_upload

    call_command("migrate", verbosity=0)
    start = _start_measuring()
    with open(path, "rb") as handle:
        try:
            motion_create_from_upload(name="bench", file=File(handle, name="driving.mp4"))
            outcome = "accepted"
        except MotionRejected as error:
            outcome = f"refused ({error.message})"
    print(f"{'4K video':14} {label:40} {outcome[:60]:60} +{_growth_mb(start):.0f} MB peak RSS")


def _case(name: str, path: str, label: str) -> None:
    _setup()
    if name == "4K video":
        _video_case(path, label)
        return
    from personas.services.images import ImageRejected, _decode_validated, _reencode

    data = Path(path).read_bytes()
    start = _start_measuring()
    try:
        image, fmt = _decode_validated(data)
        _reencode(image, fmt)
        outcome = "accepted"
    except ImageRejected as error:
        outcome = f"refused ({error.message})"
    print(f"{name:14} {label:40} {outcome[:60]:60} +{_growth_mb(start):.0f} MB peak RSS")


def main() -> None:
    if len(sys.argv) > 1:
        _case(*sys.argv[1:4])
        return
    _setup()
    folder = Path(tempfile.mkdtemp(prefix="upload-bench-files-"))
    for name in ("largest image", "bomb", "4K video"):
        path = folder / f"{name.replace(' ', '-')}.{'mp4' if 'video' in name else 'png'}"
        label = _make(name, path)
        subprocess.run([sys.executable, __file__, name, str(path), label], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
