from safevoice.journey.tests.conftest import consultation, started  # noqa: F401 - shared fixtures
