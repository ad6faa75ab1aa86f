"""The SMTP mailer against a real SMTP server on 127.0.0.1 (aiosmtpd): what arrives, and each
way it fails said as a catalogued problem, never as a raw exception or with the password."""

from __future__ import annotations

import smtplib
import socket

import pytest

from mesdesk.adapters.mail import SmtpMailer, probe_mail
from mesdesk.adapters.mail.smtp import smtp_problem
from mesdesk.config import Settings
from mesdesk.domain.errors import DomainError
from mesdesk.services.ports import MailMessage
from tests.support.smtp import SmtpServer, free_port

MESSAGE = MailMessage("mesdesk@plant.test", ("мастер@plant.test".replace("мастер", "qa"),),
                      "Отчёт по партии готов: партия 17", "Скачать: https://x.test/r.pdf\n")


@pytest.fixture
def locked_server():
    server = SmtpServer(user="mes", password="s3cret-Пароль").start()
    yield server
    server.stop()


def test_a_message_arrives_with_utf8_subject_body_date_and_message_id(smtp_server):
    SmtpMailer(smtp_server.host, smtp_server.port, "none").send(MESSAGE)
    [got] = smtp_server.wait_for(1)
    assert got.sender == "mesdesk@plant.test" and got.recipients == ("qa@plant.test",)
    assert got.subject == "Отчёт по партии готов: партия 17"
    assert got.body.replace("\r\n", "\n") == "Скачать: https://x.test/r.pdf\n"
    assert got.message.get_content_charset() == "utf-8"
    assert got.message["Date"] and got.message["Message-ID"].endswith("@plant.test>")


def test_a_login_with_the_right_password_sends(locked_server):
    mailer = SmtpMailer(locked_server.host, locked_server.port, "none", "mes", "s3cret-Пароль")
    assert mailer.probe() is None
    mailer.send(MESSAGE)
    assert locked_server.wait_for(1)[0].subject == MESSAGE.subject
    assert "s3cret" not in repr(mailer)


def test_a_wrong_password_is_mail_auth_without_the_password(locked_server):
    mailer = SmtpMailer(locked_server.host, locked_server.port, "none", "mes", "wrong-pw")
    problem = mailer.probe()
    assert problem is not None and problem.code == "mail.auth"
    with pytest.raises(DomainError) as raised:
        mailer.send(MESSAGE)
    assert raised.value.problem.code == "mail.auth"
    assert "wrong-pw" not in str(raised.value) and not locked_server.messages


def test_a_stopped_server_is_mail_refused_naming_host_and_port():
    port = free_port()
    problem = SmtpMailer("127.0.0.1", port, "none").probe()
    assert problem is not None and problem.code == "mail.refused"
    assert problem.message == (f"the mail server at 127.0.0.1:{port} refused the connection: "
                               "is it running?")


def test_tls_against_a_plain_server_is_mail_tls(smtp_server):
    implicit = SmtpMailer(smtp_server.host, smtp_server.port, "ssl", timeout=5).probe()
    assert implicit is not None and implicit.code == "mail.tls"
    starttls = SmtpMailer(smtp_server.host, smtp_server.port, "starttls").probe()
    assert starttls is not None and starttls.code == "mail.tls"
    assert "STARTTLS" in starttls.message


def test_a_server_that_never_answers_is_mail_timeout():
    with socket.socket() as silent:           # accepts, never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        problem = SmtpMailer("127.0.0.1", port, "none", timeout=0.5).probe()
    assert problem is not None and problem.code == "mail.timeout"
    assert problem.params == {"host": "127.0.0.1", "port": port, "seconds": "0.5"}


def test_failures_that_need_no_server_map_to_their_problems():
    assert smtp_problem(socket.gaierror(-2, "Name or service not known"), "smtp.nowhere", 25,
                        10).code == "mail.unknown_host"
    refused = smtplib.SMTPRecipientsRefused({"x@y.test": (550, b"no such user")})
    assert smtp_problem(refused, "h", 25, 10).params == {"recipients": "x@y.test"}
    reply = smtp_problem(smtplib.SMTPDataError(554, b"spam " * 100), "h", 25, 10)
    assert reply.code == "mail.failed" and len(reply.params["reason"]) <= 200


def test_the_settings_test_logs_in_or_sends_a_test_message(smtp_server):
    settings = Settings(station="line-1", language="ru", **smtp_server.settings())
    assert probe_mail(settings) is None and not smtp_server.messages
    assert probe_mail(settings, "boss@plant.test") is None
    [got] = smtp_server.wait_for(1)
    assert got.subject == "Тестовое письмо MESDesk" and "line-1" in got.body
    bad = probe_mail(settings, "boss@plant")
    assert bad is not None and bad.code == "mail.address_invalid"
    assert probe_mail(Settings()).code == "mail.not_configured"
