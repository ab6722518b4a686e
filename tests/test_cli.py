"""The `veche` command finds its settings: production's environment, or the demo's var/demo.env
in a checkout where the environment chose nothing; a missing setting is one line, not a
traceback (docs/operations.md, «Settings»)."""

import shutil
import subprocess
import sys
from pathlib import Path

from veche import cli

ROOT = Path(__file__).resolve().parents[1]


def _veche(var: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`veche ARGS` in a fresh process whose environment holds only PATH, HOME and `env`."""
    script = shutil.which("veche", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-m", "veche.cli"]
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(var), "LANG": "C.UTF-8",
             "VECHE_VAR_DIR": str(var), **env}
    return subprocess.run([*cmd, *args], env=clean, capture_output=True, text=True, timeout=120,
                          cwd=ROOT)


def _write_demo_env(var: Path, monkeypatch) -> None:
    """The file `veche demo` leaves behind, written by the same function."""
    for name in ("DATABASE_URL", "VECHE_SECRET_KEY", "VECHE_TESTING"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VECHE_VAR_DIR", str(var))
    monkeypatch.setenv("VECHE_DEBUG", "1")
    cli.demo_env_write()
    assert (var / "demo.env").is_file()


def test_a_missing_secret_key_is_one_line_naming_the_variable(tmp_path):
    result = _veche(tmp_path, "check")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("veche: VECHE_SECRET_KEY не задан: задайте переменную окружения")
    assert "docs/operations.md" in lines[0] and "Traceback" not in result.stderr


def test_after_the_demo_a_documented_command_runs_without_exports(tmp_path, monkeypatch):
    _write_demo_env(tmp_path, monkeypatch)
    result = _veche(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_configured_environment_never_gets_the_demo_settings(tmp_path, monkeypatch):
    _write_demo_env(tmp_path, monkeypatch)
    show = "from django.conf import settings; print(settings.DEBUG)"
    result = _veche(tmp_path, "shell", "-v", "0", "-c", show, VECHE_SECRET_KEY="k" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_demo_file_is_read_only_when_the_environment_chose_nothing(tmp_path, monkeypatch):
    _write_demo_env(tmp_path, monkeypatch)
    monkeypatch.setenv("VECHE_VAR_DIR", str(tmp_path))
    environ: dict[str, str] = {}
    assert cli.demo_env_load(environ) and environ == {"VECHE_DEBUG": "1", "VECHE_DEMO": "1"}
    for chosen in cli.DEMO_ENV_OVERRIDES:
        environ = {chosen: "x"}
        assert not cli.demo_env_load(environ) and environ == {chosen: "x"}
    (tmp_path / "demo.env").unlink()
    assert not cli.demo_env_load({})


def test_the_demo_file_is_not_written_for_someone_elses_database(tmp_path, monkeypatch):
    monkeypatch.setenv("VECHE_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("VECHE_TESTING", raising=False)
    monkeypatch.setenv("VECHE_DEBUG", "1")
    monkeypatch.setenv("DATABASE_URL", "postgres://veche@db:5432/veche")
    cli.demo_env_write()
    assert not (tmp_path / "demo.env").exists()
