from django.test import Client


def test_unknown_page_gets_a_helpful_404(client: Client):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode()
    assert "Exit this page" in page.content.decode()


def test_post_without_csrf_token_gets_a_plain_explanation():
    client = Client(enforce_csrf_checks=True)
    page = client.post("/safety/")
    assert page.status_code == 403
    assert "Your session has expired" in page.content.decode()
    assert "have not been lost" in page.content.decode()
