"""The generation fixtures (real image, real pose video), reused by the ledger tests."""

from tests.generation.conftest import deliverable, media_root, motion, persona, reference_image  # noqa: F401
