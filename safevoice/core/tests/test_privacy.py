from django.test import Client


def test_the_privacy_page_promises_only_what_the_site_does(client: Client) -> None:
    text = " ".join(client.get("/privacy/").content.decode().split())
    # Nothing redacts stored answers automatically; an analyst does before anything is quoted or shared.
    assert "removed automatically" not in text
    assert "until an analyst has removed names, addresses, phone numbers" in text
    assert "the hour in which you sent them (not the minute" in text
    assert "after an hour without using the site" in text
