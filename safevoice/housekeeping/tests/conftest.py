from safevoice.journey.tests.conftest import consultation, fresh_secret_cache, started  # noqa: F401 - shared fixtures
