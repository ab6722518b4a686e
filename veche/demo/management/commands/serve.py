"""`veche serve [ADDR:PORT]`: the production web server, gunicorn running veche.wsgi.

Settings from the environment (see docs/operations.md):
  VECHE_BIND       address:port to listen on (default 127.0.0.1:$PORT, PORT default 8000)
  VECHE_WORKERS    worker processes (default 2 × CPU cores + 1)
  VECHE_THREADS    threads per worker (default 2)
  VECHE_TIMEOUT    seconds before a stuck worker is restarted (default 30)
Static files are collected first (whitenoise serves them from STATIC_ROOT).
"""

import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def gunicorn_argv(*, bind: str, workers: int, threads: int, timeout: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "veche.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
        "--timeout", str(timeout), "--error-logfile", "-",
        # Access logs usually come from the reverse proxy; VECHE_ACCESS_LOG=1 adds gunicorn's.
        *(["--access-logfile", "-"] if os.environ.get("VECHE_ACCESS_LOG") == "1" else []),
        # Restart a worker now and then (leaks, memory), but rarely: a fresh worker starts with
        # cold caches, which shows as a latency spike on a busy page.
        "--max-requests", os.environ.get("VECHE_MAX_REQUESTS", "100000"),
        "--max-requests-jitter", "5000",
    ]


def bind_address(addrport: str | None, configured: str | None, default: str) -> str:
    """ADDR:PORT from the command line, else from the environment, else the default; a bare
    port listens on 127.0.0.1. Shared with `veche serve_intake`."""
    bind = addrport or configured or default
    if bind.isdigit():
        bind = f"127.0.0.1:{bind}"
    if not bind.rpartition(":")[2].isdigit():
        raise CommandError(f"Адрес «{bind}» не понят: укажите адрес:порт, например "
                           "127.0.0.1:8000.")
    return bind


class Command(BaseCommand):
    help = "Запустить веб-сервер gunicorn (рабочий режим; для разработки — veche demo)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", help="адрес:порт или порт")
        parser.add_argument("--workers", type=int)
        parser.add_argument("--threads", type=int)
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument("--dry-run", action="store_true",
                            help="Показать команду gunicorn и выйти.")

    def handle(self, *, addrport, workers, threads, no_collectstatic, dry_run, **options):
        env = os.environ
        bind = bind_address(addrport, env.get("VECHE_BIND"), f"127.0.0.1:{env.get('PORT', '8000')}")
        try:
            workers = workers or int(env.get("VECHE_WORKERS", 2 * (os.cpu_count() or 1) + 1))
            threads = threads or int(env.get("VECHE_THREADS", "2"))
            timeout = int(env.get("VECHE_TIMEOUT", "30"))
        except ValueError:
            raise CommandError(
                "VECHE_WORKERS, VECHE_THREADS и VECHE_TIMEOUT — целые числа."
            ) from None
        argv = gunicorn_argv(bind=bind, workers=workers, threads=threads, timeout=timeout)
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        if not _has_gunicorn():
            raise CommandError("gunicorn не установлен: pip install gunicorn")
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"gunicorn на http://{bind}/ ({workers} × {threads})")
        sys.stdout.flush()
        # Replace this process: gunicorn gets the signals (systemd stop, Ctrl+C) directly.
        os.execv(sys.executable, argv)


def _has_gunicorn() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True
