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
import threading

import keyring
import keyring.core
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from mesdesk.services.ports import SecretsUnavailable

log = logging.getLogger(__name__)

SERVICE = "MESDesk"

__all__ = ["KeyringSecrets", "SecretsUnavailable", "system_backend"]


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
    OS keyring as ``system_backend`` finds it, on first use and once: building the store
    never blocks (the composition root builds it for a process that may never need it, and
    the settings page first asks off the GUI thread). The fail and null backends mean "none".
    """

    def __init__(self, backend: KeyringBackend | None | object = _DETECT,
                 service: str = SERVICE) -> None:
        if isinstance(backend, (fail.Keyring, null.Keyring)):
            backend = None
        self._given: KeyringBackend | None | object = backend
        self._found = threading.Lock()
        self.service = service

    @property
    def _backend(self) -> KeyringBackend | None:
        with self._found:
            if self._given is _DETECT:
                self._given = system_backend()
            return self._given  # type: ignore[return-value]

    @property
    def available(self) -> bool:
        return self._backend is not None

    @property
    def name(self) -> str:
        """A short name for the backend, for the user ("SecretService Keyring")."""
        backend = self._backend
        if backend is None:
            return ""
        return getattr(backend, "name", type(backend).__name__)

    def get(self, account: str) -> str | None:
        """The stored password, or None (also when there is no keyring or it fails)."""
        backend = self._backend
        if backend is None:
            return None
        try:
            return backend.get_password(self.service, account)
        except keyring.errors.KeyringError as exc:
            log.warning("keyring read failed: %s", exc)
            return None

    def set(self, account: str, password: str) -> None:
        backend = self._backend
        if backend is None:
            raise SecretsUnavailable("there is no system keyring")
        try:
            backend.set_password(self.service, account, password)
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(f"the keyring refused the password: {exc}") from exc

    def delete(self, account: str) -> bool:
        """Forget the password; False when there was none (or no keyring)."""
        backend = self._backend
        if backend is None:
            return False
        try:
            backend.delete_password(self.service, account)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise SecretsUnavailable(f"the keyring refused to delete: {exc}") from exc
        return True

