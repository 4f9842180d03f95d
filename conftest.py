"""Test set-up shared by every app."""

import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run beside one unless told
# it is safe. It is here: the tests drive one browser at a time and the ORM work happens in the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Presidio's tldextract would fetch the public suffix list over the network; nothing may download at run time.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
