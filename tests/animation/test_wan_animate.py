"""The Wan2.2-Animate backend on a tiny random-weight model saved in the released diffusers layout."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from PIL import Image

from animation.backends import RenderInputs, backend_names, get_backend
from animation.backends.wan_animate import WanAnimateParameters
from animation.errors import AnimationInputError, GenerationCancelled, WeightsError
from animation.params import ParameterError

SIZE, FACE = 64, 16
# The released 14B transformer (with its face and motion encoders), counted on the meta device.
FULL_SIZE_PARAMETERS = 15_177_050_484
FULL_SIZE_TENSORS = 1243


@pytest.fixture(scope="module")
def wan_dir(tmp_path_factory):
    from animation.backends.wan_animate.tiny import build_tiny_wan_animate

    return build_tiny_wan_animate(tmp_path_factory.mktemp("wan") / "Wan2.2-Animate-tiny", seed=0)


@pytest.fixture(scope="module")
def wan(wan_dir):
    return get_backend("wan-animate").load(weights_dir=str(wan_dir), device="cpu")


def _frames(rng, count, size, mode="RGB"):
    shape = (size, size, 3) if mode == "RGB" else (size, size)
    return [Image.fromarray(rng.integers(0, 256, shape, dtype=np.uint8)).convert(mode) for _ in range(count)]


@pytest.fixture(scope="module")
def inputs():
    rng = np.random.default_rng(5)
    return RenderInputs(
        reference=Image.fromarray(rng.integers(0, 256, (80, 56, 3), dtype=np.uint8)),
        poses=_frames(rng, 13, SIZE),
        faces=_frames(rng, 13, FACE),
        background=_frames(rng, 13, SIZE),
        mask=_frames(rng, 13, SIZE, "L"),
    )


def _params(**changes):
    values = {"width": SIZE, "height": SIZE, "frames": 13, "steps": 2, "seed": 3, "segment_frame_length": 5}
    return WanAnimateParameters.validate({**values, **changes})


def test_the_registry_declares_both_backends():
    assert backend_names() == ("animate-anyone", "wan-animate")
    anyone = get_backend("animate-anyone")
    assert get_backend(None) is get_backend("") is anyone  # the default
    assert get_backend("Wan-Animate").memory_class == "gpu-large"
    wan = get_backend("wan-animate")
    assert (anyone.memory_class, wan.licence.name, wan.licence.commercial_use) == ("gpu", "Apache-2.0", True)
    assert wan.required_inputs(_params()) == ("reference", "poses", "faces")
    assert wan.required_inputs(_params(mode="replace")) == wan.inputs
    assert wan.total_steps(_params()) == 2 * 3  # 13 frames in segments of 5 carrying 1: 3 segments
    with pytest.raises(
        AnimationInputError, match="unknown backend 'sd3'; known: animate-anyone, wan-animate"
    ):
        get_backend("sd3")


def test_the_parameter_schema_holds_what_the_pipeline_demands():
    with pytest.raises(ParameterError) as caught:
        _params(width=72, segment_frame_length=10)
    assert caught.value.errors == {
        "width": "width must be a multiple of 16 for Wan2.2-Animate; got 72.",
        "segment_frame_length": "segment_frame_length must be 4k+1 (5, 9, 13, ... 77, 81); got 10, try 9.",
    }
    with pytest.raises(ParameterError, match="must be 1 or 5; got 3"):
        _params(prev_segment_conditioning_frames=3)
    with pytest.raises(ParameterError, match="5 carried-over frames need segments of 13 frames or more"):
        _params(prev_segment_conditioning_frames=5, segment_frame_length=9)
    with pytest.raises(ParameterError, match="at least 2 frames"):
        _params(frames=1)
    with pytest.raises(ParameterError, match=r"Unknown parameter\(s\): context_frames"):
        _params(context_frames=8)  # AnimateAnyone's context windows are not Wan's
    assert (
        _params(prev_segment_conditioning_frames=5, segment_frame_length=13, frames=100).segment_count() == 12
    )


def test_an_incomplete_directory_is_refused_naming_the_missing_file(wan_dir, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(wan_dir, broken)
    (broken / "transformer" / "diffusion_pytorch_model.safetensors").unlink()
    (broken / "image_processor" / "preprocessor_config.json").unlink()
    with pytest.raises(WeightsError) as caught:
        get_backend("wan-animate").load(weights_dir=str(broken), device="cpu")
    assert str(caught.value) == (
        f"incomplete weights directory {broken}: missing image_processor/preprocessor_config.json, "
        "transformer/diffusion_pytorch_model.safetensors or "
        "transformer/diffusion_pytorch_model.safetensors.index.json"
    )
    with pytest.raises(WeightsError, match="needs a weights directory"):
        get_backend("wan-animate").load(weights_dir="", device="cpu")


@pytest.mark.parametrize("mode,guidance", [("animate", 1.0), ("replace", 2.0)])
def test_the_backend_equals_the_diffusers_pipeline_called_directly(wan, inputs, mode, guidance):
    """Same inputs and noise: the segment loop with progress, cancel and streaming adds no drift."""
    import torch

    params = _params(mode=mode, guidance_scale=guidance, prompt="a dancer", negative_prompt="blurry")
    steps, streamed = [], []
    ours = wan.render(
        inputs, params, progress_callback=lambda s, t: steps.append((s, t)), frame_sink=streamed.append
    )
    replace = mode == "replace"
    direct = wan.pipe(
        image=inputs.reference,
        pose_video=inputs.poses,
        face_video=inputs.faces,
        background_video=inputs.background if replace else None,
        mask_video=inputs.mask if replace else None,
        prompt="a dancer",
        negative_prompt="blurry" if guidance > 1 else None,
        height=SIZE,
        width=SIZE,
        segment_frame_length=5,
        num_inference_steps=2,
        guidance_scale=guidance,
        mode=mode,
        generator=torch.Generator("cpu").manual_seed(3),
        max_sequence_length=512,
        output_type="pil",
    ).frames[0]
    assert ours == []  # every frame went to the sink, segment by segment
    assert [len(chunk) for chunk in streamed] == [5, 4, 4]  # longer than one segment: three of them
    frames = [frame for chunk in streamed for frame in chunk]
    assert len(frames) == len(direct) == 13
    for mine, theirs in zip(frames, direct, strict=True):
        assert np.array_equal(np.asarray(mine), np.asarray(theirs))
    assert steps == [(step, 6) for step in range(1, 7)]  # progress counts steps across segments


def test_cancelling_mid_run_stops_at_that_step(wan, inputs):
    streamed = []
    with pytest.raises(GenerationCancelled) as caught:
        wan.render(inputs, _params(), progress_callback=lambda s, t: s < 3, frame_sink=streamed.append)
    assert (caught.value.step, caught.value.total) == (3, 6)
    assert [len(chunk) for chunk in streamed] == [5]  # the first segment was done, the second was not


def test_inputs_the_pipeline_cannot_take_are_refused_in_words(wan, inputs):
    wrong_faces = RenderInputs(
        reference=inputs.reference, poses=inputs.poses, faces=_frames(np.random.default_rng(0), 13, 24)
    )
    with pytest.raises(
        AnimationInputError, match="face crop 0 is 24x24; the model takes square crops of 16x16"
    ):
        wan.render(wrong_faces, _params())
    no_scene = RenderInputs(reference=inputs.reference, poses=inputs.poses, faces=inputs.faces)
    with pytest.raises(AnimationInputError, match="replace mode needs background frames"):
        wan.render(no_scene, _params(mode="replace"))
    with pytest.raises(
        AnimationInputError, match="20 frames were asked for but there are only 13 poses frames"
    ):
        wan.render(inputs, _params(frames=20))


def test_the_full_size_transformer_on_the_meta_device(tmp_path):
    """Built once (about 5 s on the meta device): the count, the shapes, and the command that writes them."""
    import io
    import json

    from django.core.management import call_command

    out, stdout = tmp_path / "wan.json", io.StringIO()
    call_command("animate_manifest", "--backend", "wan-animate", "--out", str(out), stdout=stdout)
    assert (
        f"transformer: {FULL_SIZE_TENSORS} tensors, {FULL_SIZE_PARAMETERS:,} parameters" in stdout.getvalue()
    )
    written = json.loads(out.read_text())["transformer"]
    assert len(written) == FULL_SIZE_TENSORS and written["proj_out.weight"] == [64, 5120]
    assert written["patch_embedding.weight"] == [5120, 36, 1, 2, 2]
    assert sum(name.startswith("blocks.") and name.endswith(".attn1.to_q.weight") for name in written) == 40
    assert written["motion_encoder.conv_in.weight"][1] == 3  # face crops: RGB at 512 x 512


def test_the_image_encoder_embeds_for_the_appearance_check_only_with_trained_weights(wan, wan_dir, tmp_path):
    """The tiny directory is marked as random weights: no appearance encoder, and the model says why."""
    assert wan.description["random_weights"] is True and wan.appearance_encoder() is None
    trained = tmp_path / "as-if-trained"
    shutil.copytree(wan_dir, trained)
    (trained / "STUDIO_RANDOM_WEIGHTS").unlink()
    model = get_backend("wan-animate").load(weights_dir=str(trained), device="cpu")
    encoder = model.appearance_encoder()
    assert model.description["random_weights"] is False and "Wan's own image encoder" in encoder.method
    images = [Image.new("RGB", (40, 56), colour) for colour in ("red", "blue", "white")]
    embeddings = encoder.embed(images)
    assert embeddings.shape == (3, 8) and embeddings.dtype.name == "float32"
    assert not np.allclose(embeddings[0], embeddings[1])
