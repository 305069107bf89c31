"""Peak memory of a web process handling the largest accepted uploads (each case in a fresh process).

    .venv/bin/python benchmarks/upload_memory_benchmark.py

Prints the resident-set growth while the studio validates and stores: the largest accepted reference
image (IMAGE_UPLOAD_MAX_PIXELS, noise so it does not compress), a decompression bomb (a tiny PNG that
declares a huge canvas), and the probe of a driving video at the pixel-rate limit's resolution.
"""

import io
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def _case(name: str, path: str, label: str) -> None:
    _setup()
    from personas.services.images import ImageRejected, _decode_validated, _reencode

    data = Path(path).read_bytes()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        image, fmt = _decode_validated(data)
        _reencode(image, fmt)
        outcome = "accepted"
    except ImageRejected as error:
        outcome = f"refused ({error.message})"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{name:14} {label:40} {outcome[:60]:60} +{(peak - before) / 1024:.0f} MB peak RSS")


def main() -> None:
    if len(sys.argv) > 1:
        _case(*sys.argv[1:4])
        return
    _setup()
    folder = Path(tempfile.mkdtemp(prefix="upload-bench-files-"))
    for name in ("largest image", "bomb"):
        path = folder / f"{name.replace(' ', '-')}.png"
        label = _make(name, path)
        subprocess.run([sys.executable, __file__, name, str(path), label], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
