"""E-mail intake: a letter to the town's appeals mailbox becomes an appeal (channel «email»).

The office's mail server (Postfix + Dovecot, or getmail pulling from a hosted mailbox) delivers
into a Maildir; `veche appeals_import_mail` reads `new/`, records each letter and moves it to
`cur/` — seen when imported, flagged (and left unread) when it could not be, so staff see it in
their mail client and enter it by hand. The letter is recorded, not registered: the desk checks
the name taken from the sender and registers it within the law's 3 days like a web appeal.
"""

import datetime as dt
import hashlib
import html
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from veche.registry.models import SourceKind
from veche.territories.models import Territory

from ..models import Appeal, AppealChannel, AppealEvent
from ..validation import ATTACHMENTS_MAX, check_attachment
from .appeals import appeal_create, applicant_find_or_create
from .workflow import event_add

# Russian surnames end like this far more often than given names do; used only to tell
# «Иван Петров» from «Петров Иван» when the sender wrote two words.
_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын", "ова", "ева", "ёва", "ина", "ына", "ский",
                    "ская", "цкий", "цкая", "ко", "ук", "юк", "ич", "их", "ых", "ой", "ая")


def _looks_like_surname(word: str) -> bool:
    return word.lower().endswith(_SURNAME_ENDINGS)


def split_sender_name(display: str) -> tuple[str, str, str]:
    """(surname, given name, patronymic) from a From display name. Russian formal order is
    «Фамилия Имя Отчество»; with two words the surname is the one that looks like one."""
    words = [w for w in re.split(r"[\s,]+", display or "") if w and "@" not in w]
    if len(words) >= 3:
        return words[0], words[1], " ".join(words[2:])
    if len(words) == 2:
        first, second = words
        if _looks_like_surname(second) and not _looks_like_surname(first):
            return second, first, ""
        return first, second, ""
    return (words[0], "", "") if words else ("", "", "")


def _decoded(part) -> str:
    """The text of a part. Old Russian mail clients send windows-1251 without a charset (read
    as ASCII) or under a name Python does not know: the declared charset when the bytes really
    are in it, else UTF-8, else windows-1251 — the letter's words, not «����»."""
    data = part.get_payload(decode=True) or b""
    for charset in (part.get_content_charset(), "utf-8", "cp1251"):
        if not charset:
            continue
        try:
            return data.decode(charset)
        except (LookupError, UnicodeError):
            continue
    return data.decode("utf-8", "replace")


def _body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = _decoded(part)
    if part.get_content_type() == "text/html":
        content = html.unescape(strip_tags(re.sub(r"(?i)<br\s*/?>|</p>", "\n", content)))
    lines = [line.rstrip() for line in content.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _received_at(msg: EmailMessage, delivered_at: dt.datetime | None) -> dt.datetime:
    """When the office received it: the delivery time if known, else the letter's Date when it
    is plausible (not in the future), else now."""
    now = timezone.now()
    if delivered_at is not None:
        return min(delivered_at, now)
    try:
        sent = parsedate_to_datetime(str(msg["Date"]))
    except (TypeError, ValueError, IndexError):
        sent = None
    if sent is not None and sent.tzinfo is not None and sent <= now:
        return sent
    return now


def message_ref(msg: EmailMessage, raw: bytes) -> str:
    """A stable reference of a letter (its Message-ID, else its bytes), so a letter imported
    twice — e.g. after a crash before it was moved — gives one appeal."""
    key = str(msg.get("Message-ID") or "").strip().encode() or raw
    return "email:" + hashlib.sha256(key).hexdigest()[:40]


@transaction.atomic
def appeal_from_email(*, territory: Territory, raw: bytes,
                      delivered_at: dt.datetime | None = None) -> tuple[Appeal, bool]:
    """Record one letter as an appeal. Returns (appeal, created). Raises ValidationError in
    Russian when it cannot be an appeal (no sender address, no name, no text, too long)."""
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    ref = message_ref(msg, raw)
    existing = Appeal.objects.filter(territory=territory, source_ref=ref).first()
    if existing is not None:
        return existing, False
    try:
        sender = msg["From"].addresses[0] if msg["From"] else None
    except (AttributeError, IndexError, TypeError):
        sender = None
    address = (sender.addr_spec if sender else "").strip().lower()
    if sender is None or "@" not in address:
        raise ValidationError(_("В письме нет адреса отправителя — ответить некуда."),
                              code="mail_sender_missing")
    surname, given, patronymic = split_sender_name(sender.display_name)
    subject = " ".join(str(msg.get("Subject") or "").split())
    body = _body_text(msg)
    text = f"Тема письма: {subject}\n\n{body}" if subject and body else (body or subject)
    photos: list[SimpleUploadedFile] = []
    skipped: list[str] = []
    for part in msg.iter_attachments():
        name = part.get_filename() or "вложение"
        payload = part.get_payload(decode=True)  # bytes; None for a multipart attachment
        data = payload if isinstance(payload, bytes) else b""
        upload = SimpleUploadedFile(name, data, content_type=part.get_content_type())
        try:
            if len(photos) >= ATTACHMENTS_MAX:
                raise ValidationError(_("больше 10 фотографий"), code="photos_too_many")
            check_attachment(upload)
        except ValidationError:
            skipped.append(name)
        else:
            photos.append(upload)
    received_at = _received_at(msg, delivered_at)
    try:
        if not surname:
            raise ValidationError(_("нет имени отправителя"), code="mail_sender_unnamed")
        applicant = applicant_find_or_create(
            territory=territory, surname=surname, given_name=given, patronymic=patronymic,
            email=address, source_kind=SourceKind.SELF,
        )
    except ValidationError:
        raise ValidationError(
            _("Из отправителя «%(sender)s» не удалось взять фамилию и имя (ст. 7 59-ФЗ требует "
              "фамилию): внесите обращение вручную после уточнения."),
            code="mail_sender_unnamed", params={"sender": sender.display_name or address},
        ) from None
    appeal = appeal_create(
        territory=territory, channel=AppealChannel.EMAIL, applicant=applicant, text=text,
        surname=surname, given_name=" ".join(p for p in (given, patronymic) if p),
        reply_email=address, photos=photos, received_at=received_at, source_ref=ref,
    )
    note = f"Получено письмом с {address}."
    if skipped:
        note += (" Вложения, которые не являются фотографиями или не прошли проверку, не "
                 f"сохранены — они в письме в почтовом ящике: {', '.join(skipped)}.")
    event_add(appeal, kind=AppealEvent.Kind.NOTE, actor=None, comment=note, public=False,
              at=received_at)
    return appeal, True
