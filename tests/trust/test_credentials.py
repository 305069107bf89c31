"""C2PA content credentials: sign real encoded files, read them back, validate against a test CA."""

from pathlib import Path

import pytest
from PIL import Image

from posekit.video_io import write_mp4
from trust.services.credentials import (
    TRAINED_ALGORITHMIC_MEDIA,
    CredentialsError,
    Ingredient,
    content_credentials_sign,
    content_credentials_verify,
    file_sha256,
)
from trust.services.signing_keys import development_ca_create, signing_keys_load


@pytest.fixture
def test_ca(tmp_path, settings):
    """A CA and leaf the test generates, configured as the studio's signing chain and trust anchor."""
    settings.VAR_DIR = tmp_path / "var"
    directory = tmp_path / "test-ca"
    development_ca_create(directory=directory)
    settings.C2PA_CERT_CHAIN_FILE = str(directory / "chain.pem")
    settings.C2PA_PRIVATE_KEY_FILE = str(directory / "signer.key")
    settings.C2PA_TRUST_ANCHORS_FILE = str(directory / "ca.pem")
    return directory


@pytest.fixture
def media(tmp_path):
    frames = [Image.new("RGB", (32, 32), (40 * i, 90, 200 - 40 * i)) for i in range(4)]
    write_mp4(frames, tmp_path / "render.mp4", fps=8)
    write_mp4(frames[::-1], tmp_path / "motion.mp4", fps=8)
    Image.new("RGB", (24, 32), (10, 180, 30)).save(tmp_path / "reference.png")
    return tmp_path


def sign(media: Path) -> dict:
    return content_credentials_sign(
        path=media / "render.mp4",
        software_agent="Virtual Influencer Studio; backend animate-anyone; weights random-abc",
        ingredients=[
            Ingredient(title="Persona reference image", path=media / "reference.png"),
            Ingredient(title="Motion", path=media / "motion.mp4"),
        ],
    )


def test_a_signed_mp4_reads_back_valid_with_action_source_type_and_both_ingredients(test_ca, media):
    summary = sign(media)
    assert summary["signer"] == "Virtual Influencer Studio development signer"
    assert summary["development_ca"] is False  # configured keys, not the fallback
    result = content_credentials_verify(path=media / "render.mp4")
    assert (result.has_manifest, result.valid, result.validation_state, result.problems) == (
        True,
        True,
        "Trusted",
        [],
    )
    assert result.actions == ["c2pa.created"]
    assert result.digital_source_type == TRAINED_ALGORITHMIC_MEDIA
    assert result.software_agent == "Virtual Influencer Studio; backend animate-anyone; weights random-abc"
    assert [(i["title"], i["format"], i["sha256"]) for i in result.ingredients] == [
        ("Persona reference image", "image/png", file_sha256(media / "reference.png")),
        ("Motion", "video/mp4", file_sha256(media / "motion.mp4")),
    ]


def test_one_flipped_byte_in_the_video_data_fails_validation(test_ca, media):
    sign(media)
    data = bytearray((media / "render.mp4").read_bytes())
    data[data.index(b"mdat") + 40] ^= 0xFF
    (media / "tampered.mp4").write_bytes(bytes(data))
    result = content_credentials_verify(path=media / "tampered.mp4")
    assert result.has_manifest is True and result.valid is False
    assert any("mismatch" in problem for problem in result.problems), result.problems


def test_a_chain_from_an_untrusted_ca_is_not_valid(test_ca, media, tmp_path, settings):
    other = tmp_path / "other-ca"
    development_ca_create(directory=other)
    settings.C2PA_CERT_CHAIN_FILE = str(other / "chain.pem")
    settings.C2PA_PRIVATE_KEY_FILE = str(other / "signer.key")
    sign(media)
    result = content_credentials_verify(path=media / "render.mp4")
    assert result.valid is False
    assert any("untrusted" in problem for problem in result.problems), result.problems


def test_unsigned_and_unsupported_files(test_ca, media):
    result = content_credentials_verify(path=media / "motion.mp4")
    assert (result.has_manifest, result.valid, result.problems) == (
        False,
        False,
        ["No content credentials in this file."],
    )
    (media / "notes.txt").write_text("hello")
    with pytest.raises(CredentialsError, match="Not an mp4, PNG, JPEG or WebP file."):
        content_credentials_verify(path=media / "notes.txt")


def test_without_configured_keys_a_development_ca_and_leaf_are_made_once(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    settings.C2PA_CERT_CHAIN_FILE = settings.C2PA_PRIVATE_KEY_FILE = settings.C2PA_TRUST_ANCHORS_FILE = ""
    first = signing_keys_load()
    second = signing_keys_load()
    assert first.development is True and first == second
    assert first.cert_chain_pem.count(b"BEGIN CERTIFICATE") == 2  # leaf + CA, never a self-signed leaf
    assert (tmp_path / "var" / "c2pa-dev-ca" / "signer.key").stat().st_mode & 0o777 == 0o600
