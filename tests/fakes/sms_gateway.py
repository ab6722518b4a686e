"""A fake SMS operator gateway: accepts POSTed JSON on 127.0.0.1 and keeps what it received."""

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.fakes.server import LocalServer


class FakeSmsGateway(LocalServer):
    def __init__(self, *, status: int = 200, token: str = ""):
        self.status, self.token = status, token
        self.received: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if gateway.token and self.headers.get("Authorization") != f"Bearer {gateway.token}":
                    self._answer(401, {"error": "unauthorized"})
                    return
                try:
                    payload = json.loads(body)
                except ValueError:
                    self._answer(400, {"error": "not json"})
                    return
                gateway.received.append(payload)
                self._answer(gateway.status, {"ok": gateway.status < 300})

            def _answer(self, status, data):
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"
        self._start_thread()
