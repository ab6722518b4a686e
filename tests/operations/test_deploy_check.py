"""`veche check --deploy` with production's settings (no VECHE_DEBUG, an https site) is clean:
HTTPS redirect, HSTS, secure cookies; the demo stays plain HTTP on 127.0.0.1."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, bool(s.SECURE_CSP))")


def _veche(var: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    script = shutil.which("veche", path=str(Path(sys.executable).parent))
    cmd = [script] if script else [sys.executable, "-c", "from veche.cli import main; main()"]
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(var), "LANG": "C.UTF-8",
             "VECHE_VAR_DIR": str(var), **env}
    return subprocess.run([*cmd, *args], env=clean, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


PRODUCTION = {"VECHE_SECRET_KEY": "p" * 30 + "Q7x!kz" * 8,
              "VECHE_ALLOWED_HOSTS": "veche.example.ru",
              "VECHE_SITE_URL": "https://veche.example.ru"}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    run = _veche(tmp_path, "check", "--deploy", **PRODUCTION)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout
    shown = _veche(tmp_path, "shell", "-v", "0", "-c", SHOW, **PRODUCTION)
    assert shown.stdout.split() == ["True", "31536000", "True", "True"], shown.stderr


def test_the_demo_is_plain_http_and_says_so_to_check_deploy(tmp_path):
    shown = _veche(tmp_path, "shell", "-v", "0", "-c", SHOW, VECHE_DEBUG="1")
    assert shown.stdout.split() == ["False", "0", "False", "True"], shown.stderr
    run = _veche(tmp_path, "check", "--deploy", **PRODUCTION, VECHE_HTTPS="0")
    assert "security.W008" in run.stdout + run.stderr  # no TLS: the check rightly warns
