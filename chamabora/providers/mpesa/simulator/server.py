"""Serving a WSGI app on a loopback port in a background thread: the
simulator in tests, and our own service when the simulator must call it back."""
from __future__ import annotations

import threading

from werkzeug.serving import BaseWSGIServer, make_server


class ServerThread:
    def __init__(self, app, host: str = "127.0.0.1", port: int = 0) -> None:  # type: ignore[no-untyped-def]
        self.server: BaseWSGIServer = make_server(host, port, app, threaded=True)
        self.url = f"http://{host}:{self.server.server_port}"
        # a short poll: stopping waits for the loop's next look (0.5 s by default, per server, per test)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def start(self) -> ServerThread:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def serve(app, host: str = "127.0.0.1", port: int = 0) -> ServerThread:  # type: ignore[no-untyped-def]
    return ServerThread(app, host, port).start()
