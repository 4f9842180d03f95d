from safevoice.journey.tests.conftest import consultation, fresh_day_key, started  # noqa: F401 - shared fixtures
