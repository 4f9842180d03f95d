import pytest

from safevoice.journey.tests.conftest import consultation, started  # noqa: F401 - shared fixtures
from safevoice.protection import services


@pytest.fixture(autouse=True)
def fresh_secret_cache():
    """Each test's database starts without a daily secret: do not reuse one cached by an earlier test."""
    services._secret_cache.clear()
    yield
    services._secret_cache.clear()
