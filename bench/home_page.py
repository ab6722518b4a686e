"""Bench 4: the town home page (/t/<slug>/) under 50 concurrent clients: gunicorn (`veche
serve`) against the bench database, loaded by `wrk` (apt-get install wrk) on 127.0.0.1 only.
Goal: p95 < 100 ms.

    .venv/bin/python bench/home_page.py [--town bench-town] [--seconds 30] [--clients 50]
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PORT = 18777
# wrk reports p50/p75/p90/p99 by itself; this prints the p95 and the errors as JSON.
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"p50": %.2f, "p95": %.2f, "p99": %.2f, "max": %.2f, ' ..
    '"requests": %d, "seconds": %.1f, "non_2xx": %d, "errors": %d}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
"""


def wait_up(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer 200 within {seconds} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--town", default=common.BENCH_TOWN)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    common.setup(migrate=False)
    env = {**os.environ, "VECHE_BIND": f"127.0.0.1:{PORT}", "VECHE_LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [sys.executable, str(common.ROOT / "manage.py"), "serve", "--workers",
         str(args.workers), "--threads", str(args.threads)],
        env=env, cwd=common.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{PORT}/t/{args.town}/"
    try:
        wait_up(url)
        script = common.RESULTS / "wrk_report.lua"
        common.RESULTS.mkdir(parents=True, exist_ok=True)
        script.write_text(WRK_REPORT)
        # Warm every worker (imports, connections, template cache) before measuring.
        subprocess.run(["wrk", "-t2", f"-c{args.clients}", "-d5s", url], check=True,
                       capture_output=True)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{args.clients}", f"-d{args.seconds}s", "--timeout", "10s",
             "-s", str(script), url], check=True, capture_output=True, text=True,
        ).stdout
        figures = json.loads(out.strip().splitlines()[-1])
    finally:
        # gunicorn and its workers, this bench's own; SIGINT: stop now, no graceful drain.
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=60)
    figures["requests_per_s"] = round(figures["requests"] / figures["seconds"])
    common.save("home_page", {
        "url": url, "clients": args.clients, "gunicorn": f"{args.workers} × {args.threads}",
        "latency_ms": figures, "goal": "p95 < 100 ms at 50 clients",
    })


if __name__ == "__main__":
    main()
