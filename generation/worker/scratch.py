"""Local scratch folders of renders. A killed render cannot clean up after itself, so every folder is
named after the process that made it and is removed by the next attempt or at worker start once that
process is gone."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

logger = logging.getLogger(__name__)


def scratch_root() -> Path:
    root = Path(tempfile.gettempdir()) / "studio-renders"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def scratch_cleanup() -> int:
    """Remove folders left by processes that no longer run; returns how many were removed."""
    removed = 0
    for folder in scratch_root().iterdir():
        owner = folder.name.rsplit("-pid", 1)[-1].split("-", 1)[0]
        if not owner.isdigit() or (int(owner) != os.getpid() and _pid_alive(int(owner))):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    if removed:
        logger.info("Removed %s render scratch folder(s) of dead processes", removed)
    return removed


@contextlib.contextmanager
def scratch_folder(*, job_uuid) -> Iterator[Path]:
    """A folder for one attempt, removed when the attempt ends however it ends (short of a kill)."""
    path = Path(tempfile.mkdtemp(prefix=f"render-{job_uuid}-pid{os.getpid()}-", dir=scratch_root()))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
