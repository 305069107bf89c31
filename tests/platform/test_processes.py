"""The embedded set-up's process supervision: beat beside the default queue, every child stopped."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generation.queue import QUEUES, REAP_TASK, route_task
from influencer_platform.processes import worker_commands

REPO_ROOT = Path(__file__).resolve().parents[2]


def _option(command: list[str], flag: str) -> str | None:
    return command[command.index(flag) + 1] if flag in command else None


def test_the_reaper_runs_beside_the_default_queue_never_behind_a_render(tmp_path):
    render, housekeeping = worker_commands(beat_schedule=tmp_path / "schedule")
    assert _option(render, "-Q") == "gpu" and "-B" not in render
    assert _option(render, "--concurrency") == "1"
    assert _option(housekeeping, "-Q") == "default" and "-B" in housekeeping
    assert _option(housekeeping, "-s") == str(tmp_path / "schedule")
    assert route_task(REAP_TASK, (), {}, {}) == {"queue": "default"}
    assert QUEUES[REAP_TASK] == "default"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited but is not yet reaped by its (already gone) parent's adopter.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


@pytest.mark.parametrize(
    ("stop", "exit_status"), [(signal.SIGTERM, 0), (signal.SIGHUP, 0), (signal.SIGKILL, -signal.SIGKILL)]
)
def test_any_termination_stops_every_child(tmp_path, stop, exit_status):
    """SIGTERM and a closed terminal stop the children in order; SIGKILL, which the supervisor cannot
    see, reaches them through the kernel's parent-death signal."""
    pid_file = tmp_path / "pids"
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        import django, os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "influencer_platform.settings")
        django.setup()
        from influencer_platform.processes import supervise
        children = [[sys.executable, "-c", "import time; time.sleep(120)"]] * 2
        sys.exit(supervise(children, started=lambda: Path({str(pid_file)!r}).write_text("ready")))
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_ROOT)
    deadline = time.monotonic() + 60
    while not pid_file.exists():
        assert parent.poll() is None and time.monotonic() < deadline, "the supervisor did not start"
        time.sleep(0.1)
    children = [
        int(pid)
        for pid in subprocess.run(
            ["pgrep", "-P", str(parent.pid)], capture_output=True, text=True, check=True
        ).stdout.split()
    ]
    assert len(children) == 2
    parent.send_signal(stop)
    assert parent.wait(timeout=30) == exit_status
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    survivors = [pid for pid in children if _alive(pid)]
    for pid in survivors:  # leave no sleeper behind when this fails
        os.kill(pid, signal.SIGKILL)
    assert survivors == []
