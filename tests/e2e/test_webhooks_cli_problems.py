"""`mesdesk webhooks …` refusals as catalogued problems (``--json``: {"error": {code, params,
message}}), URLs shown without their password, the stored reason of a disabled subscription,
and no secret in the log file when an add fails in the database (issue 9, points 10-12)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from mesdesk.adapters.outbox import OutboxDispatcher
from tests.support.factories import create_batch
from tests.support.receivers import receive  # noqa: F401 - a fixture
from tests.support.cli import cli_runner

SECRET = "whsec_do-not-log-me-7c4a1f"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cli(engine, migrated_url, tmp_path, data_dir):
    return cli_runner(migrated_url, tmp_path / "config", data_dir)


@pytest.mark.parametrize(("args", "code", "params"), [
    (("add", "http://127.0.0.1/hook", "--events", "batch_created", "--header", "X-Line=линия"),
     "header.value_non_ascii",
     {"name": "X-Line", "character": "'л' (U+043B)", "position": 1, "field": "custom_headers"}),
    (("add", "http://127.0.0.1/hook", "--events", "batch_created", "--header", "X(Line)=4"),
     "header.name_invalid",
     {"name": "X(Line)", "character": "'(' (U+0028)", "position": 2, "field": "custom_headers"}),
    (("add", "http://169.254.169.254/latest/meta-data/", "--events", "batch_created"),
     "webhook.target_forbidden", {"host": "169.254.169.254", "field": "url"}),
    (("add", "http://127.0.0.1/hook", "--events", "batch_exploded"), "webhook.event_unknown",
     {"event": "batch_exploded", "field": "events"}),
    (("show", "424242"), "subscription.not_found", {"id": 424242, "field": "id"}),
    (("show", str(2**70)), "subscription.not_found", {"id": 2**70, "field": "id"}),
    (("deliveries", "--since", "0001-01-01T00:00+05:00"), "webhook.time_out_of_range",
     {"text": "0001-01-01T00:00+05:00", "field": "since"}),
    (("deliveries", "--status", "lost"), "delivery.status_unknown",
     {"status": "lost", "field": "status"}),
    (("deliveries", "--cursor", "WyJudW1iZXIiLDMsNV0"), "page.cursor_invalid",   # batches'
     {"field": "cursor"}),
    (("deliveries", "--subscription", str(2**63)), "subscription.not_found",
     {"field": "subscription_id"}),
    # Bytes that are not UTF-8 on the command line (lone surrogates once decoded).
    (("deliveries", "--event", "x\udcff"), "webhook.event_unknown",
     {"event": "x\\udcff", "field": "event_type"}),
    (("add", "http://127.0.0.1/\udcff", "--events", "ping"), "webhook.url_character",
     {"character": "U+DCFF", "position": 18, "field": "url"}),
    (("add", "http://127.0.0.1/h", "--events", "ping", "--header", "X-A=\udcff"),
     "header.value_non_ascii", {"name": "X-A", "character": "U+DCFF", "position": 1}),
    (("add", "http://127.0.0.1/h", "--events", "ping", "--secret", "s\x01"),
     "webhook.secret_character", {"character": "U+0001", "position": 2, "field": "secret"}),
])
def test_a_refusal_in_json_is_its_code_facts_and_english_message(cli, args, code, params):
    done = cli("webhooks", *args, "--json", expect=1)
    error = json.loads(done.stdout)["error"]
    assert error["code"] == code and error["params"].items() >= params.items()
    assert done.stderr == f"mesdesk: {error['message']}\n"
    assert "No webhook subscriptions." in cli("webhooks", "list").stdout


def test_a_url_with_credentials_is_listed_with_its_password_masked(cli):
    added = json.loads(cli("webhooks", "add", "https://erp:hunter2@127.0.0.1:9/hook",
                           "--events", "batch_created", "--json").stdout)
    assert added["url"] == "https://erp:***@127.0.0.1:9/hook"
    outputs = [cli("webhooks", "add", "http://tok3n@127.0.0.1:9/x", "--events",
                   "batch_created").stdout,
               cli("webhooks", "list").stdout, cli("webhooks", "list", "--json").stdout,
               cli("webhooks", "show", str(added["id"])).stdout,
               cli("webhooks", "show", str(added["id"]), "--json").stdout,
               cli("webhooks", "update", str(added["id"]), "--timeout", "7").stdout,
               cli("webhooks", "test", str(added["id"])).stdout,
               cli("webhooks", "deliveries", "--json").stdout]
    everything = "".join(outputs)
    assert "hunter2" not in everything and "tok3n" not in everything
    assert "https://erp:***@127.0.0.1:9/hook" in outputs[1]
    assert json.loads(outputs[-1])["items"][0]["subscription_url"] == (
        "https://erp:***@127.0.0.1:9/hook")


def test_a_subscription_disabled_by_a_410_lists_its_reason_as_a_problem(
        cli, engine, uow_factory, tz, receive):
    receiver = receive(lambda n, h, b: (410, {}, b"gone"))
    added = json.loads(cli("webhooks", "add", receiver.url, "--events", "batch_created",
                           "--json").stdout)
    create_batch(uow_factory, tz)
    dispatcher = OutboxDispatcher(engine, station="e2e")
    try:
        assert dispatcher.run_once() == 1
    finally:
        dispatcher.stop()
    [listed] = json.loads(cli("webhooks", "list", "--json").stdout)
    shown = json.loads(cli("webhooks", "show", str(added["id"]), "--json").stdout)
    for document in (listed, shown):
        problem = document["disabled_problem"]
        assert problem["code"] == "subscription.disabled_gone"
        assert problem["params"]["delivery"] >= 1
        assert problem["message"].startswith("the receiver answered 410 Gone at ")
        assert "410" in document["disabled_reason"]     # the English, for older readers
    assert "disabled (Receiver answered 410 Gone" in cli("webhooks", "list").stdout


@pytest.fixture
def refusing_database(engine):
    """The database refuses the next subscription row (as a broken or newer schema would):
    the INSERT fails inside PostgreSQL, after every check of ours has passed."""
    with engine.begin() as connection:
        connection.execute(text(
            "ALTER TABLE webhook_subscriptions ADD CONSTRAINT test_refuses_all "
            "CHECK (url NOT LIKE '%refuse-me%') NOT VALID"))
    yield
    with engine.begin() as connection:
        connection.execute(text(
            "ALTER TABLE webhook_subscriptions DROP CONSTRAINT test_refuses_all"))


def test_a_failed_add_writes_no_secret_into_the_owner_only_log(cli, refusing_database,
                                                               data_dir):
    done = cli("webhooks", "add", "http://127.0.0.1/refuse-me", "--events", "batch_created",
               "--secret", SECRET, "--header", "Authorization=Bearer tok-9f8e", "--json",
               expect=1)
    assert json.loads(done.stdout)["error"]["code"] == "problem.internal"
    log_file = data_dir / "logs" / "mesdesk.log"
    logged = log_file.read_text(encoding="utf-8")
    assert "unexpected error" in logged and "test_refuses_all" in logged   # it was logged
    assert SECRET not in logged and "tok-9f8e" not in logged
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_the_cli_creates_its_data_folder_and_log_owner_only(cli, data_dir):
    cli("webhooks", "list")
    mode = lambda path: stat.S_IMODE(path.stat().st_mode)   # noqa: E731
    assert mode(data_dir) == 0o700 and mode(data_dir / "logs") == 0o700
    assert mode(data_dir / "logs" / "mesdesk.log") == 0o600
