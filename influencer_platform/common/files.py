"""Local copies of stored files, for tools (ffmpeg, c2pa, decoders) that need a path on disk."""

import shutil
from pathlib import Path


def stored_file_copy(field_file, target: Path) -> Path:
    """Copy a FileField's file (local disk or S3) to ``target`` in chunks; returns ``target``."""
    with field_file.storage.open(field_file.name, "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    return target
