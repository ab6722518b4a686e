"""Check-in at the door (issue 17): 500 check-ins a minute, sustained, from phones through the
staff scanner's real HTTP path.

Each request is what the scanner's script (static/web/events/scanner.js) sends when a QR code
is read: `POST /t/<town>/office/events/<id>/checkin/` of a staff member logged in through the
session (session cookie, CSRF token, second factor passed), the QR's whole URL as `code`,
`Accept: application/json`; the answer is the JSON result («Отмечен: …»). Several phones scan
at once, each its own keep-alive connection, each ticket once; then every ticket is scanned a
second time (must answer «уже отмечен» and change nothing).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_veche \\
        .venv/bin/python bench/events_checkin.py [--phones 6] [--seconds 60] [--rate 500]

Phases, on one server (gunicorn gthread, `veche serve`'s defaults: 2 × cores + 1 workers,
2 threads): `sustained` — the phones together paced at --rate check-ins a minute for
--seconds; `burst` — the same phones as fast as they can for 15 s (the headroom); `again` —
500 tickets scanned a second time. The database is counted afterwards: one check-in per
ticket, none lost, no ledger action (presence is not an action).
"""

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

CSRF = "c" * 32  # the CSRF secret every bench phone holds (cookie and header alike)
SLUG = "bench-events"


def prepare(tickets: int) -> dict:
    """The bench town with a staff member, an announced event and `tickets` registrations of
    fresh registry persons; the staff session and the tickets' QR URLs."""
    import datetime as dt

    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY

    from veche.accounts.factories import add_totp, grant_role, make_user
    from veche.events.lifecycle import EVENT
    from veche.events.models import Registration, VenueKind
    from veche.events.qr import ticket_token
    from veche.events.services.events import event_create
    from veche.registry.models import Person
    from veche.territories.factories import make_town
    from veche.territories.models import Territory
    from veche.territories.scoping import all_towns, town_scope

    with all_towns():
        town = Territory.objects.filter(slug=SLUG).first() or make_town(
            slug=SLUG, name="Город мероприятий", latitude=56.1, longitude=60.2)
    stamp = int(time.time())
    with town_scope(town):
        staff = make_user(email=f"scanner-{stamp}@bench.example.org", full_name="Сканер")
        grant_role(staff, town, "staff")
        device = add_totp(staff)
        now = timezone.now()
        event = event_create(territory=town, kind="mass", title=f"День города {stamp}",
                             organiser_kind="administration", venue_kind=VenueKind.OUTDOORS,
                             starts_at=now - dt.timedelta(minutes=30),
                             ends_at=now + dt.timedelta(hours=6), registration_open=True)
        EVENT.run("announce", event, by=staff)
        persons = Person.objects.bulk_create([
            Person(territory=town, surname=f"Гость{stamp}", given_name=f"Номер{i}",
                   patronymic="Тестович", search_name=f"гость{stamp} номер{i} тестович")
            for i in range(tickets)], batch_size=2000)
        regs = Registration.objects.bulk_create([
            Registration(territory=town, event=event, person=p) for p in persons],
            batch_size=2000)
        urls = [f"https://veche.example/t/{SLUG}/events/ticket/{ticket_token(r, event)}/"
                for r in regs]
    client = Client()
    client.force_login(staff)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {"town_id": town.pk, "event_id": event.pk, "session": session.session_key,
            "path": f"/t/{SLUG}/office/events/{event.pk}/checkin/", "urls": urls}


class Phone(threading.Thread):
    """One staff phone: a keep-alive connection, its own share of the tickets."""

    def __init__(self, port: int, cfg: dict, tickets: list[str], interval: float,
                 until: float):
        super().__init__(daemon=True)
        self.port, self.cfg, self.tickets = port, cfg, tickets
        self.interval, self.until = interval, until
        self.latencies: list[float] = []
        self.codes: dict[str, int] = {}
        self.errors = 0
        self.used = 0

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": f"sessionid={self.cfg['session']}; csrftoken={CSRF}",
                   "X-CSRFToken": CSRF, "Accept": "application/json",
                   "Content-Type": "application/x-www-form-urlencoded"}
        next_at = time.perf_counter()
        for url in self.tickets:
            now = time.perf_counter()
            if now >= self.until:
                break
            if self.interval and next_at > now:
                time.sleep(next_at - now)
            next_at += self.interval
            started = time.perf_counter()
            try:
                conn.request("POST", self.cfg["path"], urlencode({"code": url}), headers)
                response = conn.getresponse()
                body = response.read()
                code = json.loads(body)["code"] if response.status == 200 else str(
                    response.status)
            except (OSError, http.client.HTTPException, ValueError):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            self.latencies.append(time.perf_counter() - started)
            self.codes[code] = self.codes.get(code, 0) + 1
            self.used += 1
        conn.close()


def phase(port: int, cfg: dict, tickets: list[str], phones: int, per_minute: float,
          seconds: float) -> tuple[dict, list[str]]:
    """Scan `tickets` with `phones` phones, together at `per_minute` (0: unpaced), for at
    most `seconds`; the figures and how many tickets were used."""
    interval = phones * 60.0 / per_minute if per_minute else 0.0
    until = time.perf_counter() + seconds
    shares = [tickets[k::phones] for k in range(phones)]
    threads = [Phone(port, cfg, share, interval, until) for share in shares]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies = [x for t in threads for x in t.latencies]
    codes: dict[str, int] = {}
    for t in threads:
        for k, v in t.codes.items():
            codes[k] = codes.get(k, 0) + v
    done = sum(t.used for t in threads)
    # The tickets each phone took, in the order they were dealt: used ones are the first of
    # each share, so the next phase takes up where this one stopped.
    used = [u for t in threads for u in t.tickets[:t.used]]
    return ({"phones": phones, "seconds": round(elapsed, 1), "requests": done,
             "per_minute": round(done / elapsed * 60, 1), "codes": codes,
             "errors": sum(t.errors for t in threads),
             "latency_ms": common.summary_ms(latencies) if latencies else {}},
            used)


def wait_up(port: int, seconds: float = 600) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/t/{SLUG}/events/",  # noqa: S310
                                   timeout=30).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer within {seconds} s")


def counted(cfg: dict) -> dict:
    from veche.events.models import Registration
    from veche.ledger.models import Action
    from veche.territories.scoping import town_scope

    with town_scope(cfg["town_id"]):
        regs = Registration.objects.filter(event_id=cfg["event_id"])
        return {"checked_in": regs.filter(checked_in_at__isnull=False).count(),
                "tickets": regs.count(),
                "ledger_actions_of_event": Action.objects.filter(
                    object_type="events.event", object_id=str(cfg["event_id"])).count()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--phones", type=int, default=6)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--rate", type=float, default=500, help="check-ins a minute, sustained")
    ap.add_argument("--port", type=int, default=18795)
    args = ap.parse_args()
    os.environ["VECHE_HTTPS"] = "0"
    common.setup()
    tickets = int(args.rate * args.seconds / 60) + 30 * 400 + 1000
    cfg = prepare(tickets)
    cores = os.cpu_count() or 1
    env = {**os.environ, "VECHE_HTTPS": "0"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "veche.wsgi:application", "--bind",
         f"127.0.0.1:{args.port}", "--workers", str(2 * cores + 1), "--threads", "2",
         "--worker-class", "gthread", "--keep-alive", "75", "--log-level", "warning"],
        cwd=common.ROOT, env=env, start_new_session=True)
    result: dict = {"load_before": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
                    "server": f"gunicorn gthread {2 * cores + 1}×2",
                    "path": "POST /t/<town>/office/events/<id>/checkin/ (session, CSRF, TOTP)"}
    try:
        wait_up(args.port)
        for _ in range(4 * cores):  # every worker's first request loads its lazy parts
            wait_up(args.port)
        sustained, used = phase(args.port, cfg, cfg["urls"], args.phones, args.rate,
                                args.seconds)
        taken = set(used)
        burst, used2 = phase(args.port, cfg, [u for u in cfg["urls"] if u not in taken],
                             args.phones, 0, 15)
        again, _ = phase(args.port, cfg, used[:500], args.phones, 0, 60)
        result.update({"sustained": sustained, "burst": burst, "again": again})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(60)
    result["load_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    db = counted(cfg)
    result["db"] = db
    first_scans = (result["sustained"]["codes"].get("checked_in", 0)
                   + result["burst"]["codes"].get("checked_in", 0))
    result["checks"] = {
        "sustained_rate_met": result["sustained"]["per_minute"] >= args.rate * 0.97,
        "p95_under_500ms": result["sustained"]["latency_ms"].get("p95", 1e9) < 500,
        "every_first_scan_checked_in": first_scans == len(used) + len(used2),
        "none_lost": db["checked_in"] == first_scans,
        "second_scan_already": result["again"]["codes"] == {"already_checked_in": 500},
        "no_ledger_action": db["ledger_actions_of_event"] == 0,
        "no_errors": all(result[p]["errors"] == 0 for p in ("sustained", "burst", "again")),
    }
    result["ok"] = all(result["checks"].values())
    common.save("events_checkin", result)


if __name__ == "__main__":
    main()
