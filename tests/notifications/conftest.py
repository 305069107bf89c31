from tests.pages.conftest import Studio, studio, walk  # noqa: F401 - shared fixtures
