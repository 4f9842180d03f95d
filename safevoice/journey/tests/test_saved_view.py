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


def test_saving_again_keeps_the_same_code_without_showing_it_again(started, client_factory) -> None:
    code = save_after_first_page(started)
    started.post(BASE + "before_you_go_on/", {"action": "save"})
    page = started.get(BASE + "saved/").content.decode()
    assert code not in page
    assert "saved under the code you were given" in page
    assert SavedAnswers.objects.count() == 1
    assert SavedAnswers.objects.get().visited_pages == ["affected", "before_you_go_on"]
    # The code written down the first time still brings the answers back.
    other = client_factory()
    assert other.post(BASE + "resume/", {"code": code})["Location"] == BASE + "reported_page/"


def test_the_code_is_shown_once_and_is_kept_nowhere_but_as_a_hash(started) -> None:
    code = save_after_first_page(started)
    compact = code.replace("-", "")
    session = started.session
    assert code not in str(dict(session))
    assert compact not in str(dict(session))
    assert code not in str(list(SavedAnswers.objects.values()))
    # Showing the page again does not show the code again.
    again = started.get(BASE + "saved/").content.decode()
    assert code not in again
    assert "Get a new code" in again


def test_a_lost_code_can_be_replaced_and_the_old_one_stops_working(started, client_factory) -> None:
    old = save_after_first_page(started)
    response = started.post(BASE + "saved/", {"action": "new_code"})
    assert response["Location"] == BASE + "saved/"
    new = re.search(r"<strong>([0-9A-Z-]{14})</strong>", started.get(BASE + "saved/").content.decode())
    assert new is not None
    assert new.group(1) != old
    other = client_factory()
    assert "No saved answers match that code" in other.post(BASE + "resume/", {"code": old}).content.decode()
    assert other.post(BASE + "resume/", {"code": new.group(1)})["Location"] == BASE + "before_you_go_on/"


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


def test_the_code_can_be_emailed_with_a_warning_and_the_address_is_not_kept(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    code = save_after_first_page(started)
    response = started.post(BASE + "saved/", {"email": "resident@example.org", "code": code})
    page = response.content.decode()
    assert "Only use an email account that nobody else can read" in page
    assert "We have sent the code" in page
    assert "resident@example.org" not in page
    [message] = mail.outbox
    assert message.to == ["resident@example.org"]
    # The code is in the text, never in a link (history and proxy logs keep links).
    assert code in message.body
    assert f"{BASE}resume/" in message.body
    assert "?code=" not in message.body
    assert "resident@example.org" not in str(dict(started.session))
    assert "resident@example.org" not in str(list(SavedAnswers.objects.values()))


def test_a_bad_email_address_gets_a_specific_message(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    code = save_after_first_page(started)
    page = started.post(BASE + "saved/", {"email": "not an address", "code": code}).content.decode()
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
    code = save_after_first_page(started)
    with caplog.at_level("DEBUG"):
        page = started.post(BASE + "saved/", {"email": "resident@example.org", "code": code}).content.decode()
    assert (
        "The email could not be sent. Check the address and try again, or write the code down instead" in page
    )
    assert 'value="resident@example.org"' in page
    assert "We have sent the code" not in page
    assert "SMTPRecipientsRefused" in caplog.text
    assert "resident@example.org" not in caplog.text


def test_an_address_with_invisible_characters_gets_a_message_not_an_error(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    code = save_after_first_page(started)
    for address in ("resident@exa\u202emple.org", "resi\u200bdent@example.org"):
        response = started.post(BASE + "saved/", {"email": address, "code": code})
        assert response.status_code == 200
        assert "Enter an email address in the correct format" in response.content.decode()
    assert mail.outbox == []


def test_the_code_can_be_emailed_only_a_few_times_a_visit(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    settings.SAFEVOICE_RESUME_EMAILS_PER_VISIT = 3
    code = save_after_first_page(started)
    pages = [
        started.post(BASE + "saved/", {"email": f"person{n}@example.org", "code": code}).content.decode()
        for n in range(5)
    ]
    assert len(mail.outbox) == 3
    assert "You have sent the code too many times. Write it down instead" in pages[3]
    assert 'value="person3@example.org"' in pages[3]  # what was typed is kept


def test_the_code_can_be_emailed_only_a_few_times_an_hour_from_one_connection(
    started, settings, client_factory
) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    settings.SAFEVOICE_RESUME_EMAILS_PER_HOUR = 2
    sent = 0
    for n in range(3):
        visitor = client_factory()
        visitor.post(BASE)
        code = save_after_first_page(visitor)
        page = visitor.post(BASE + "saved/", {"email": f"p{n}@example.org", "code": code}).content.decode()
        sent += "We have sent the code" in page
    assert sent == 2
    assert len(mail.outbox) == 2


def test_a_code_that_is_not_this_visits_is_not_emailed(started, settings) -> None:
    settings.SAFEVOICE_EMAIL_RESUME_LINKS = True
    save_after_first_page(started)
    page = started.post(
        BASE + "saved/", {"email": "resident@example.org", "code": "7KQ2-M9XD-4T6H"}
    ).content.decode()
    assert mail.outbox == []
    assert 'href="#email"' in page
