"""The mail queue (§10) end to end: real PostgreSQL, a real SMTP server on 127.0.0.1.

Mail is queued in the transaction of its news (a report, an import, a disabled subscription),
sent by the worker, kept queued with its problem while the server is down, and sent once when
it is back, however many workers run."""

from __future__ import annotations

import random
import threading
from datetime import timedelta
from typing import Any

import pytest

from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory
from mesdesk.adapters.mail import SmtpMailer
from mesdesk.adapters.mail.worker import MailWorker
from mesdesk.adapters.outbox import OutboxDispatcher
from mesdesk.adapters.sheets import SheetFileReader
from mesdesk.adapters.storage import LocalFileStore
from mesdesk.config import Settings
from mesdesk.domain.mail_texts import IMPORT_COMPLETED, REPORT_READY, SUBSCRIPTION_DISABLED
from mesdesk.services.imports import import_file
from mesdesk.services.mail import mail_queue
from tests.support.db import rows, scalar
from tests.support.factories import create_batch
from tests.support.reports import make, milk_batch
from tests.support.sheets import batch_row, batches_xlsx
from tests.support.receivers import receive  # noqa: F401 - a fixture
from tests.support.smtp import SmtpServer

from .test_outbox_dispatcher import subscribe


def mails(engine) -> list[dict[str, Any]]:
    return rows(engine, "SELECT * FROM mail_outbox ORDER BY id")


@pytest.fixture
def worker(engine, smtp_server):
    made: list[MailWorker] = []

    def make_worker(server: SmtpServer = smtp_server, **settings: Any) -> MailWorker:
        values = {"station": "line-1", "language": "en", "timezone": "Asia/Yekaterinburg",
                  **server.settings(), **settings}
        mailer = SmtpMailer(server.host, server.port, "none", values.get("smtp_user", ""),
                            values.get("smtp_password", ""), timeout=5)
        made.append(MailWorker(engine, mailer, Settings(**values), poll_interval=0.05))
        return made[-1]

    yield make_worker
    for each in made:
        each.stop()


def test_a_report_with_recipients_mails_its_link(uow_factory, engine, tz, tmp_path, worker,
                                                 smtp_server):
    batch_id = milk_batch(uow_factory, tz)
    from mesdesk.adapters.reports import report_renderers
    from mesdesk.services.reports import make_report

    result = make_report(uow_factory, LocalFileStore(tmp_path / "files"), report_renderers(),
                         batch_id, "pdf", tz, language="en",
                         email_to=("qa@plant.test", "boss@plant.test"))
    [queued] = mails(engine)
    assert (queued["id"], queued["kind"], queued["state"]) == (result.mail_id, REPORT_READY,
                                                               "queued")
    [done] = worker().run_once()
    assert done.state == "sent"
    [got] = smtp_server.wait_for(1)
    assert set(got.recipients) == {"qa@plant.test", "boss@plant.test"}
    assert got.subject.startswith("Batch report ready: batch ")
    assert f"Download it: {result.file_url}" in got.body
    [sent] = mails(engine)
    assert sent["state"] == "sent" and sent["attempts"] == 1 and sent["sent_at"] is not None


def test_a_report_without_recipients_queues_mail_only_where_they_are_configured(
        uow_factory, engine, tz, tmp_path):
    batch_id = milk_batch(uow_factory, tz)
    make(uow_factory, tmp_path, batch_id, "xlsx", tz)      # this station names no one
    assert mails(engine) == []
    configured = SqlUnitOfWorkFactory(engine, station="office",
                                      mail_kinds=frozenset({REPORT_READY}))
    make(configured, tmp_path, batch_id, "xlsx", tz)
    [queued] = mails(engine)
    assert queued["recipients"] is None and queued["station"] == "office"


def test_import_completed_mails_the_summary_to_the_configured_recipients(
        engine, tz, tmp_path, worker, smtp_server):
    factory = SqlUnitOfWorkFactory(engine, station="line-1",
                                   mail_kinds=frozenset({IMPORT_COMPLETED}))
    path = batches_xlsx(tmp_path / "Смена.xlsx", [batch_row(1), batch_row(2), batch_row(1),
                                                   batch_row(3, НомерПартии="")])
    import_file(factory, LocalFileStore(tmp_path / "files"), SheetFileReader(), path, tz)
    worker(mail_import_completed_to="planner@plant.test; qa@plant.test").run_once()
    [got] = smtp_server.wait_for(1)
    assert got.recipients == ("planner@plant.test", "qa@plant.test")
    assert got.subject == "Import completed with errors: Смена.xlsx"
    lines = got.body.replace("\r\n", "\n").splitlines()
    for line in ("Rows: 4", "Created: 2", "Errors: 2", "First errors:"):
        assert line in lines
    listed = [line for line in lines if line.startswith("  row ")]
    assert [line.split(",")[0].split(":")[0] for line in listed] == ["  row 4", "  row 5"]


def test_a_mail_for_the_configured_recipients_is_skipped_where_none_are(
        engine, worker, smtp_server):
    factory = SqlUnitOfWorkFactory(engine, station="office",
                                   mail_kinds=frozenset({REPORT_READY}))
    with factory() as uow:
        uow.mail.enqueue(REPORT_READY, {"batch_id": 1, "file_url": "file:///r.pdf"})
        uow.commit()
    [done] = worker().run_once()        # the sending station names no recipients
    assert done.state == "skipped"
    [row] = mails(engine)
    assert row["state"] == "skipped" and row["last_error"]["code"] == "mail.no_recipients"
    assert smtp_server.messages == []


def test_a_disabled_subscription_is_mailed_to_the_supervisors(engine, uow_factory, tz,
                                                              receive, worker, smtp_server):
    receiver = receive(lambda n, h, b: (410, {}, b"gone"))
    subscribe(engine, receiver.url.replace("http://", "http://hook:t0ken@"),
              ["batch_created"])
    create_batch(uow_factory, tz)
    dispatcher = OutboxDispatcher(engine, station="line-1", rng=random.Random(1),
                                  mail_on_disable=True)
    try:
        assert dispatcher.run_once() == 1
    finally:
        dispatcher.stop()
    [row] = mails(engine)
    assert row["kind"] == SUBSCRIPTION_DISABLED and "t0ken" not in str(row["facts"])
    worker(mail_webhook_disabled_to="supervisor@plant.test").run_once()
    [got] = smtp_server.wait_for(1)
    assert got.subject == ("Webhook subscription disabled: "
                           + receiver.url.replace("http://", "http://hook:***@"))
    assert "Reason: the receiver answered 410 Gone at " in got.body


def test_smtp_down_keeps_the_mail_queued_and_two_workers_send_it_once_when_back(
        engine, uow_factory, worker, smtp_server):
    with uow_factory() as uow:
        mail_id = uow.mail.enqueue(REPORT_READY, {"batch_id": 5, "file_url": "file:///b5.pdf"},
                                   ["qa@plant.test"])
        uow.commit()
    smtp_server.stop()
    first, second = worker(), worker()
    [done] = first.run_once()
    assert done.state == "queued" and done.problem.code == "mail.refused"
    [row] = mails(engine)
    assert row["state"] == "queued" and row["attempts"] == 1
    assert row["last_error"]["code"] == "mail.refused"
    assert row["last_error"]["params"]["port"] == smtp_server.port
    wait = row["next_attempt_at"] - scalar(engine, "SELECT now()")
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)
    assert first.run_once() == []             # not due before its back-off
    [listed] = mail_queue(uow_factory, state="queued")
    assert listed.id == mail_id and listed.last_error.code == "mail.refused"

    smtp_server.start()                          # back, on the same port
    with engine.begin() as connection:          # the minute has passed
        from sqlalchemy import text
        connection.execute(text("UPDATE mail_outbox SET next_attempt_at = now()"))
    results: list[Any] = []
    threads = [threading.Thread(target=lambda w=w: results.extend(w.run_once()))
               for w in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [r.state for r in results] == ["sent"]
    assert len(smtp_server.wait_for(1)) == 1 and len(smtp_server.messages) == 1
    assert mails(engine)[0]["state"] == "sent" and mails(engine)[0]["last_error"] is None


def test_a_wrong_password_leaves_mail_auth_as_the_error(engine, uow_factory, worker):
    locked = SmtpServer(user="mes", password="right").start()
    try:
        with uow_factory() as uow:
            uow.mail.enqueue(REPORT_READY, {"batch_id": 5}, ["qa@plant.test"])
            uow.commit()
        [done] = worker(locked, smtp_user="mes", smtp_password="wrong").run_once()
    finally:
        locked.stop()
    assert done.state == "queued"
    [row] = mails(engine)
    assert row["last_error"]["code"] == "mail.auth" and "wrong" not in str(row["last_error"])


def test_the_running_worker_is_woken_by_a_queued_mail(engine, uow_factory, worker,
                                                      smtp_server, migrated_url):
    from mesdesk.adapters.db.listener import conninfo_from_url

    values = {"station": "line-1", **smtp_server.settings()}
    running = MailWorker(engine, SmtpMailer(smtp_server.host, smtp_server.port, "none"),
                         Settings(**values), poll_interval=60,
                         listen=conninfo_from_url(migrated_url))
    running.start()
    try:
        assert running.listening.wait(10)
        with uow_factory() as uow:
            uow.mail.enqueue(REPORT_READY, {"batch_id": 9, "file_url": "file:///b9.pdf"},
                             ["qa@plant.test"])
            uow.commit()
        [got] = smtp_server.wait_for(1)          # long before the 60 s poll
        assert "file:///b9.pdf" in got.body
    finally:
        running.stop()


def test_the_runtime_runs_a_mail_worker_only_where_smtp_is_configured(migrated_url, tmp_path,
                                                                      engine, smtp_server):
    from mesdesk.adapters.mail.worker import MailWorker as Worker
    from mesdesk.bootstrap import bootstrap

    base = {"database_url": migrated_url, "data_dir": tmp_path / "d",
            "config_dir": tmp_path / "c", "run_scheduled_jobs": False}
    with bootstrap(Settings(**base)) as plain:
        assert plain.mail is None
        assert not any(isinstance(w, Worker) for w in plain.workers.background)
    with bootstrap(Settings(**base, **smtp_server.settings())) as mailing:
        assert mailing.mail in mailing.workers.background
