"""`mesdesk webhooks …`: subscriptions (add, list, show, update, delete), the test event, the
deliveries log and re-sending. Validated input; the secret is shown once, on add, only."""

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

from mesdesk.adapters.outbox import OutboxDispatcher
from tests.support.cli import cli_runner


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data")


def test_add_shows_the_secret_once_and_list_and_show_never(cli):
    added = json.loads(cli("webhooks", "add", "http://127.0.0.1:9/hook",
                           "--events", "batch_created,batch_closed", "--json").stdout)
    secret = added["secret"]
    assert secret.startswith("whsec_") and added["events"] == ["batch_created", "batch_closed"]
    listed = cli("webhooks", "list", "--json").stdout
    shown = cli("webhooks", "show", str(added["id"])).stdout
    assert secret not in listed and secret not in shown and "secret" not in listed
    assert json.loads(listed)[0]["url"] == "http://127.0.0.1:9/hook"
    assert "Webhook subscription" in cli("webhooks", "delete", str(added["id"])).stdout
    assert "No webhook subscriptions." in cli("webhooks", "list").stdout


@pytest.mark.parametrize(("args", "fragment"), [
    (("ftp://example/hook", "--events", "batch_created"), "not an http:// or https:// URL"),
    (("http://127.0.0.1/hook", "--events", "batch_exploded"), "unknown event type"),
    (("http://127.0.0.1/hook", "--events", "batch_created", "--timeout", "0"), "timeout"),
])
def test_bad_subscription_input_is_refused_with_a_reason(cli, args, fragment):
    done = cli("webhooks", "add", *args, expect=1)
    assert fragment in done.stderr and done.stderr.count("\n") == 1
    assert "No webhook subscriptions." in cli("webhooks", "list").stdout


def test_an_unknown_subscription_is_named(cli):
    assert "webhook subscription 99 does not exist" in cli("webhooks", "show", "99",
                                                           expect=1).stderr


@pytest.fixture
def receiver():
    """A webhook receiver on 127.0.0.1 answering ``state["status"]``."""
    state = {"status": 200, "requests": [], "arrived": threading.Event()}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state["requests"].append((dict(self.headers), json.loads(body)))
            state["arrived"].set()
            self.send_response(state["status"])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/hook"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def dispatch(engine):
    """One pass of a real dispatcher, as the app or `mesdesk worker` would run it."""
    dispatcher = OutboxDispatcher(engine, station="e2e-dispatcher")
    yield dispatcher.run_once
    dispatcher.stop()


def add(cli, url: str, *extra: str) -> dict:
    return json.loads(cli("webhooks", "add", url, "--events", "batch_created", *extra,
                          "--json").stdout)


def test_update_changes_only_what_is_given_and_never_shows_the_secret(cli):
    added = add(cli, "http://127.0.0.1:9/hook", "--header", "X-Line=4")
    hook = str(added["id"])
    updated = json.loads(cli("webhooks", "update", hook, "--url", "https://erp.example/in",
                             "--events", "batch_closed,ping", "--retry-count", "6",
                             "--rate-limit", "5", "--json").stdout)
    assert (updated["url"], updated["events"], updated["retry_count"], updated["rate_limit"]) \
        == ("https://erp.example/in", ["batch_closed", "ping"], 6, 5)
    assert updated["timeout"] == 10 and updated["custom_headers"] == {"X-Line": "4"}
    assert "secret" not in updated

    text_out = cli("webhooks", "update", hook, "--rate-limit", "0", "--timeout", "20",
                   "--header", "Authorization=Bearer abc", "--inactive").stdout
    assert "https://erp.example/in" in text_out and "disabled" in text_out
    shown = json.loads(cli("webhooks", "show", hook, "--json").stdout)
    assert (shown["rate_limit"], shown["timeout"], shown["is_active"]) == (None, 20, False)
    assert shown["custom_headers"] == {"Authorization": "Bearer abc"}
    cleared = json.loads(cli("webhooks", "update", hook, "--clear-headers", "--active",
                             "--json").stdout)
    assert cleared["custom_headers"] == {} and cleared["is_active"] is True
    everything = text_out + json.dumps([updated, shown, cleared])
    assert added["secret"] not in everything


@pytest.mark.parametrize(("args", "fragment"), [
    (("--url", "erp.example/in"), "not an http:// or https:// URL"),
    (("--events", "batch_created,batch_exploded"), "unknown event type 'batch_exploded'"),
    (("--retry-count", "100"), "field 'retry_count': must be between 0 and"),
    (("--rate-limit", "-1"), "field 'rate_limit'"),
    (("--header", "NoEqualsSign"), "expected NAME=VALUE, got 'NoEqualsSign'"),
    (("--header", "webhook-id=forged"), "set by MESDesk"),
    ((), "nothing to change"),
])
def test_bad_update_input_is_refused_with_a_reason_and_changes_nothing(cli, args, fragment):
    hook = str(add(cli, "http://127.0.0.1:9/hook")["id"])
    done = cli("webhooks", "update", hook, *args, expect=1)
    assert fragment in done.stderr and done.stderr.count("\n") == 1
    shown = json.loads(cli("webhooks", "show", hook, "--json").stdout)
    assert shown["url"] == "http://127.0.0.1:9/hook" and shown["events"] == ["batch_created"]


def test_updating_or_testing_an_unknown_subscription_is_named(cli):
    for command in (("update", "77", "--timeout", "5"), ("test", "77")):
        assert "webhook subscription 77 does not exist" in cli("webhooks", *command,
                                                               expect=1).stderr


def test_test_event_is_queued_then_sent_by_a_dispatcher_and_logged(cli, receiver, dispatch):
    added = add(cli, receiver["url"])          # it does not list `ping`: a test goes anyway
    done = cli("webhooks", "test", str(added["id"]))
    assert "queued as delivery" in done.stdout and "mesdesk worker" in done.stdout
    delivery_id = int(done.stdout.split("queued as delivery ")[1].split()[0])

    pending = json.loads(cli("webhooks", "deliveries", "--json").stdout)
    assert [(d["id"], d["status"]) for d in pending["items"]] == [(delivery_id, "pending")]
    assert pending["queue_length"] == 1
    assert dispatch() == 1
    [(headers, body)] = receiver["requests"]
    assert body["event"] == "ping" and headers["X-Webhook-Event"] == "ping"

    listed = cli("webhooks", "deliveries", "--event", "ping", "--status", "success").stdout
    assert str(delivery_id) in listed and "success" in listed and "HTTP 200" in listed
    attempts = cli("webhooks", "attempts", str(delivery_id)).stdout
    assert "#1" in attempts and "HTTP 200" in attempts
    assert added["secret"] not in listed + attempts + json.dumps(pending)


def test_failed_deliveries_are_listed_and_resent(cli, engine, receiver, dispatch):
    added = add(cli, receiver["url"], "--retry-count", "0")
    receiver["status"] = 500
    first = json.loads(cli("webhooks", "test", str(added["id"]), "--json").stdout)
    second = json.loads(cli("webhooks", "test", str(added["id"]), "--json").stdout)
    assert dispatch() == 2
    with engine.begin() as connection:    # the first failed long ago
        connection.execute(text("UPDATE webhook_deliveries SET created_at = "
                                "'2025-03-10T12:00:00+05:00' WHERE id = :id"),
                           {"id": first["id"]})
    failed = json.loads(cli("webhooks", "deliveries", "--status", "failed", "--json").stdout)
    assert [d["id"] for d in failed["items"]] == [second["id"], first["id"]]
    assert failed["items"][0]["response_status"] == 500
    recent = json.loads(cli("webhooks", "deliveries", "--since", "2h", "--json").stdout)
    assert [d["id"] for d in recent["items"]] == [second["id"]]
    old = json.loads(cli("webhooks", "deliveries", "--since", "2025-03-10",
                         "--until", "2025-03-11", "--json").stdout)
    assert [d["id"] for d in old["items"]] == [first["id"]]

    receiver["status"] = 200
    again = json.loads(cli("webhooks", "resend", str(second["id"]), "--json").stdout)
    assert (again["status"], again["attempts"]) == ("pending", 0)
    done = cli("webhooks", "resend", "--failed", "--since", "2025-03-10T00:00",
               "--until", "2025-03-11T00:00")
    assert "1 failed deliveries queued" in done.stdout
    assert dispatch() == 2
    statuses = json.loads(cli("webhooks", "deliveries", "--json").stdout)
    assert {d["status"] for d in statuses["items"]} == {"success"}
    assert "0 failed deliveries" in cli("webhooks", "resend", "--failed", "--since",
                                        "7d").stdout


@pytest.mark.parametrize(("args", "fragment"), [
    (("deliveries", "--status", "lost"), "unknown delivery status 'lost'"),
    (("deliveries", "--event", "batch_exploded"), "unknown event type 'batch_exploded'"),
    (("deliveries", "--since", "yesterday"), "field 'since': expected a time like"),
    (("deliveries", "--since", "2025-03-11", "--until", "2025-03-10"),
     "field 'until': must be later than 'since'"),
    (("deliveries", "--limit", "0"), "field 'limit'"),
    (("resend",), "give the DELIVERY_ID to re-send, or --failed --since T"),
    (("resend", "--failed"), "--failed needs --since"),
    (("resend", "--failed", "--since", "31.12.2025"), "field 'since'"),
    (("resend", "5", "--since", "1h"), "--since goes with --failed"),
    (("resend", "424242"), "webhook delivery 424242 does not exist"),
    (("attempts", "424242"), "webhook delivery 424242 does not exist"),
])
def test_bad_deliveries_input_is_refused_with_a_reason(cli, args, fragment):
    done = cli("webhooks", *args, expect=1)
    assert fragment in done.stderr and done.stderr.count("\n") == 1


def test_the_worker_resends_what_a_raised_retry_count_allows_on_its_schedule(
        cli, engine, migrated_url, receiver, dispatch, tmp_path):
    added = add(cli, receiver["url"], "--retry-count", "0")
    receiver["status"] = 500
    failed = json.loads(cli("webhooks", "test", str(added["id"]), "--json").stdout)
    dispatch()
    cli("webhooks", "update", str(added["id"]), "--retry-count", "2")
    receiver["status"] = 200
    arrived = receiver["arrived"]
    arrived.clear()
    with engine.begin() as connection:   # a worker ran before, and none ran its last turn
        connection.execute(text(
            "INSERT INTO scheduled_tasks (task, first_seen_at) "
            "VALUES ('retry_failed_webhooks', now() - interval '1 hour')"))
    env = {**os.environ, "MESDESK_CONFIG_DIR": str(tmp_path / "config"),
           "MESDESK_DATA_DIR": str(tmp_path / "data"), "MESDESK_STATION": "server-1"}
    worker = subprocess.Popen([sys.executable, "-m", "mesdesk.cli", "worker", "--database-url",
                               migrated_url], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        assert "retry_failed_webhooks" in worker.stderr.readline()
        # The missed turn is caught up shortly after start; the dispatcher then sends.
        assert arrived.wait(timeout=60), "the worker re-sent nothing"
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0 and "Worker stopped." in out, err
    assert [body["id"] for _, body in receiver["requests"]] == [failed["event_id"]] * 2
    with engine.connect() as connection:
        job = connection.execute(text("SELECT status, station, result FROM jobs "
                                      "WHERE kind = 'retry_failed_webhooks'")).one()
    assert tuple(job) == ("succeeded", "server-1", {"requeued": 1})
    with engine.connect() as connection:
        run = connection.execute(text("SELECT trigger, status, counts FROM scheduled_runs "
                                      "WHERE task = 'retry_failed_webhooks'")).one()
    assert tuple(run) == ("catch_up", "succeeded", {"requeued": 1})
