"""The `veche` console command end to end, in fresh processes on a throwaway embedded database:
`veche demo` builds once and reuses, `veche demo_code` prints a code, and a task queued in the
database is run by `veche worker`."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def _veche(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    script = shutil.which("veche", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-c", "from veche.cli import main; main()"]
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "VECHE_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(VECHE_VAR_DIR=str(tmp_path), VECHE_DEBUG="1", VECHE_TASKS_BACKEND="database")
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])


def _ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_veche_demo_builds_once_prints_logins_and_the_worker_runs_tasks(tmp_path):
    first = _ok(_veche(tmp_path, "demo", "--no-serve", "--scale", "0.03"))
    assert (tmp_path / "veche.sqlite3").exists()
    assert "glava.priozersk@demo.test" in first and "kurator@demo.test" in first
    assert "veche-demo" in first and "veche demo_code" in first

    second = _ok(_veche(tmp_path, "demo", "--no-serve"))
    assert "уже построены" in second and "Строю" not in second

    code = _ok(_veche(tmp_path, "demo_code", "kurator@demo.test")).strip()
    assert re.fullmatch(r"\d{6}", code)

    # Queued in the database by one process, run by `veche worker` in another.
    enqueue = ("from veche.ledger.tasks import rebuild_town_rollups as t; "
               "from veche.territories.models import Territory as T; "
               "r = t.enqueue(territory_id=T.objects.get(slug='priozersk-26').pk); "
               "print(r.id, r.status)")
    task_id, status = _ok(_veche(tmp_path, "shell", "-v", "0", "-c", enqueue)).split()
    assert status == "READY"
    _ok(_veche(tmp_path, "worker", "--batch", "--no-startup-delay", "--no-reload"))
    check = ("from django_tasks_db.models import DBTaskResult as R; "
             f"r = R.objects.get(id='{task_id}'); print(r.status, r.return_value['persons'])")
    status, persons = _ok(_veche(tmp_path, "shell", "-v", "0", "-c", check)).split()
    assert status == "SUCCESSFUL" and int(persons) > 0
