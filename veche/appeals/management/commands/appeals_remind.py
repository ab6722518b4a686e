"""`veche appeals_remind [--town SLUG] [--date YYYY-MM-DD]`: send the reminders to executors
and the escalations to the head's office owed today. Idempotent: run it daily from cron or a
systemd timer (docs/appeals.md); running it twice sends nothing twice."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from veche.appeals.services.reminders import appeals_remind
from veche.territories.models import Territory
from veche.territories.scoping import town_scope


class Command(BaseCommand):
    help = "Напоминания исполнителям о сроках поручений и эскалация просроченных."

    def add_arguments(self, parser):
        parser.add_argument("--town", help="slug одного города (по умолчанию все активные)")
        parser.add_argument("--date", help="считать «сегодня» этой датой, ГГГГ-ММ-ДД")

    def handle(self, *args, town=None, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("Дата — в виде ГГГГ-ММ-ДД.") from None
        towns = Territory.objects.filter(is_active=True)
        if town:
            towns = towns.filter(slug=town)
            if not towns.exists():
                raise CommandError(f"Нет города «{town}».")
        for territory in towns:
            with town_scope(territory):
                counts = appeals_remind(territory=territory, today=today)
            sent = sum(v for k, v in counts.items() if k not in ("failed", "skipped"))
            self.stdout.write(f"{territory.slug}: отправлено {sent} "
                              f"({', '.join(f'{k}={v}' for k, v in counts.items() if v)})")
