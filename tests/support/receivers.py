"""Webhook receivers for the tests: real HTTP servers on 127.0.0.1 that record every request
and answer as each test says."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

#: What ``respond(n, headers, body)`` returns: a status, extra headers and a body.
Reply = tuple[int, dict[str, str], bytes]


class Receiver:
    """A ThreadingHTTPServer on 127.0.0.1:0; ``respond(n, headers, body)`` decides each reply."""

    def __init__(self, respond: Callable[[int, dict[str, str], bytes], Reply]) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.times: list[float] = []     # monotonic arrival time of each request
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)
        self.got_one = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.arrived:
                    receiver.requests.append((headers, body))
                    receiver.times.append(time.monotonic())
                    number = len(receiver.requests)
                    receiver.arrived.notify_all()
                receiver.got_one.set()
                status, extra, reply = respond(number, headers, body)
                try:
                    self.send_response(status)
                    for name, value in extra.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply)))
                    self.end_headers()
                    self.wfile.write(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def count(self) -> int:
        with self.lock:
            return len(self.requests)

    def events(self) -> list[str]:
        """The ``event`` of each request's body, in arrival order."""
        with self.lock:
            return [json.loads(body)["event"] for _, body in self.requests]

    def wait_for(self, count: int, timeout: float) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.requests) >= count, timeout)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()



@pytest.fixture
def receive() -> Iterator[Callable[..., Receiver]]:
    """``receive(respond=None)`` starts a receiver (200 "ok" by default); all stop afterwards."""
    made: list[Receiver] = []

    def make(respond: Callable[[int, dict[str, str], bytes], Reply] | None = None) -> Receiver:
        receiver = Receiver(respond or (lambda n, h, b: (200, {}, b"ok")))
        made.append(receiver)
        return receiver

    yield make
    for receiver in made:
        receiver.close()
