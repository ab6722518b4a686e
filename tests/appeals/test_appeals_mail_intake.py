"""E-mail intake: letters delivered to the town's appeals Maildir become appeals of the
sender, waiting for registration; a letter is never imported twice and one that cannot be an
appeal stays flagged in the mailbox with a Russian reason."""

from email.message import EmailMessage

import pytest
from django.core.management import call_command

from tests.appeals.conftest import png_bytes
from veche.appeals.models import Appeal, AppealEvent, AppealStatus
from veche.ledger.models import Action, ActionKind
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


def _letter(sender: str, subject: str, body: str, attachments=(), msg_id="<1@mail.ru>") -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"] = sender, "obrasheniya@zarechny.ru"
    msg["Subject"], msg["Message-ID"] = subject, msg_id
    msg["Date"] = "Mon, 23 Nov 2026 09:15:00 +0500"
    msg.set_content(body)
    for name, data, maintype, subtype in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


@pytest.fixture
def maildir(tmp_path):
    for sub in ("new", "cur", "tmp"):
        (tmp_path / sub).mkdir()
    return tmp_path


def test_letter_becomes_appeal_of_sender_with_photo_and_is_marked_seen(aw, maildir, capsys):
    raw = _letter("Петров Сергей Николаевич <Petrov.S@mail.ru>", "Яма во дворе",
                  "Во дворе дома ул. Ленина, 7 большая яма, машины бьются.",
                  [("yama.png", png_bytes(), "image", "png"),
                   ("akt.pdf", b"%PDF-1.4 fake", "application", "pdf")])
    (maildir / "new" / "1700000000.M1P1.mail").write_bytes(raw)
    call_command("appeals_import_mail", town=aw["town"].slug, maildir=str(maildir))
    out = capsys.readouterr().out
    with town_scope(aw["town"]):
        appeal = Appeal.objects.get(channel="email")
        assert appeal.number in out and "принято 1" in out
        assert appeal.status == AppealStatus.RECEIVED  # the desk registers it within 3 days
        assert (appeal.applicant_surname, appeal.reply_email) == ("Петров", "petrov.s@mail.ru")
        assert appeal.applicant.given_name == "Сергей"
        assert appeal.text.startswith("Тема письма: Яма во дворе")
        assert "большая яма" in appeal.text
        assert [a.original_name for a in appeal.attachments.all()] == ["yama.png"]
        note = appeal.events.get(kind=AppealEvent.Kind.NOTE)
        assert "akt.pdf" in note.comment and not note.public
        assert Action.objects.filter(person=appeal.applicant, kind=ActionKind.APPEAL).exists()
    assert not list((maildir / "new").iterdir())
    assert [p.name for p in (maildir / "cur").iterdir()] == ["1700000000.M1P1.mail:2,S"]
    # The same letter delivered again (a retry of the mail server) is not a second appeal.
    (maildir / "new" / "1700000001.M2P1.mail").write_bytes(raw)
    call_command("appeals_import_mail", town=aw["town"].slug, maildir=str(maildir))
    with town_scope(aw["town"]):
        assert Appeal.objects.filter(channel="email").count() == 1


def test_existing_registry_person_is_found_by_email(aw, maildir):
    raw = _letter("Соседов Иван <sosed@example.ru>", "", "Не горит фонарь у подъезда.")
    (maildir / "new" / "m1").write_bytes(raw)
    call_command("appeals_import_mail", town=aw["town"].slug, maildir=str(maildir))
    with town_scope(aw["town"]):
        assert Appeal.objects.get(channel="email").applicant == aw["other"]


def test_letter_without_name_or_text_stays_flagged_with_a_reason(aw, maildir, capsys):
    (maildir / "new" / "noname").write_bytes(
        _letter("user12345@mail.ru", "Вопрос", "Когда починят дорогу?", msg_id="<2@x>"))
    (maildir / "new" / "empty").write_bytes(
        _letter("Орлова Анна <orlova@mail.ru>", "", "", msg_id="<3@x>"))
    call_command("appeals_import_mail", town=aw["town"].slug, maildir=str(maildir))
    err = capsys.readouterr().err
    assert "фамилию" in err and "Заполните поле «Текст обращения»" in err
    assert sorted(p.name for p in (maildir / "cur").iterdir()) == ["empty:2,F", "noname:2,F"]
    with town_scope(aw["town"]):
        assert not Appeal.objects.filter(channel="email").exists()


@pytest.mark.parametrize("content_type", [b"text/plain", b"text/plain; charset=x-win-1251"])
def test_windows_1251_letter_without_a_known_charset_keeps_its_words(aw, content_type):
    """An old mail client: 8-bit windows-1251 with no charset, or one Python does not know."""
    import base64

    from veche.appeals.services.mail_intake import appeal_from_email

    name = base64.b64encode("Смирнов Олег".encode("cp1251")).decode()
    raw = (f"From: =?windows-1251?B?{name}?= <oleg@mail.ru>\r\nSubject: Yama\r\n"
           "Message-ID: <cp1251@mail.ru>\r\nMIME-Version: 1.0\r\n").encode() + \
        b"Content-Type: " + content_type + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + \
        "Яма у подъезда дома 3, глубокая.".encode("cp1251")
    with town_scope(aw["town"]):
        appeal, created = appeal_from_email(territory=aw["town"], raw=raw)
    assert created and appeal.applicant_surname == "Смирнов"
    assert "Яма у подъезда дома 3, глубокая." in appeal.text and "\ufffd" not in appeal.text
