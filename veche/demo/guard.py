"""Which database the demo may be built in.

`demo_build` creates admin@demo.test with the public demo password and TOTP keys that anyone can
derive from the e-mail (veche/demo/logins.py), so it must never run on a real installation's
database. The demo's database is recognised by the VECHE_DEMO=1 setting: `veche demo` and
`veche demo_build` set it (and write it into var/demo.env) only where the environment chose no
database and no secret key, i.e. for the embedded SQLite database of a checkout; a demo on a
database of one's own (PostgreSQL) sets VECHE_DEMO=1 by hand. A production environment always
sets VECHE_SECRET_KEY, so it never gets the flag by accident. Even with the flag, a database that
holds towns other than the demo's is refused.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from .reset import other_towns


def not_a_demo_setting() -> str:
    """Why the command refuses before touching the database, or ""."""
    if settings.VECHE_DEMO:
        return ""
    return _("Эта установка не помечена как демо (VECHE_DEMO не задан): демо-команды создают "
             "учётные записи с общеизвестными паролями и ключами и в рабочей базе не "
             "запускаются. Демо строится командой `make demo` (или `veche demo`) во встроенной "
             "базе; для отдельной базы демо задайте VECHE_DEMO=1.")


def not_a_demo_database() -> str:
    """Why the (migrated) database is not the demo's, or ""."""
    others = other_towns()
    if not others:
        return ""
    return _("В базе есть города кроме демо (%(towns)s): это рабочая база, демо в ней не "
             "строится. Используйте для демо отдельную базу.") % {"towns": ", ".join(others[:5])}
