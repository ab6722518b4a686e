"""Run nightly (cron or systemd timer), and hourly with --recent: recompute the stored KPI
scorecard months of every active town from the bank, the ledger, the facts and the curator's
marks. Pages and the API read the stored months, so they stay fast; a staff or curator entry
recomputes its own town's month at once."""

import time

from django.core.management.base import BaseCommand

from veche.practices.scorecard.compute import last_months, scorecard_recompute
from veche.territories.models import Territory
from veche.territories.scoping import towns_scope


class Command(BaseCommand):
    help = "Пересчитать целевые показатели (KPI) городов за последние месяцы."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24,
                            help="сколько последних месяцев (по умолчанию 24)")
        parser.add_argument("--recent", action="store_true",
                            help="реестр действий перечитать только за два последних месяца")
        parser.add_argument("--town", action="append", default=[],
                            help="адрес города (slug); можно несколько, по умолчанию все")

    def handle(self, *args, months, recent, town, **options):
        towns = Territory.objects.filter(is_active=True)
        if town:
            towns = towns.filter(slug__in=town)
        towns = list(towns)
        started = time.perf_counter()
        with towns_scope(towns):
            rows = scorecard_recompute(territories=towns, months=last_months(months),
                                       full=not recent)
        self.stdout.write(f"Городов: {len(towns)}, месяцев пересчитано: {len(rows)}, "
                          f"{time.perf_counter() - started:.2f} с")
