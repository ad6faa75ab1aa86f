"""Secrets (the database password) in the OS keyring, through the ``keyring`` package.

Only a *recommended* backend counts as a keyring here (keyring's own rule: priority >= 1; the
Secret Service on Linux, the macOS Keychain, the Windows Credential Locker, KWallet). The fail
and null backends, and the file backends of ``keyrings.alt`` (plain text, or encrypted with a
password asked on the terminal), do not: with only those MESDesk says there is no system
keyring and the settings page asks before it writes a password in clear text.

Every call may block (D-Bus, an unlock prompt): call these off the GUI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, quote, unquote, urlencode, urlsplit

import keyring
import keyring.core
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

log = logging.getLogger(__name__)

SERVICE = "MESDesk"


class SecretsUnavailable(RuntimeError):
    """There is no usable keyring, or it refused the operation."""


def _candidates(backend: KeyringBackend) -> list[KeyringBackend]:
    if isinstance(backend, chainer.ChainerBackend):
        return list(backend.backends)
    return [backend]


def _usable(backend: KeyringBackend) -> bool:
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    try:
        return keyring.core.recommended(backend)
    except Exception:  # noqa: BLE001 - a backend whose priority check fails is not usable
        return False


def system_backend() -> KeyringBackend | None:
    """The OS keyring, or None when there is none that keeps secrets safely.

    Honours keyring's own configuration (``PYTHON_KEYRING_BACKEND``, keyringrc.cfg); a chain
    of backends is searched for its best recommended member (never an insecure file one).
    """
    try:
        configured = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring setup is "no keyring"
        log.warning("no keyring backend could be loaded: %s", exc)
        return None
    usable = [b for b in _candidates(configured) if _usable(b)]
    if not usable:
        return None
    return max(usable, key=lambda b: b.priority)


_DETECT = object()


class KeyringSecrets:
    """Passwords by account name under the service "MESDesk".

    ``backend``: a keyring backend to use as given (tests, an explicit choice); by default the
    OS keyring as ``system_backend`` finds it. The fail and null backends mean "none".
    """

    def __init__(self, backend: KeyringBackend | None | object = _DETECT,
                 service: str = SERVICE) -> None:
        if backend is _DETECT:
            backend = system_backend()
        elif isinstance(backend, (fail.Keyring, null.Keyring)):
            backend = None
        self._backend: KeyringBackend | None = backend  # type: ignore[assignment]
        self.service = service

    @property
    def available(self) -> bool:
        return self._backend is not None

    @property
    def name(self) -> str:
        """A short name for the backend, for the user ("SecretService Keyring")."""
        if self._backend is None:
            return ""
        return getattr(self._backend, "name", type(self._backend).__name__)

    def get(self, account: str) -> str | None:
        """The stored password, or None (also when there is no keyring or it fails)."""
        if self._backend is None:
            return None
        try:
            return self._backend.get_password(self.service, account)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring read failed: %s", exc)
            return None

    def set(self, account: str, password: str) -> None:
        if self._backend is None:
            raise SecretsUnavailable("there is no system keyring")
        try:
            self._backend.set_password(self.service, account, password)
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(f"the keyring refused the password: {exc}") from exc

    def delete(self, account: str) -> bool:
        """Forget the password; False when there was none (or no keyring)."""
        if self._backend is None:
            return False
        try:
            self._backend.delete_password(self.service, account)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(f"the keyring refused to delete: {exc}") from exc
        return True


# -- passwords inside database URLs --------------------------------------------------------


def _unsplit(parts: SplitResult, netloc: str, query: str) -> str:
    # urlunsplit drops the "//" of an empty host ("postgresql:///db?host=/run/pg"): not here.
    url = f"{parts.scheme}://{netloc}{parts.path}"
    if query:
        url += f"?{query}"
    if parts.fragment:
        url += f"#{parts.fragment}"
    return url


@dataclass(frozen=True)
class SplitUrl:
    """A database URL without its password, and the password (``None``: there was none)."""

    url: str
    password: str | None


def split_password(url: str) -> SplitUrl:
    """Take the password out of ``scheme://user:password@host/db`` (or ``?password=``).

    The rest of the URL stays as typed, so the URL without its password is a stable account
    name for the keyring.
    """
    parts = urlsplit(url)
    password: str | None = None
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            user, _, raw = userinfo.partition(":")
            password = unquote(raw)
            netloc = f"{user}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if k != "password"]
        if len(kept) != len(pairs):
            if password is None:
                password = next(v for k, v in pairs if k == "password")
            query = urlencode(kept, safe="/:")
    return SplitUrl(_unsplit(parts, netloc, query), password)


def with_password(url: str, password: str) -> str:
    """``url`` (which has no password) with ``password`` put into its user part."""
    parts = urlsplit(url)
    encoded = quote(password, safe="")
    if "@" in parts.netloc:
        user, _, hostport = parts.netloc.rpartition("@")
        netloc = f"{user}:{encoded}@{hostport}"
    else:
        # No user named: libpq takes the password on its own as a query parameter.
        query = parts.query + ("&" if parts.query else "") + "password=" + encoded
        return _unsplit(parts, parts.netloc, query)
    return _unsplit(parts, netloc, parts.query)
