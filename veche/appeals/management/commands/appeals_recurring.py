"""`veche appeals_recurring [--town SLUG] [--since YYYY-MM-DD]`: find the recurring questions of
each active town again (what the «Найти заново» button does, run in this process). Run it
nightly from cron or a systemd timer (docs/meetings.md): the page then always shows groups,
counts and trends of yesterday's appeals. 100,000 appeals take 15–55 s on 2 cores
(docs/benchmarks.md)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from veche.appeals.recurring.services import (
    check_recurring_since,
    recurring_find,
    recurring_run_request,
)
from veche.territories.models import Territory
from veche.territories.scoping import town_scope


class Command(BaseCommand):
    help = "Поиск повторяющихся вопросов в обращениях (по всем городам или одному)."

    def add_arguments(self, parser):
        parser.add_argument("--town", help="slug одного города (по умолчанию все активные)")
        parser.add_argument("--since", help="только обращения с этой даты, ГГГГ-ММ-ДД")

    def handle(self, *args, town=None, since=None, **options):
        try:
            since_date = dt.date.fromisoformat(since) if since else None
            check_recurring_since(since_date)
        except ValueError:
            raise CommandError("Дата — в виде ГГГГ-ММ-ДД.") from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        towns = Territory.objects.filter(is_active=True)
        if town:
            towns = towns.filter(slug=town)
            if not towns.exists():
                raise CommandError(f"Нет города «{town}».")
        for territory in towns:
            with town_scope(territory):
                run = recurring_find(run=recurring_run_request(territory=territory,
                                                               since=since_date))
            self.stdout.write(f"{territory.slug}: обращений {run.documents_count}, "
                              f"групп {run.clusters_count}, {run.seconds} с")
