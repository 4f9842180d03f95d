from django.test import Client


def test_safety_page_says_what_exit_does_and_does_not_do(client: Client):
    page = client.get("/safety/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "does not delete your browsing history" in text
    assert "Shift" in text
    assert "999" in text
    assert "55" in text


def test_every_page_has_an_exit_link_to_the_configured_neutral_site(client: Client, settings):
    settings.SAFEVOICE_EXIT_URL = "https://neutral.example/"
    page = client.get("/safety/")
    assert 'href="https://neutral.example/"' in page.content.decode()
    assert 'rel="nofollow noreferrer"' in page.content.decode()


def test_headers_forbid_inline_script_and_third_party_loads(client: Client):
    page = client.get("/safety/")
    csp = page["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "default-src 'self'" in csp
    assert page["Referrer-Policy"] == "same-origin"  # no referrer to other sites; forms keep their Origin
    assert page["Cache-Control"] == "no-store"
