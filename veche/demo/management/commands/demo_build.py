"""`veche demo_build [--force] [--scale 1.0]`: build the demo towns once; --force rebuilds."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from veche.demo.builder import build_demo, demo_exists
from veche.demo.guard import not_a_demo_database, not_a_demo_setting
from veche.demo.reset import database_reset


def _unapplied_migrations() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class Command(BaseCommand):
    help = "Построить демо-города (Приозёрск-26 и Светлоборск-12) с историей за год."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Стереть базу демо и построить заново.")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="Доля от полного размера (тесты: 0.05).")
        parser.add_argument("--seed", type=int, default=26)

    def handle(self, *, force: bool, scale: float, seed: int, **options):
        if not 0.01 <= scale <= 10:
            raise CommandError("--scale: от 0.01 до 10.")
        # Public passwords and derivable TOTP keys: only ever in the demo's database.
        if problem := not_a_demo_setting():
            raise CommandError(problem)
        # A new database has no tables yet, and the checks below read them.
        if _unapplied_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        if problem := not_a_demo_database():
            raise CommandError(problem)
        if demo_exists() and not force:
            self.stdout.write("Демо уже построено; для пересборки: veche demo_build --force")
            return
        if force:  # the database holds nothing but the demo (checked above)
            database_reset()
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Строю демо-города…")
        report = build_demo(scale=scale, seed=seed, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Готово за {report.seconds:.1f} с."))
        self.report = report
