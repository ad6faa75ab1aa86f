"""Sending only where webhooks may go: the address a host resolves to is checked before
every connection (issue 9, point 12).

A subscription's literal host is checked when it is saved (``domain.subscriptions``); a DNS
name may still resolve to a link-local or cloud metadata address (169.254.169.254), and so may
a number such as ``http://2852039166/``. :class:`GuardedBackend` resolves the host itself,
refuses the connection when any of its addresses is forbidden, and connects to the very
address it checked (a second lookup could answer differently). No connection is ever opened
to a forbidden address.
"""

from __future__ import annotations

import socket
import typing

import httpcore
import httpx

from mesdesk.domain.webhook_targets import forbidden_address, forbidden_host


class ForbiddenTarget(Exception):
    """The webhook's host is, or resolves to, a link-local or cloud metadata address."""

    def __init__(self, host: str, address: str | None = None) -> None:
        self.host = host
        self.address = address
        where = host if address is None or address == host else f"{host} ({address})"
        super().__init__(f"{where} is a link-local or cloud metadata address: not sent")


def check_host(host: str | None) -> None:
    """Refuses a literal host that is a forbidden address or a metadata service's name."""
    if host and forbidden_host(host):
        raise ForbiddenTarget(host)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's network backend, with every resolved address checked before connecting."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: typing.Iterable[typing.Any] | None = None
                    ) -> httpcore.NetworkStream:
        check_host(host)
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        for address in addresses:
            if forbidden_address(address):
                raise ForbiddenTarget(host, address)
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address,
                                           socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error


def guarded_client(limits: httpx.Limits) -> httpx.Client:
    """The dispatcher's HTTP client: no redirects followed, every connection guarded."""
    transport = httpx.HTTPTransport(limits=limits)
    # httpx has no public way to pass httpcore a network backend; the pool reads this
    # attribute for every new connection (tests/integration/test_webhook_targets.py pins it).
    transport._pool._network_backend = GuardedBackend()  # type: ignore[attr-defined]
    return httpx.Client(transport=transport, follow_redirects=False)
