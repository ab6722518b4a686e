"""The nginx example in docs/operations.md, taken from the file as written: it forwards Host,
X-Forwarded-Proto and X-Real-IP, redirects HTTP to HTTPS, serves static files and keeps uploads
internal. With Debian's nginx installed it is run in front of a test server and a login goes
through it over HTTPS; the same rules are also checked against Django directly, so a machine
without nginx still tests what the example promises."""

import datetime as dt
import ipaddress
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests
from django.test import Client, override_settings
from django.urls import reverse

from veche.accounts.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
BEHIND_NGINX = {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
                "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True,
                "CSRF_COOKIE_SECURE": True, "VECHE_BEHIND_PROXY": True}


def example() -> str:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    after = text.split("<!-- nginx-example:", 1)[1]
    return re.search(r"```nginx\n(.*?)```", after, re.S).group(1)


def _directives(conf: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in conf.splitlines())
    return [" ".join(line.split()) for line in lines if line]


def test_the_example_forwards_the_headers_django_needs_and_keeps_uploads_internal():
    lines = _directives(example())
    for needed in ("proxy_set_header Host $http_host;",
                   "proxy_set_header X-Forwarded-Proto $scheme;",
                   "proxy_set_header X-Real-IP $remote_addr;",
                   "return 301 https://$host$request_uri;",
                   "location /static/ {", "alias /opt/veche/var/static/;",
                   "location /_media/ {", "internal;", "alias /opt/veche/var/media/;"):
        assert needed in lines, needed
    media = lines.index("location /_media/ {")
    assert lines[media + 1] == "internal;"  # never served to a browser directly
    assert not any(line.startswith("location /media") for line in lines)


def _login(client: Client, **headers):
    client.get(reverse("accounts:login"), **headers)
    token = client.cookies["csrftoken"].value
    return client.post(reverse("accounts:login"),
                       {"username": "resident@zarechny.ru", "password": PASSWORD,
                        "csrfmiddlewaretoken": token}, **headers)


@override_settings(**BEHIND_NGINX, ALLOWED_HOSTS=["veche.example.ru"])
def test_django_accepts_an_https_login_with_the_headers_nginx_sends(resident_user):
    """What Django gets from the example: Host as typed, X-Forwarded-Proto https, X-Real-IP."""
    proxied = {"HTTP_HOST": "veche.example.ru", "HTTP_X_FORWARDED_PROTO": "https",
               "HTTP_X_REAL_IP": "203.0.113.9", "HTTP_ORIGIN": "https://veche.example.ru"}
    response = _login(Client(enforce_csrf_checks=True), **proxied)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"]
    # Without X-Forwarded-Proto Django takes the request for plain HTTP: it redirects…
    plain = {k: v for k, v in proxied.items() if k != "HTTP_X_FORWARDED_PROTO"}
    assert Client(enforce_csrf_checks=True).get(reverse("accounts:login"),
                                                **plain).status_code == 301
    # …and, redirect or not, the browser's https:// origin fails the CSRF check.
    with override_settings(SECURE_SSL_REDIRECT=False):
        assert _login(Client(enforce_csrf_checks=True), **plain).status_code == 403


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(key, hashes.SHA256()))
    crt, pem = folder / "fullchain.pem", folder / "privkey.pem"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    return crt, pem


def _nginx_conf(tmp: Path, upstream: str, http_port: int, https_port: int) -> tuple[Path, Path]:
    """The example with only its machine-specific parts changed, inside a minimal nginx.conf."""
    crt, pem = _certificate(tmp)
    # Run as root, nginx's workers are «nobody»: the served files live in a folder they may read
    # (pytest's tmp_path is private to its user).
    files = Path(tempfile.mkdtemp(prefix="veche-nginx-"))
    files.chmod(0o755)
    static, media = files / "static", files / "media"
    (static / "web" / "css").mkdir(parents=True)
    shutil.copy(ROOT / "veche/web/static/web/css/veche.css", static / "web/css/veche.css")
    media.mkdir()
    (media / "secret.txt").write_text("не для всех")
    body = example()
    for old, new in (("server 127.0.0.1:8000;", f"server {upstream};"),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"),
                     ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
                     ("/etc/ssl/veche/fullchain.pem", str(crt)),
                     ("/etc/ssl/veche/privkey.pem", str(pem)),
                     ("/opt/veche/var/static/", f"{static}/"),
                     ("/opt/veche/var/media/", f"{media}/")):
        assert old in body, old
        body = body.replace(old, new)
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    types {{ text/css css; text/plain txt; }}
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
{body}
}}
""")
    return conf, files


@pytest.mark.django_db(transaction=True)
@override_settings(**BEHIND_NGINX)
def test_debian_nginx_runs_the_example_and_an_https_login_goes_through(live_server, tmp_path,
                                                                       resident_user):
    if not NGINX:
        pytest.skip("nginx is not installed; the rules are checked against Django above")
    upstream = live_server.url.removeprefix("http://").replace("localhost", "127.0.0.1")
    http_port, https_port = _free_port(), _free_port()
    conf, files = _nginx_conf(tmp_path, upstream, http_port, https_port)
    test = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)],
                          capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    server = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                              stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", https_port)) == 0:
                    break
            time.sleep(0.05)
        site = f"https://127.0.0.1:{https_port}"
        browser = requests.Session()
        browser.trust_env = False  # no CA bundle or proxy from the environment
        browser.verify = str(tmp_path / "fullchain.pem")  # the test's own certificate

        plain = requests.get(f"http://127.0.0.1:{http_port}/accounts/login/",
                             allow_redirects=False, timeout=10)
        assert plain.status_code == 301 and plain.headers["Location"].startswith("https://")
        css = browser.get(f"{site}/static/web/css/veche.css", timeout=10)
        assert css.status_code == 200 and ".pct-100{width:100%}" in css.text
        assert browser.get(f"{site}/_media/secret.txt", timeout=10).status_code == 404

        page = browser.get(f"{site}/accounts/login/", timeout=30)
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        login = browser.post(f"{site}/accounts/login/", timeout=30, allow_redirects=False,
                             data={"username": "resident@zarechny.ru", "password": PASSWORD,
                                   "csrfmiddlewaretoken": token},
                             headers={"Origin": site, "Referer": f"{site}/accounts/login/"})
        assert login.status_code == 302, login.text[:500]
        session = next(c for c in browser.cookies if c.name == "sessionid")
        assert session.secure
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(files, ignore_errors=True)
