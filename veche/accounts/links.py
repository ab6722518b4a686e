"""Absolute links that leave the site (e-mails, SMS, QR codes, posters, invitations).

They all come from one setting, VECHE_SITE_URL (docs/operations.md): the address residents
type, not whatever Host header a request happened to carry — a poster printed from an
internal address, or an e-mail sent by the background worker (which has no request at all),
must still point to the public site. The demo sets it to its own address."""

from django.conf import settings
from django.core import checks


def site_url(path: str = "/") -> str:
    """The public address of `path` (a path from `reverse`, starting with «/»)."""
    return settings.VECHE_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


@checks.register(checks.Tags.security, deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A production install must say its public address: links would point to localhost."""
    url = settings.VECHE_SITE_URL
    if settings.DEBUG or url.startswith("https://"):
        return []
    return [checks.Error(
        "VECHE_SITE_URL must be the site's public https:// address "
        f"(now {url!r}): links in e-mails, SMS, posters and QR codes are built from it.",
        hint="Set VECHE_SITE_URL=https://veche.example.ru in the environment.",
        id="veche.E010",
    )]
