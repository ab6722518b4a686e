"""A local HTTP server on 127.0.0.1 in a thread, for fakes of outside services (ESIA, SMS)."""

import threading
from http.server import ThreadingHTTPServer


class LocalServer:
    """Subclasses build `self.server` (a ThreadingHTTPServer on port 0) and call `_start_thread`;
    `with fake:` serves until the block ends."""

    server: ThreadingHTTPServer

    def _start_thread(self) -> None:
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
