"""The test suite's settings: the real ones, less what only slows tests down."""

from safevoice.config.settings import *  # noqa: F403
from safevoice.config.settings import DATABASES, STORAGES

# The live server serves static files from the source folders under their plain names: no collectstatic needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests fill in the questionnaire in milliseconds; the tests of that check (safevoice/protection) turn it back on.
SAFEVOICE_MIN_COMPLETION_SECONDS = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # As before persistent SQLite connections: tests and their live servers' threads open and close their own.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Tests see every change at once; the page cache has tests of its own that switch it on.
SAFEVOICE_PAGE_CACHE_SECONDS = 0
