import pytest

from safevoice.journey.tests.conftest import consultation, started  # noqa: F401 - shared fixtures
from safevoice.protection import day_keys


@pytest.fixture(autouse=True)
def fresh_day_key():
    """Each test starts with a fresh rate-limit day key, as after a restart."""
    day_keys.forget()
    yield
    day_keys.forget()
