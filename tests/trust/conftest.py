"""The generation fixtures (real image, real pose video) and the test CA, shared by the trust tests."""

from tests.generation.conftest import deliverable, media_root, motion, persona, reference_image  # noqa: F401
from tests.trust.test_credentials import media, test_ca  # noqa: F401
