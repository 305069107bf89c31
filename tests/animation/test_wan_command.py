"""``manage.py animate --backend wan-animate --driving VIDEO`` and ``python -m animation`` with the same
flags, on a tiny Wan2.2-Animate directory and a real video of a person."""

from __future__ import annotations

import io
import shutil

import av
import pytest
from django.core.management import CommandError, call_command

from animation import cli
from tests.posekit.conftest import CLIP_SIZE, compose_frame, shared_file, write_clip


@pytest.fixture(scope="module")
def driving(tmp_path_factory):
    from PIL import Image

    photo = Image.open(shared_file("samples", "reference_images", "anyone-11.png")).convert("RGBA")
    frames = [
        compose_frame(photo, 0.7, ((CLIP_SIZE[0] - photo.width * 0.7) / 2 + 6 * t, 60))[0] for t in range(6)
    ]
    return write_clip(tmp_path_factory.mktemp("driving") / "dance.mp4", frames)


@pytest.fixture(scope="module")
def wan_dir(tmp_path_factory):
    from animation.backends.wan_animate.tiny import build_tiny_wan_animate

    return build_tiny_wan_animate(tmp_path_factory.mktemp("wan") / "wan-tiny")


def _argv(wan_dir, driving, output, *extra):
    reference = shared_file("samples", "reference_images", "anyone-3.png")
    return [
        "--backend", "wan-animate", "--weights", str(wan_dir), "--reference", str(reference),
        "--driving", str(driving), "--frames", "6", "--width", "64", "--height", "96", "--steps", "2",
        "--seed", "3", "--segment-frame-length", "5", "--output", str(output), "--device", "cpu", *extra,
    ]  # fmt: skip


def test_manage_py_animate_renders_replace_mode_from_a_driving_video(wan_dir, driving, tmp_path):
    output = tmp_path / "out.mp4"
    stdout = io.StringIO()
    call_command(
        "animate",
        *_argv(wan_dir, driving, output, "--mode", "replace", "--prompt", "a dancer"),
        stdout=stdout,
    )
    with av.open(str(output)) as container:
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
    assert len(frames) == 6 and frames[0].shape == (96, 64, 3)
    text = stdout.getvalue()
    assert "wrote" in text and "(6 frames, 64x96, 10 fps)" in text
    assert "seed: 3\nbackend: wan-animate\nmodel: wan-animate-" in text


def test_python_m_animation_refuses_what_the_backend_cannot_take(wan_dir, driving, tmp_path, capsys):
    output = tmp_path / "out.mp4"
    with pytest.raises(SystemExit) as caught:
        cli.main(_argv(wan_dir, driving, output, "--context-frames", "8"))
    assert caught.value.code == 2
    assert "error: --context-frames do(es) not apply to the wan-animate backend" in capsys.readouterr().err
    broken = tmp_path / "broken"
    shutil.copytree(wan_dir, broken)
    (broken / "vae" / "config.json").unlink()
    with pytest.raises(CommandError, match=f"incomplete weights directory {broken}: missing vae/config.json"):
        call_command("animate", *_argv(broken, driving, output))
    with pytest.raises(CommandError, match="needs --driving VIDEO"):
        call_command(
            "animate", *[a if a != "--driving" else "--poses" for a in _argv(wan_dir, driving, output)]
        )
    assert not output.exists()
