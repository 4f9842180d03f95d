import pytest

from safevoice.protection import services
from safevoice.questionnaires.tests.conftest import consultation, started  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def fresh_secret_cache():
    """Each test's database starts without a daily secret: do not reuse one cached by an earlier test."""
    services._secret_cache.clear()
    yield
    services._secret_cache.clear()
