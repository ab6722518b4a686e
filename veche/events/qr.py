"""The ticket's QR code: a URL with a token signed by django.core.signing that names the town,
the event and the registration code, and says until when it holds (the event's end + 6 h).

The token is compact JSON {"t": town id, "e": event id, "c": code, "x": expiry (Unix seconds)}
signed with the salt below, so a ticket cannot be forged or moved to another event or town,
and it is read without touching the database. The scanner also takes the bare registration
code printed under the QR (typed by hand when the camera fails)."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core import signing

from veche.documents.pdf import qr_svg as _qr_svg

from .models import Event, Registration

SALT = "veche.events.ticket"
VALID_AFTER_END = dt.timedelta(hours=6)
_TOKEN_IN_URL = re.compile(r"/events/ticket/([^/?#\s]+)/?")
_CODE = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


@dataclass(frozen=True)
class Ticket:
    """What a scanned string says: a signed token (town, event, code, expiry), or a bare code
    (only the code known; town and event are those of the scanner's page)."""

    code: str
    town_id: int | None = None
    event_id: int | None = None
    expires_at: dt.datetime | None = None


def ticket_expiry(event: Event) -> dt.datetime:
    return event.ends_at + VALID_AFTER_END


def ticket_token(registration: Registration, event: Event | None = None) -> str:
    event = event or registration.event
    payload = {"t": registration.territory_id, "e": registration.event_id,
               "c": registration.code, "x": int(ticket_expiry(event).timestamp())}
    return signing.dumps(payload, salt=SALT, compress=True)


def ticket_read(text: str) -> Ticket | None:
    """A scanned or typed string (the QR's URL, the token alone, or the bare code) as a
    Ticket; None for anything else (a forged or damaged token included)."""
    text = (text or "").strip()
    if not text or len(text) > 2000:
        return None
    found = _TOKEN_IN_URL.search(text)
    token = found.group(1) if found else text
    if ":" in token:
        try:
            data = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            return None
        try:
            return Ticket(code=str(data["c"]), town_id=int(data["t"]), event_id=int(data["e"]),
                          expires_at=dt.datetime.fromtimestamp(int(data["x"]), tz=dt.UTC))
        except (KeyError, TypeError, ValueError):
            return None
    code = token.replace(" ", "")
    return Ticket(code=code) if _CODE.match(code) else None


def qr_svg(data: str, *, scale: int = 6) -> str:
    """The QR code of `data` as inline SVG (the core's documents toolkit, segno)."""
    return _qr_svg(data, scale=scale)
