"""Test set-up shared by every app."""

import os
from urllib.parse import urlencode

from django.test import client as django_test_client

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run beside one unless told
# it is safe. It is here: the tests drive one browser at a time and the ORM work happens in the same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Presidio's tldextract would fetch the public suffix list over the network; nothing may download at run time.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

_post = django_test_client.RequestFactory.post
FORM_CONTENT = "application/x-www-form-urlencoded"


def _post_as_a_browser_form_does(
    self, path, data=None, content_type=django_test_client.MULTIPART_CONTENT, *args, **kwargs
):  # type: ignore[no-untyped-def]
    """Django's test client posts multipart by default; a browser posts our forms (no enctype, no files) urlencoded,
    and public pages refuse multipart bodies. So a test's plain dict is posted the way a browser would post it.
    A test that asks for another content type, or sends a file, gets exactly what it asked for."""
    data = {} if data is None else data
    sends_a_file = isinstance(data, dict) and any(hasattr(v, "read") for v in data.values())
    if content_type == django_test_client.MULTIPART_CONTENT and isinstance(data, dict) and not sends_a_file:
        return _post(self, path, urlencode(data, doseq=True), FORM_CONTENT, *args, **kwargs)
    return _post(self, path, data, content_type, *args, **kwargs)


django_test_client.RequestFactory.post = _post_as_a_browser_form_does  # type: ignore[method-assign]
