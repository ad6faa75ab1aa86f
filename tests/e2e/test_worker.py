"""`mesdesk worker` as a server runs it: events committed anywhere reach a webhook receiver;
SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import text

from tests.support.factories import create_batch


@pytest.fixture
def receiver():
    received: list[dict] = []
    arrived = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"headers": dict(self.headers), "body": json.loads(body)})
            self.send_response(200)
            self.end_headers()
            arrived.set()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received, arrived
    server.shutdown()
    server.server_close()


def test_the_headless_worker_delivers_and_stops_on_sigterm(engine, migrated_url, uow_factory,
                                                           tz, receiver, tmp_path):
    url, received, arrived = receiver
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO webhook_subscriptions (url, events, secret) "
            "VALUES (:url, ARRAY['batch_created'], 'whsec_dGVzdC1zZWNyZXQtZm9yLWUyZS13b3JrZXIh')"),
            {"url": url})
    env = {**os.environ, "MESDESK_CONFIG_DIR": str(tmp_path / "config"),
           "MESDESK_DATA_DIR": str(tmp_path / "data"), "MESDESK_STATION": "server-1"}
    worker = subprocess.Popen([sys.executable, "-m", "mesdesk.cli", "worker", "--database-url",
                               migrated_url], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert "dispatching webhooks" in worker.stderr.readline()
        batch_id = create_batch(uow_factory, tz, number=77)
        assert arrived.wait(timeout=15), "the worker delivered nothing"
        [delivery] = received
        assert delivery["body"]["event"] == "batch_created"
        assert delivery["body"]["data"]["id"] == batch_id
        assert delivery["headers"]["X-Webhook-Event"] == "batch_created"
        assert delivery["headers"]["webhook-signature"].startswith("v1,")
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err
    assert "Worker stopped." in out and "Traceback" not in err


def test_the_headless_worker_imports_what_1c_drops_into_the_exchange_folder(
        migrated_url, uow_factory, tmp_path):
    from datetime import date

    from tests.support.sheets import batch_row, batches_xlsx

    exchange = tmp_path / "exchange"
    exchange.mkdir()
    env = {**os.environ, "MESDESK_CONFIG_DIR": str(tmp_path / "config"),
           "MESDESK_DATA_DIR": str(tmp_path / "data"), "MESDESK_STATION": "server-2",
           "MESDESK_EXCHANGE_DIR": str(exchange)}
    worker = subprocess.Popen([sys.executable, "-m", "mesdesk.cli", "worker", "--database-url",
                               migrated_url], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert "dispatching webhooks" in worker.stderr.readline()
        batches_xlsx(exchange / "tasks.xlsx.part", [batch_row(8801, date(2026, 12, 4))])
        (exchange / "tasks.xlsx.part").rename(exchange / "tasks.xlsx")   # as 1C finishes one
        result = exchange / "processed" / "tasks.xlsx.result.json"
        assert wait_for(result.is_file, timeout=30), "the worker imported nothing"
        assert json.loads(result.read_text("utf-8"))["created"] == 1
        with uow_factory() as uow:
            assert len(uow.batches.find_by_keys([(8801, date(2026, 12, 4))])) == 1
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err


def wait_for(condition, timeout: float) -> bool:
    """Poll a condition another process makes true, until ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
