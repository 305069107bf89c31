"""Stored files: local copies for tools (ffmpeg, c2pa, decoders) that need a path on disk, and saving at
an exact key."""

import shutil
from pathlib import Path

from django.core.files.storage import default_storage


def stored_file_copy(field_file, target: Path) -> Path:
    """Copy a FileField's file (local disk or S3) to ``target`` in chunks; returns ``target``."""
    with field_file.storage.open(field_file.name, "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    return target


def stored_file_replace(key: str, content) -> str:
    """Save ``content`` (a Django File) at exactly ``key``, replacing what is there: keys that name an
    attempt are rewritten by that attempt's retry, which must not get a renamed copy."""
    if default_storage.exists(key):
        default_storage.delete(key)
    return default_storage.save(key, content)
