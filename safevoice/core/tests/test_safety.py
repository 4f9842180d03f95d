from django.test import Client


def test_safety_page_says_what_exit_does_and_does_not_do(client: Client):
    page = client.get("/safety/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "does not delete your browsing history" in text
    assert "Shift" in text
    assert "999" in text
    assert "55" in text


def test_every_page_has_an_exit_link_that_leaves_through_this_site(client: Client):
    page = client.get("/safety/").content.decode()
    assert 'href="/exit/"' in page
    assert 'rel="nofollow noreferrer"' in page
    assert 'data-module="safevoice-exit-this-page"' in page


def test_the_safety_page_says_what_exit_clears_and_what_it_cannot(client: Client):
    text = " ".join(client.get("/safety/").content.decode().split())
    assert "deletes the answers you have not sent" in text
    assert "does not delete your browsing history" in text


def test_headers_forbid_inline_script_and_third_party_loads(client: Client):
    page = client.get("/safety/")
    csp = page["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "default-src 'self'" in csp
    assert page["Referrer-Policy"] == "same-origin"  # no referrer to other sites; forms keep their Origin
    assert page["Cache-Control"] == "no-store"
