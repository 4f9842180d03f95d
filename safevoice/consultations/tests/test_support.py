"""The support page: 999 and 55 first, then verified services only, grouped, with numbers that dial."""

from __future__ import annotations

from html import unescape

import pytest
from django.conf import settings
from django.test import Client

from safevoice.publishing.support_services import load_support_services

pytestmark = pytest.mark.django_db


def _html(client: Client) -> str:
    return " ".join(unescape(client.get("/support/").content.decode()).split())


@pytest.fixture
def services():
    return load_support_services(path=settings.SAFEVOICE_CONTENT_DIR / "support_services.csv")


def test_emergency_advice_comes_before_any_service(client: Client, services) -> None:
    html = _html(client)
    assert "If you or someone else is in danger now, call" in html
    assert "press 55" in html
    assert html.index("press 55") < html.index("National Domestic Abuse Helpline")


def test_only_verified_services_are_shown(client: Client, services) -> None:
    html = _html(client)
    assert "Childline" in html
    assert "Men's Advice Line" in html
    assert "Crimestoppers" not in html  # its number was not verified
    assert "Northamptonshire Domestic Abuse Service" not in html


def test_phone_numbers_are_tel_links_and_websites_are_links(client: Client, services) -> None:
    html = _html(client)
    assert '<a class="govuk-link" href="tel:08082000247">0808 2000 247</a>' in html
    assert '<a class="govuk-link" href="tel:999">999</a>' in html
    assert 'href="https://www.voicenorthants.org">voicenorthants.org</a>' in html


def test_services_are_grouped_under_their_category(client: Client, services) -> None:
    html = _html(client)
    domestic_abuse = html.index('<h2 class="govuk-heading-m">Domestic abuse</h2>')
    for name in (
        "National Domestic Abuse Helpline",
        "Men's Advice Line",
        "National LGBT+ Domestic Abuse Helpline",
    ):
        assert html.index(name) > domestic_abuse
    assert html.count('<h2 class="govuk-heading-m">Domestic abuse</h2>') == 1
