"""`veche serve_intake [ADDR:PORT]`: the ballot intake — uvicorn running veche.asgi, where
integrations' ballots (`POST /api/v1/t/<town>/votes/<id>/ballots/`) are written in batches and
every other request is Django's (docs/operations.md: put it behind the same nginx as
`veche serve` and route that one path to it during big votes).

Settings from the environment:
  VECHE_INTAKE_BIND     address:port (default 127.0.0.1:8001)
  VECHE_INTAKE_WORKERS  worker processes (default: one per CPU core)
"""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from .serve import bind_address


def uvicorn_argv(*, bind: str, workers: int) -> list[str]:
    host, _, port = bind.rpartition(":")
    return [sys.executable, "-m", "uvicorn", "veche.asgi:application", "--host", host or
            "127.0.0.1", "--port", port, "--workers", str(workers), "--loop", "uvloop",
            "--http", "httptools", "--backlog", "2048", "--lifespan", "off",
            *([] if os.environ.get("VECHE_ACCESS_LOG") == "1" else ["--no-access-log"])]


class Command(BaseCommand):
    help = "Запустить приём бюллетеней (uvicorn, veche.asgi) для интеграций города."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help="адрес:порт или порт")
        parser.add_argument("--workers", type=int)
        parser.add_argument("--dry-run", action="store_true",
                            help="Показать команду uvicorn и выйти.")

    def handle(self, *, addrport, workers, dry_run, **options):
        bind = bind_address(addrport, os.environ.get("VECHE_INTAKE_BIND"), "127.0.0.1:8001")
        try:
            workers = workers or int(os.environ.get("VECHE_INTAKE_WORKERS",
                                                    os.cpu_count() or 1))
        except ValueError:
            raise CommandError("VECHE_INTAKE_WORKERS — целое число.") from None
        argv = uvicorn_argv(bind=bind, workers=workers)
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        self.stdout.write(f"приём бюллетеней на http://{bind}/ ({workers} процесса)")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # uvicorn gets the signals (systemd stop, Ctrl+C)
