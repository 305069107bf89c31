"""The package entry point stays light: the web app can import it without loading torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_package_import_does_not_import_torch():
    code = (
        "import sys, animation as a; "
        "from animation import AnimationInputError, uniform_context_windows, weights_fingerprint; "
        "assert uniform_context_windows(12, 8, 4)[2] == [8, 9, 10, 11, 0, 1, 2, 3]; "
        "bad = [m for m in ('torch', 'diffusers', 'transformers', 'django') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True, timeout=120)


def test_weights_fingerprint_changes_with_files(tmp_path):
    from animation import weights_fingerprint

    (tmp_path / "pose_guider.pth").write_bytes(b"a")
    first = weights_fingerprint(tmp_path)
    assert first == weights_fingerprint(tmp_path)
    (tmp_path / "motion_module.pth").write_bytes(b"b")
    assert weights_fingerprint(tmp_path) != first
