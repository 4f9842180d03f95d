from django.test import Client


def test_cookies_page_lists_exactly_the_cookies_the_site_sets(client: Client, settings):
    page = client.get("/cookies/")
    assert page.status_code == 200
    text = page.content.decode()
    assert settings.SESSION_COOKIE_NAME in text
    assert settings.CSRF_COOKIE_NAME in text
    assert "analytics" in text
    # Visiting sets no cookie at all: nothing is stored until a form needs it.
    assert page.cookies == {}
