"""The full-size model's tensors match the released checkpoint files exactly (names and shapes)."""

from __future__ import annotations

import json

from django.core.management import call_command

from .conftest import shared


def test_full_size_state_dicts_match_checkpoint_manifest(tmp_path):
    expected = json.loads(shared("reference", "checkpoint_manifest.json").read_text())
    out = tmp_path / "manifest.json"
    # Builds the full-size model on the meta device through the management command.
    call_command("animate_manifest", "--out", str(out))
    manifest = json.loads(out.read_text())

    assert sorted(manifest) == sorted(expected)
    for name, tensors in expected.items():
        ours = manifest[name]
        assert sorted(set(tensors) - set(ours)) == [], f"{name}: tensors we lack"
        assert sorted(set(ours) - set(tensors)) == [], f"{name}: tensors the release lacks"
        wrong = {k: (ours[k], v) for k, v in tensors.items() if ours[k] != v}
        assert wrong == {}, f"{name}: shapes differ"
    assert manifest == expected
    counts = {name: len(t) for name, t in manifest.items()}
    assert counts["denoising_unet.pth"] == 686 and counts["reference_unet.pth"] == 682
    assert counts["motion_module.pth"] == 588 and counts["pose_guider.pth"] == 16
