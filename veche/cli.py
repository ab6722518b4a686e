"""The `veche` console command: `veche demo`, `veche serve`, `veche worker`, `veche recount FILE`
(standalone: no settings, no database), and every Django management command (`veche migrate`,
`veche createsuperuser`, …).

Where the settings come from (docs/operations.md, «Настройки»):
- production sets them in the environment (VECHE_SECRET_KEY, DATABASE_URL, …);
- a demo checkout has `var/demo.env`, written by `veche demo` / `veche demo_build` (so by
  `make demo`), and any later `veche …` in that checkout reads it. The file is read only when
  it exists and the environment chose nothing itself (none of DEMO_ENV_OVERRIDES is set), so a
  server whose environment is configured never runs on demo settings.
A required setting that is missing stops the command with one line saying what to set.
"""

import os
import sys
from pathlib import Path

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
# Commands that need no settings and no database: run before Django's settings are read, so
# they work on a fresh install and on a machine that only downloaded a published file.
STANDALONE = {
    # veche recount FILE: check a published ballot file's chain and recount it.
    "recount": "veche.votes.recount",
}

DEMO_COMMANDS = {"demo", "demo_build", "demo_code"}
DEMO_ENV_FILE = "demo.env"
# Any of these in the environment means whoever runs `veche` chose the settings: the demo file
# is then ignored.
DEMO_ENV_OVERRIDES = ("VECHE_SECRET_KEY", "DATABASE_URL", "VECHE_DEBUG", "VECHE_TESTING",
                      "DJANGO_SETTINGS_MODULE")
# What `veche demo` runs on: development mode, the embedded SQLite database and a per-checkout
# key in var/ (veche/settings.py), marked as the demo's (VECHE_DEMO, veche/demo/guard.py).
DEMO_ENV = {"VECHE_DEBUG": "1", "VECHE_DEMO": "1"}
# Where the environment names its own database or key, the database is someone's real one:
# demo commands do not mark it as the demo's (a demo there needs VECHE_DEMO=1 set by hand).
OWN_DATABASE = ("DATABASE_URL", "VECHE_SECRET_KEY")


def var_dir() -> Path:
    """The checkout's var/ (or VECHE_VAR_DIR), as veche/settings.py computes it."""
    base = Path(__file__).resolve().parent.parent
    return Path(os.environ.get("VECHE_VAR_DIR", base / "var"))


def demo_env_load(environ: os._Environ[str] | dict[str, str]) -> bool:
    """Add var/demo.env's variables to `environ` if the file is there and the environment chose
    no settings itself; True if it did."""
    path = var_dir() / DEMO_ENV_FILE
    if any(name in environ for name in DEMO_ENV_OVERRIDES) or not path.is_file():
        return False
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and not name.startswith("#"):
            environ.setdefault(name.strip(), value.strip())
    return True


def demo_env_write() -> None:
    """Record the demo's settings for later `veche …` commands in this checkout; only for a demo
    on the embedded database (a DATABASE_URL or key in the environment is someone's own setup)."""
    chosen = any(os.environ.get(name) for name in OWN_DATABASE)
    if chosen or os.environ.get("VECHE_DEBUG") != "1" or os.environ.get("VECHE_TESTING"):
        return
    folder = var_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["# Written by `veche demo`: the settings of this checkout's demo, read by every",
             "# `veche` command run here when the environment sets no VECHE_SECRET_KEY,",
             "# DATABASE_URL or VECHE_DEBUG (docs/operations.md). Delete it to stop that."]
    lines += [f"{name}={value}" for name, value in DEMO_ENV.items()]
    (folder / DEMO_ENV_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


def settings_problem() -> str | None:
    """The settings' own one-line complaint (e.g. a missing VECHE_SECRET_KEY), or None."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - imports the settings module
    except ImproperlyConfigured as exc:
        return str(exc)
    return None


def django_main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veche.settings")
    problem = settings_problem()
    if problem:
        print(f"veche: {problem}", file=sys.stderr)
        raise SystemExit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] in STANDALONE:
        import importlib

        raise SystemExit(importlib.import_module(STANDALONE[args[0]]).main(args[1:]))
    if args and args[0] in DEMO_COMMANDS:
        # The demo is a development server on 127.0.0.1: debug mode, a per-checkout key, and
        # the embedded database is the demo's, unless the environment names its own.
        os.environ.setdefault("VECHE_DEBUG", "1")
        if not any(os.environ.get(name) for name in OWN_DATABASE):
            os.environ.setdefault("VECHE_DEMO", "1")
        if args[0] != "demo_code":
            demo_env_write()
    else:
        demo_env_load(os.environ)
    if args and args[0] in SHORTCUTS:
        args[0] = SHORTCUTS[args[0]]
    django_main(["veche", *args])


if __name__ == "__main__":
    main()
