from __future__ import annotations

import re

from django.core import mail

from safevoice.journey.tests.conftest import BASE
from safevoice.responses import resume_codes
from safevoice.responses.models import SavedAnswers


def save_after_first_page(client) -> str:
    response = client.post(BASE + "affected/", {"affected_how": "witness", "action": "save"})
    assert response["Location"] == BASE + "saved/"
    page = client.get(BASE + "saved/").content.decode()
    match = re.search(r"<strong>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})</strong>", page)
    assert match, page
    return match.group(1)


def test_saving_shows_a_code_and_stores_only_its_hash(started) -> None:
    code = save_after_first_page(started)
    saved = SavedAnswers.objects.get()
    assert saved.code_hash == resume_codes.code_hash(code)
    assert code not in str(saved.__dict__)
    assert saved.answers == {"affected_how": ["witness"]}
    assert saved.expires_at == saved.consultation.closes_at


def test_saving_again_keeps_the_same_code(started) -> None:
    code = save_after_first_page(started)
    started.post(BASE + "before_you_go_on/", {"action": "save"})
    again = re.search(r"<strong>([0-9A-Z-]{14})</strong>", started.get(BASE + "saved/").content.decode())
    assert again
    assert again.group(1) == code
    assert SavedAnswers.objects.count() == 1
    assert SavedAnswers.objects.get().visited_pages == ["affected", "before_you_go_on"]


def test_saving_with_a_problem_on_the_page_keeps_earlier_answers_and_says_so(started) -> None:
    started.post(BASE + "affected/", {"affected_how": "witness"})
    response = started.post(BASE + "reported_page/", {"reported": "maybe", "action": "save"})
    page = started.get(response["Location"]).content.decode()
    assert "were not saved" in page
    assert SavedAnswers.objects.get().answers == {"affected_how": ["witness"]}


def test_email_is_not_offered_unless_sending_is_configured(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = False
    save_after_first_page(started)
    assert "Email yourself a link" not in started.get(BASE + "saved/").content.decode()


def test_the_link_can_be_emailed_with_a_warning_and_the_address_is_not_kept(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    code = save_after_first_page(started)
    page = started.get(BASE + "saved/").content.decode()
    assert "Only use an email account that nobody else can read" in page
    response = started.post(BASE + "saved/", {"email": "resident@example.org"})
    assert "We have sent the link" in response.content.decode()
    assert "resident@example.org" not in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["resident@example.org"]
    assert f"{BASE}resume/?code={code}" in message.body
    assert "resident@example.org" not in str(dict(started.session))
    assert "resident@example.org" not in str(list(SavedAnswers.objects.values()))


def test_a_bad_email_address_gets_a_specific_message(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    save_after_first_page(started)
    page = started.post(BASE + "saved/", {"email": "not an address"}).content.decode()
    assert '<a href="#email">Enter an email address in the correct format, like name@example.com</a>' in page
    assert 'value="not an address"' in page
    assert mail.outbox == []


class RefusingBackend:
    """A mail server that refuses the recipient, quoting the address back as real servers do."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        import smtplib

        recipient = messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({recipient: (550, f"5.1.1 <{recipient}>: user unknown".encode())})


def test_a_refused_email_says_so_keeps_the_address_typed_and_logs_no_address(
    started, settings, caplog
) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    save_after_first_page(started)
    with caplog.at_level("DEBUG"):
        page = started.post(BASE + "saved/", {"email": "resident@example.org"}).content.decode()
    assert (
        "The email could not be sent. Check the address and try again, or write the code down instead" in page
    )
    assert 'value="resident@example.org"' in page
    assert "We have sent the link" not in page
    assert "SMTPRecipientsRefused" in caplog.text
    assert "resident@example.org" not in caplog.text
