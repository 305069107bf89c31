"""The package entry point stays light: the web app can import it without loading torch."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_weights_fingerprint_changes_with_files(tmp_path):
    from animation import weights_fingerprint

    (tmp_path / "pose_guider.pth").write_bytes(b"a")
    first = weights_fingerprint(tmp_path)
    assert first == weights_fingerprint(tmp_path)
    (tmp_path / "motion_module.pth").write_bytes(b"b")
    assert weights_fingerprint(tmp_path) != first
