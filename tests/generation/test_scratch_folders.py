"""Scratch folders of killed renders are removed by the next attempt; live renders' folders stay."""

import subprocess
import sys

from generation.worker.scratch import scratch_cleanup, scratch_folder, scratch_root


def test_folders_of_dead_processes_are_removed_and_live_ones_kept(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    killed = scratch_root() / f"render-abc-pid{dead_pid}-x1"
    (killed / "frames").mkdir(parents=True)
    (killed / "frames" / "0001.png").write_bytes(b"left behind")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = scratch_root() / f"render-def-pid{alive.pid}-x2"
        running.mkdir()
        unrelated = scratch_root() / "not-a-render"
        unrelated.mkdir()
        assert scratch_cleanup() == 1
        assert not killed.exists() and running.exists() and unrelated.exists()
    finally:
        alive.kill()
        alive.wait()


def test_a_finished_attempt_leaves_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with scratch_folder(job_uuid="job-1") as folder:
        (folder / "video.mp4").write_bytes(b"x")
    assert list(scratch_root().iterdir()) == []
