"""`veche demo [--port 8000]`: migrate the embedded database, build the demo towns once, print
the logins and serve on 127.0.0.1. A second run reuses what the first built."""

import argparse
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from veche.demo.builder import demo_exists
from veche.demo.logins import demo_logins, format_logins


class Command(BaseCommand):
    help = "Демо: база, демо-города, входы и сервер на 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
        parser.add_argument("--no-serve", action="store_true",
                            help="Только подготовить базу и показать входы.")

    def handle(self, *, port: int, scale: float, no_serve: bool, **options):
        if not 1 <= port <= 65535:
            raise CommandError("--port: номер порта от 1 до 65535.")
        self.stdout.write("Готовлю базу данных…")
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            self.stdout.write("Демо-города уже построены — использую их "
                              "(пересобрать: veche demo_build --force).")
        else:
            call_command("demo_build", scale=scale, stdout=self.stdout)
        url = f"http://127.0.0.1:{port}/"
        # Links in the demo's e-mails and posters point to the demo itself (VECHE_SITE_URL),
        # unless whoever runs it set the public address.
        site = os.environ.setdefault("VECHE_SITE_URL", url.rstrip("/"))
        settings.VECHE_SITE_URL = site
        self.stdout.write("")
        self.stdout.write(format_logins(demo_logins(), url))
        self.stdout.write("")
        if no_serve:
            return
        if not settings.DEBUG:
            self.stderr.write("VECHE_DEBUG не включён: статика отдаётся только после "
                              "collectstatic. Для демо запускайте `veche demo` или `make demo`.")
        # The background worker (list imports, figure refreshes) runs beside the demo server
        # and stops with it.
        worker = subprocess.Popen(
            [sys.executable, "-m", "veche.cli", "worker", "--interval", "1", "--no-reload"],
            env={**os.environ, "VECHE_DEBUG": "1"}, preexec_fn=_die_with_parent,
        )
        # `kill` of the demo stops the worker too (SIGTERM would skip the `finally` below).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(f"Фоновый обработчик задач запущен (pid {worker.pid}).")
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)


def _die_with_parent() -> None:
    """Linux: the worker gets SIGTERM when the demo process dies, however it dies."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
