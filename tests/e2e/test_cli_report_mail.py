"""`mesdesk report … --email ADDR` as a user runs it: a real process, database and SMTP server.

The CLI sends the mail it queued before it exits (one attempt); when the server is down the
mail stays queued with its problem for a running worker, and the report is made regardless."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import cli_runner
from tests.support.db import rows
from tests.support.reports import milk_batch
from tests.support.smtp import free_port


def runner(migrated_url, tmp_path, port: int):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="cli-station", MESDESK_LANGUAGE="en",
                      MESDESK_SMTP_HOST="127.0.0.1", MESDESK_SMTP_PORT=str(port),
                      MESDESK_SMTP_SECURITY="none", MESDESK_SMTP_FROM="mesdesk@plant.test")


def test_report_with_email_sends_the_link_before_the_command_ends(
        engine, migrated_url, uow_factory, tz, tmp_path, smtp_server):
    cli = runner(migrated_url, tmp_path, smtp_server.port)
    batch_id = milk_batch(uow_factory, tz)
    done = cli("report", str(batch_id), "--format", "xlsx", "--email", "x@example.test",
               "--email", "qa@example.test", "--json")
    document = json.loads(done.stdout)
    assert document["mail"]["state"] == "sent" and document["mail"]["error"] is None
    assert document["mail"]["recipients"] == ["x@example.test", "qa@example.test"]
    [got] = smtp_server.wait_for(1)
    assert got.recipients == ("x@example.test", "qa@example.test")
    assert document["file_url"] in got.body and got.subject.startswith("Batch report ready")
    [row] = rows(engine, "SELECT id, state FROM mail_outbox")
    assert row == {"id": document["mail"]["id"], "state": "sent"}
    [job] = rows(engine, "SELECT parameters FROM jobs WHERE kind = 'report'")
    assert job["parameters"]["email_to"] == ["x@example.test", "qa@example.test"]


@pytest.mark.parametrize("bad", ["x@example", "x@example.test y@example.test"])
def test_a_bad_address_is_refused_before_any_work(engine, migrated_url, uow_factory, tz,
                                                  tmp_path, smtp_server, bad):
    cli = runner(migrated_url, tmp_path, smtp_server.port)
    batch_id = milk_batch(uow_factory, tz)
    done = cli("report", str(batch_id), "--format", "pdf", "--email", bad, "--json",
               expect=1)
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "mail.address_invalid" and error["params"]["address"] == bad
    assert "is not an e-mail address" in done.stderr
    assert rows(engine, "SELECT id FROM jobs") == [] and rows(
        engine, "SELECT id FROM mail_outbox") == []


def test_smtp_down_still_makes_the_report_and_leaves_the_mail_queued(
        engine, migrated_url, uow_factory, tz, tmp_path):
    port = free_port()
    cli = runner(migrated_url, tmp_path, port)
    batch_id = milk_batch(uow_factory, tz)
    done = cli("report", str(batch_id), "--format", "xlsx", "--email", "x@example.test")
    assert done.stdout.strip().endswith(".xlsx")
    assert "not sent yet" in done.stderr and "worker retries it" in done.stderr
    [row] = rows(engine, "SELECT state, attempts, last_error FROM mail_outbox")
    assert (row["state"], row["attempts"]) == ("queued", 1)
    assert row["last_error"]["code"] == "mail.refused"


def test_email_without_a_mail_server_is_refused(engine, migrated_url, uow_factory, tz,
                                                tmp_path):
    cli = cli_runner(migrated_url, tmp_path / "config", tmp_path / "data")
    batch_id = milk_batch(uow_factory, tz)
    done = cli("report", str(batch_id), "--format", "xlsx", "--email", "x@example.test",
               expect=1)
    assert "no mail server is configured" in done.stderr
