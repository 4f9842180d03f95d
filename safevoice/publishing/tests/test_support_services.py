"""The support services file: loaded as the record, every bad row refused with its line."""

from __future__ import annotations

import pytest
from django.conf import settings

from safevoice.content import ContentErrors
from safevoice.publishing.support_services import load_support_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    return load_support_services(path=settings.SAFEVOICE_CONTENT_DIR / "support_services.csv")


def test_loading_twice_keeps_one_row_per_service(services) -> None:
    again = load_support_services(path=settings.SAFEVOICE_CONTENT_DIR / "support_services.csv")
    assert [s.pk for s in again] == [s.pk for s in services]
    assert sum(s.is_verified for s in again) == 8


def test_a_bad_row_is_refused_with_its_line(tmp_path, services) -> None:
    bad = tmp_path / "support.csv"
    bad.write_text(
        "name,category,phone,website,coverage,description,details_as_found,verified_in_stored_source,source\n"
        "Helpline,domestic abuse,0800 000 000,not a website,UK,Free help,,yes,\n"
        ",domestic abuse,0800 000 001,,UK,Free help,,yes,\n"
        "Quiet line,domestic abuse,0800 000 002,,UK,,,yes,\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentErrors) as caught:
        load_support_services(path=bad)
    assert [str(e) for e in caught.value.errors] == [
        f"{bad}:2: 'Helpline': the website 'not a website' is not a web address",
        f"{bad}:3: the service has no name",
        f"{bad}:4: 'Quiet line' is verified, so it is shown: give it a plain-words description",
    ]
