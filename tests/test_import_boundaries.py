"""Which code may import what: the model and pose packages never import Django; the web app never
imports the ML stack (torch, diffusers, transformers, mediapipe load only in the worker path)."""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _fresh(code: str, **env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1]


def test_model_and_pose_packages_import_without_django():
    code = (
        "import sys, animation, animation.params, animation.cli, posekit, posekit.extract, posekit.align, "
        "posekit.skeleton_video, posekit.video_io\n"
        "from animation import AnimationInputError, uniform_context_windows, weights_fingerprint\n"
        "assert uniform_context_windows(12, 8, 4)[2] == [8, 9, 10, 11, 0, 1, 2, 3]\n"
        "print(sorted(m for m in ('django', 'torch', 'diffusers', 'transformers') if m in sys.modules))"
    )
    assert _fresh(code) == "[]"


def test_the_web_app_does_not_import_the_ml_stack():
    code = (
        "import sys, django; django.setup();"
        "import influencer_platform.urls, influencer_platform.wsgi, generation.tasks, generation.worker.run;"
        "from django.test import Client; Client().get('/login/');"
        "heavy = [m for m in ('torch', 'diffusers', 'transformers', 'mediapipe') if m in sys.modules];"
        "print(','.join(heavy) or 'none')"
    )
    assert _fresh(code, DJANGO_SETTINGS_MODULE="influencer_platform.settings") == "none"
