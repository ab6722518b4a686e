"""Demo-only commands refuse a real installation's database: `demo_build` would create
admin@demo.test with the public password and TOTP keys anyone can derive (veche/demo/guard.py)."""

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from veche import cli
from veche.accounts.models import User
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns

ROOT = Path(__file__).resolve().parents[2]


def _veche(var: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    script = shutil.which("veche", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-c", "from veche.cli import main; main()"]
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(var), "LANG": "C.UTF-8",
             "VECHE_VAR_DIR": str(var), **env}
    return subprocess.run([*cmd, *args], env=clean, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_demo_build_in_a_production_environment_refuses_and_touches_nothing(tmp_path):
    database = tmp_path / "production.sqlite3"
    run = _veche(tmp_path, "demo_build", "--scale", "0.02", VECHE_SECRET_KEY="k" * 50,
                 DATABASE_URL=f"sqlite:///{database}")
    assert run.returncode != 0
    assert "не помечена как демо" in run.stderr and "VECHE_DEMO=1" in run.stderr
    # Refused before migrating, let alone building (the checks may open an empty file).
    if database.exists():
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    code = _veche(tmp_path, "demo_code", "admin@demo.test", VECHE_SECRET_KEY="k" * 50)
    assert code.returncode != 0 and "не помечена как демо" in code.stderr


def test_the_checkouts_own_database_is_marked_as_the_demos(monkeypatch):
    for name in ("DATABASE_URL", "VECHE_SECRET_KEY", "VECHE_DEMO"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "argv", ["veche", "demo_code", "--help"])
    with pytest.raises(SystemExit):
        cli.main()
    assert os.environ["VECHE_DEMO"] == "1"
    monkeypatch.delenv("VECHE_DEMO")
    monkeypatch.setenv("DATABASE_URL", "postgres://veche@db/veche")
    with pytest.raises(SystemExit):
        cli.main()
    assert "VECHE_DEMO" not in os.environ  # someone's own database: set it by hand


@pytest.mark.django_db
@override_settings(VECHE_DEMO=False)
def test_without_the_mark_demo_build_refuses():
    with pytest.raises(CommandError, match="не помечена как демо"):
        call_command("demo_build", scale=0.02)
    assert not User.objects.filter(email="admin@demo.test").exists()


@pytest.mark.django_db
def test_even_with_the_mark_a_database_with_real_towns_is_refused():
    with all_towns():
        make_town(slug="zarechny", name="Заречный")
    with pytest.raises(CommandError, match="zarechny"):
        call_command("demo_build", scale=0.02)
    assert not User.objects.filter(email="admin@demo.test").exists()
