"""Saving at an exact key: a retry of an attempt rewrites that attempt's files instead of adding copies."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from influencer_platform.common.files import stored_file_replace


def test_saving_again_at_a_key_replaces_the_file_under_that_key():
    key = "renders/job/attempt-1/poster.png"
    assert stored_file_replace(key, ContentFile(b"first")) == key
    assert stored_file_replace(key, ContentFile(b"second")) == key
    with default_storage.open(key, "rb") as handle:
        assert handle.read() == b"second"
    directory, names = default_storage.listdir("renders/job/attempt-1")
    assert names == ["poster.png"]
