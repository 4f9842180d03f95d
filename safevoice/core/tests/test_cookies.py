from django.test import Client


def test_cookies_page_lists_exactly_the_cookies_the_site_sets(client: Client, settings):
    page = client.get("/cookies/")
    assert page.status_code == 200
    text = " ".join(page.content.decode().split())
    assert settings.SESSION_COOKIE_NAME in text
    assert "safevoice_csrf" not in text
    assert "after 60 minutes without using this site" in text
    assert "analytics" in text
    # Visiting sets no cookie at all: nothing is stored until a form needs it.
    assert page.cookies == {}
