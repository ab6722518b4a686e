"""The `veche` console command: `veche demo`, `veche serve`, `veche worker`, and every Django
management command (`veche migrate`, `veche createsuperuser`, …)."""

import os
import sys


def django_main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veche.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


SHORTCUTS = {
    # veche serve [PORT]: the web server (gunicorn on PostgreSQL deployments, see README).
    "serve": "serve",
    # veche serve-intake [PORT]: the ballot intake for integrations (uvicorn, veche.asgi).
    "serve-intake": "serve_intake",
    # veche worker: the database-backed background worker of Django's tasks API.
    "worker": "db_worker",
    # veche demo: migrate, build the demo towns once, print the logins, serve.
    "demo": "demo",
    # veche import-passport FILE… --town SLUG: load practice passports into a town's bank.
    "import-passport": "import_passport",
}


DEMO_COMMANDS = {"demo", "demo_build", "demo_code"}


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] in DEMO_COMMANDS:
        # The demo is a development server on 127.0.0.1: debug mode, a per-checkout key.
        os.environ.setdefault("VECHE_DEBUG", "1")
    if args and args[0] in SHORTCUTS:
        args[0] = SHORTCUTS[args[0]]
    django_main(["veche", *args])


if __name__ == "__main__":
    main()
