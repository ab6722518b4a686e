"""`veche appeals_import_mail --town SLUG --maildir PATH`: letters delivered to the town's
appeals mailbox (a Maildir) become appeals. Run it every few minutes from cron or a systemd
timer (docs/appeals.md). Each letter in `new/` is moved to `cur/`: marked seen when imported,
flagged and left unread when not (the reason is printed), so staff see it in their mail
client. Running it twice imports nothing twice."""

import datetime as dt
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veche.appeals.services.mail_intake import appeal_from_email
from veche.territories.models import Territory
from veche.territories.scoping import town_scope


def _move(path: Path, flags: str) -> None:
    """Maildir convention: new/<name> → cur/<name>:2,<flags> (S seen, F flagged)."""
    target = path.parent.parent / "cur" / f"{path.name.split(':', 1)[0]}:2,{flags}"
    os.replace(path, target)


class Command(BaseCommand):
    help = "Принять обращения из почтового ящика (Maildir) города."

    def add_arguments(self, parser):
        parser.add_argument("--town", required=True, help="slug города, чей это ящик")
        parser.add_argument("--maildir", required=True, help="папка Maildir (с new/ и cur/)")

    def handle(self, *args, town, maildir, **options):
        root = Path(maildir)
        if not (root / "new").is_dir() or not (root / "cur").is_dir():
            raise CommandError(f"«{maildir}» — не папка Maildir (нет new/ и cur/).")
        territory = Territory.objects.filter(slug=town, is_active=True).first()
        if territory is None:
            raise CommandError(f"Нет города «{town}».")
        imported = refused = 0
        for path in sorted((root / "new").iterdir()):
            if not path.is_file() or path.name.startswith("."):
                continue
            delivered = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
            try:
                with town_scope(territory):
                    appeal, created = appeal_from_email(
                        territory=territory, raw=path.read_bytes(), delivered_at=delivered)
            except ValidationError as exc:
                refused += 1
                _move(path, "F")
                self.stderr.write(f"{path.name}: не принято — {' '.join(exc.messages)}")
                continue
            _move(path, "S")
            imported += created
            self.stdout.write(f"{path.name}: {appeal.number}"
                              + ("" if created else " (уже было принято)"))
        self.stdout.write(f"{territory.slug}: принято {imported}, не принято {refused}")
