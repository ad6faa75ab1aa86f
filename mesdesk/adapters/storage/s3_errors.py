"""What went wrong with MinIO/S3, said exactly (§11): every failure of the ``minio`` client or
of the network under it becomes a catalogued ``storage.*`` problem, never the client's
exception, a traceback or the secret key."""

from __future__ import annotations

import socket
import ssl

from minio.error import InvalidResponseError, S3Error, ServerError
from urllib3.exceptions import (ConnectTimeoutError, MaxRetryError, NameResolutionError,
                                NewConnectionError, ProtocolError, ReadTimeoutError, SSLError)

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError

_CREDENTIALS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken",
                "ExpiredToken", "AuthorizationHeaderMalformed"}
_MISSING = {"NoSuchKey", "NoSuchObject"}
#: A short reason is enough; a client's message can be a page of XML.
_REASON_LENGTH = 200


def storage_problem(exc: BaseException, *, endpoint: str, host: str, timeout: float,
                    action: str = "", bucket: str = "", name: str = "") -> DomainError:
    """The problem to raise for ``exc`` (``raise storage_problem(…) from exc``)."""
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, S3Error):
        if exc.code in _CREDENTIALS:
            return P.STORAGE_CREDENTIALS(endpoint=endpoint)
        if exc.code == "AccessDenied":
            return P.STORAGE_PERMISSION(action=action or "read", bucket=bucket)
        if exc.code in _MISSING:
            return P.STORAGE_OBJECT_MISSING(name=name, bucket=bucket)
        return P.STORAGE_FAILED(endpoint=endpoint, reason=_short(f"{exc.code}: {exc.message}"))
    if isinstance(exc, (ServerError, InvalidResponseError)):
        return P.STORAGE_FAILED(endpoint=endpoint, reason=_short(_first_line(str(exc))))
    cause = _network_cause(exc)
    if isinstance(cause, NameResolutionError) or isinstance(cause, socket.gaierror):
        return P.STORAGE_UNKNOWN_HOST(host=host)
    if isinstance(cause, (SSLError, ssl.SSLError)):
        return P.STORAGE_TLS(endpoint=endpoint, reason=_short(_tls_reason(cause)))
    # urllib3's NewConnectionError is a ConnectTimeoutError: told apart first.
    if isinstance(cause, (NewConnectionError, ConnectionRefusedError)) \
            and "timed out" not in str(cause).lower():
        return P.STORAGE_REFUSED(endpoint=endpoint)
    if isinstance(cause, (ConnectTimeoutError, ReadTimeoutError, TimeoutError,
                          socket.timeout)):
        return P.STORAGE_TIMEOUT(endpoint=endpoint, seconds=timeout)
    if isinstance(cause, (ProtocolError, ConnectionError, OSError)):
        return P.STORAGE_FAILED(endpoint=endpoint,
                                reason=_short(_first_line(str(cause)) or type(cause).__name__))
    return P.STORAGE_FAILED(endpoint=endpoint, reason=type(exc).__name__)


def _network_cause(exc: BaseException) -> BaseException:
    """The failure under urllib3's wrappers (``MaxRetryError.reason``, a protocol error's
    cause)."""
    seen = 0
    while seen < 5:
        seen += 1
        if isinstance(exc, MaxRetryError) and exc.reason is not None:
            exc = exc.reason
            continue
        if isinstance(exc, NewConnectionError):
            inner = exc.__cause__ or exc.__context__
            if isinstance(inner, socket.gaierror):
                return inner
            return exc
        if isinstance(exc, ProtocolError) and exc.args and isinstance(exc.args[-1],
                                                                       BaseException):
            exc = exc.args[-1]
            continue
        break
    if isinstance(exc, SSLError):
        return exc
    return exc


def _tls_reason(exc: BaseException) -> str:
    text = str(exc)
    for known in ("WRONG_VERSION_NUMBER", "CERTIFICATE_VERIFY_FAILED", "HANDSHAKE_FAILURE",
                  "UNEXPECTED_EOF", "RECORD_LAYER_FAILURE"):
        if known in text:
            return known.lower().replace("_", " ")
    return _first_line(text) or type(exc).__name__


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _short(text: str) -> str:
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= _REASON_LENGTH else text[:_REASON_LENGTH - 1] + "…"
