"""A real SMTP server for the tests (aiosmtpd) on 127.0.0.1: it keeps what it receives.

``SmtpServer(user=…, password=…)`` asks for a login when given a user (AUTH over the plain
connection: ``auth_require_tls=False``). ``wait_for(n)`` waits on a condition until ``n``
messages have arrived; ``stop()`` and ``start()`` take it down and bring it back on the same
port (an SMTP outage).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import warnings
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        return self.message.get_content()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, *, user: str | None = None, password: str | None = None) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.user, self.password = user, password
        self.messages: list[Received] = []
        self.logins: list[str] = []
        self._arrived = threading.Condition()
        self._controller: Controller | None = None

    # -- aiosmtpd's handler and authenticator -------------------------------------------

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self._arrived:
            self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos),
                                          message))   # type: ignore[arg-type]
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == self.user
              and auth_data.password.decode() == self.password)
        if ok:
            self.logins.append(self.user or "")
        return AuthResult(success=ok, handled=False)   # a refusal answers 535

    # -- control ------------------------------------------------------------------------

    def start(self) -> "SmtpServer":
        options: dict[str, Any] = {}
        if self.user is not None:
            options = {"authenticator": self._authenticate, "auth_require_tls": False,
                       "auth_required": True}
        self._controller = Controller(self, hostname=self.host, port=self.port, **options)
        with warnings.catch_warnings():     # AUTH without TLS: on purpose, on 127.0.0.1
            warnings.simplefilter("ignore", UserWarning)
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count: int, timeout: float = 15.0) -> list[Received]:
        """The first ``count`` messages, once that many have arrived (else the test fails)."""
        with self._arrived:
            arrived = self._arrived.wait_for(lambda: len(self.messages) >= count, timeout)
            assert arrived, f"{len(self.messages)} message(s) arrived, {count} expected"
            return list(self.messages[:count])

    def settings(self, **more: Any) -> dict[str, Any]:
        """The MESDesk settings that send through this server (plain SMTP)."""
        values: dict[str, Any] = {"smtp_host": self.host, "smtp_port": self.port,
                                  "smtp_security": "none", "smtp_from": "mesdesk@plant.test"}
        if self.user is not None:
            values.update(smtp_user=self.user, smtp_password=self.password or "")
        return {**values, **more}
