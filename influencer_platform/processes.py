"""The embedded set-up's processes: which ones run, and stopping all of them when any stops.

A render can hold the GPU worker for minutes, so the reaper (beat) and pose extraction get their own
worker on the default queue; a killed render worker is then noticed without waiting behind it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generation.queue import DEFAULT_QUEUE, GPU_QUEUE

_CELERY = [sys.executable, "-m", "celery", "-A", "influencer_platform", "worker", "--loglevel", "INFO"]


def worker_commands(*, beat_schedule: Path) -> list[list[str]]:
    """One render worker (concurrency 1, the model stays loaded) and one default worker with beat."""
    render = [*_CELERY, "-Q", GPU_QUEUE, "--concurrency", "1", "-n", f"{GPU_QUEUE}@%h"]
    housekeeping = [*_CELERY, "-Q", DEFAULT_QUEUE, "--concurrency", "1", "-n", f"{DEFAULT_QUEUE}@%h"]
    housekeeping += ["-B", "-s", str(beat_schedule)]
    return [render, housekeeping]


class _Stop(Exception):
    pass


def _raise_stop(signum, frame):
    raise _Stop


# Signals that end the supervisor in an orderly way (Ctrl-C arrives as KeyboardInterrupt).
_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT") if hasattr(signal, name)
)


def _die_with_parent() -> Callable[[], None] | None:
    """A pre-exec hook (Linux) that has the child sent SIGTERM when the supervisor dies, even by
    SIGKILL or the OOM killer, which no handler sees. prctl is looked up here, in the parent, so the
    forked child only makes the call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def hook() -> None:
        prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the supervisor died before the call
            os.kill(os.getpid(), signal.SIGTERM)

    return hook


def supervise(commands: Sequence[Sequence[str]], *, started: Callable[[], None] | None = None) -> int:
    """Run the commands until one exits, Ctrl-C, SIGTERM, SIGHUP or SIGQUIT; then stop every child,
    and return. Children also get SIGTERM if the supervisor is killed outright.

    Returns the exit status of the child that ended first (0 when we were asked to stop).
    """
    previous = {signum: signal.signal(signum, _raise_stop) for signum in _STOP_SIGNALS}
    processes: list[subprocess.Popen] = []
    status = 0
    preexec = _die_with_parent()
    try:
        processes = [subprocess.Popen(list(command), preexec_fn=preexec) for command in commands]
        if started is not None:
            started()
        while True:
            ended = [process.returncode for process in processes if process.poll() is not None]
            if ended:
                status = ended[0]
                break
            time.sleep(0.5)
    except (KeyboardInterrupt, _Stop):
        status = 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _stop_all(processes)
    return status


def _stop_all(processes: Sequence[subprocess.Popen], *, grace_seconds: float = 20.0) -> None:
    stop_signal = signal.SIGTERM if os.name != "nt" else signal.CTRL_BREAK_EVENT
    for process in processes:
        if process.poll() is None:
            process.send_signal(stop_signal)
    deadline = time.monotonic() + grace_seconds
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
