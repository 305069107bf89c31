"""``manage.py animate`` end to end with the tiny model, and its error handling."""

from __future__ import annotations

import io

import av
import numpy as np
import pytest
from django.core.management import CommandError, call_command

from .conftest import shared


def _sample_inputs():
    reference = shared("samples", "reference_images", "anyone-11.png")
    poses = shared("samples", "pose_videos", "anyone-video-1_kps.mp4")
    return reference, poses


def test_animate_tiny_writes_a_playable_mp4_and_npz(tmp_path):
    reference, poses = _sample_inputs()
    output, dump = tmp_path / "out.mp4", tmp_path / "out.npz"
    stdout = io.StringIO()
    call_command(
        "animate",
        "--tiny",
        "--reference",
        str(reference),
        "--poses",
        str(poses),
        "--width",
        "64",
        "--height",
        "96",
        "--frames",
        "6",
        "--steps",
        "2",
        "--output",
        str(output),
        "--dump-npz",
        str(dump),
        stdout=stdout,
    )
    assert "RANDOM weights" in stdout.getvalue() and "--weights DIR" in stdout.getvalue()
    with av.open(str(output)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
    assert len(frames) == 6
    assert frames[0].shape == (96, 64, 3)
    arrays = np.load(dump)
    assert arrays["video"].shape == (1, 3, 6, 96, 64) and arrays["video"].dtype == np.float32
    assert arrays["latents"].shape == (1, 4, 6, 12, 8)
    assert arrays["video"].min() >= 0.0 and arrays["video"].max() <= 1.0


def test_animate_with_weights_and_initial_latents(tmp_path):
    case = shared("reference", "conformance", "case-1")
    import json

    params = json.loads((case / "params.json").read_text())
    config = tmp_path / "model_config.json"
    config.write_text(json.dumps(params["model_config"]))
    dump = tmp_path / "out.npz"
    call_command(
        "animate",
        "--weights",
        str(case / "weights"),
        "--model-config",
        str(config),
        "--reference",
        str(case / "inputs" / "reference.png"),
        "--poses",
        str(case / "inputs"),
        "--width",
        "64",
        "--height",
        "96",
        "--frames",
        "12",
        "--steps",
        "4",
        "--guidance",
        "3.5",
        "--context-frames",
        "8",
        "--context-overlap",
        "4",
        "--initial-latents",
        str(case / "initial_latents.npy"),
        "--dump-npz",
        str(dump),
        "--device",
        "cpu",
        stdout=io.StringIO(),
    )
    arrays = np.load(dump)
    assert np.abs(arrays["latents"] - np.load(case / "expected_latents.npy")).max() <= 1e-3
    assert np.abs(arrays["video"] - np.load(case / "expected_video.npy")).max() <= 2e-3


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--width", "62"], "multiple of 8"),
        (["--weights", "/nonexistent-weights"], "weights directory not found"),
        (["--context-frames", "40"], "exceeds 32"),
        (["--frames", "5000"], "pose frames are available"),
    ],
)
def test_animate_errors_are_command_errors(tmp_path, extra, message):
    reference, poses = _sample_inputs()
    args = ["--reference", str(reference), "--poses", str(poses), "--output", str(tmp_path / "x.mp4"), *extra]
    with pytest.raises(CommandError, match=message):
        call_command("animate", *args, stdout=io.StringIO())
    assert not (tmp_path / "x.mp4").exists()


def test_animate_needs_an_output(tmp_path):
    reference, poses = _sample_inputs()
    with pytest.raises(CommandError, match="nothing to write"):
        call_command("animate", "--reference", str(reference), "--poses", str(poses), stdout=io.StringIO())
