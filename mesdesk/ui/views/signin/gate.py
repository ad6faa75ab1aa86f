"""The gate in front of the app: nobody works before signing in, and a station locks.

It shows the sign-in screen instead of the pages until someone signs in (a badge scanned
through the same capture as the Aggregation screen, or a login and PIN), and again when the
station locks: Ctrl+L, or after ``lock_after_minutes`` without a key or a click (a new value
saved on the Settings page applies at once). Signing in and out changes the runtime's
``Identity``: the use cases' guard, the audit log and ``aggregated_by`` follow it. On the very
first start it makes the first administrator and says its PIN once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMessageBox

from mesdesk.services.dto import UserDTO

from ...errors import describe
from ...scanner import WedgeCapture, thresholds_of
from .screen import SignInScreen

_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


class SignInGate(QObject):
    """``signed_in(user)`` / ``locked()`` as the station opens and closes."""

    signed_in = Signal(object)
    locked = Signal()

    def __init__(self, window: Any, backend: Any, *, lock_after_minutes: int = 0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._backend = backend
        self._identity = backend.runtime.identity
        self.screen = SignInScreen(backend.settings.station)
        self.screen.pin_entered.connect(self._pin_entered)
        self._badges = WedgeCapture(thresholds_of(backend.settings), self)
        self._badges.scanned.connect(self._badge_scanned)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._idle_too_long)
        self.set_lock_after(lock_after_minutes)
        backend.local.settings_applied.connect(self._settings_applied)
        backend.local.user_saved.connect(self._user_saved)
        self._shortcut = QShortcut(QKeySequence("Ctrl+L"), window)
        self._shortcut.activated.connect(self.lock)
        self._trying = False
        self.first_start_box: QMessageBox | None = None

    # -- opening and closing the station --------------------------------------------------------

    def start(self) -> None:
        """Show the sign-in screen (or the app, when someone is signed in already: the CLI's
        and the tests' runtimes), and make the first administrator on a new database."""
        if self._identity.user is not None:     # given signed in (tests, tools)
            self._open(self._identity.user)
            return
        self._close(locked_by="")
        self._backend.run(lambda: self._backend.use.make_first_administrator(),
                          success=self._first_start, owner=self)

    def lock(self) -> None:
        """Sign out and show the screen; whatever was on the pages stays for the next user."""
        user = self._identity.user
        if user is None:
            return
        self._close(locked_by=user.name or user.login)

    def set_lock_after(self, minutes: int) -> None:
        """Lock after ``minutes`` without a key press or a click; 0: never."""
        self._lock_ms = max(0, int(minutes)) * 60_000
        if self._lock_ms and self._identity.user is not None:
            self._idle.start(self._lock_ms)
        else:
            self._idle.stop()

    def shutdown(self) -> None:
        self._badges.uninstall()
        self._idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # -- what happens ---------------------------------------------------------------------------

    def _close(self, *, locked_by: str) -> None:
        self._identity.sign_out()
        self._idle.stop()
        self.screen.reset()
        if locked_by:
            self.screen.show_locked_by(locked_by)
        else:
            self.screen.show_reason("")
        self._window.show_gate(self.screen)
        self._window.set_signed_in(None)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            self._badges.install(app)      # the latest filter: a badge never reaches a page
        self.screen.login.setFocus()
        self.locked.emit()

    def _open(self, user: UserDTO) -> None:
        self._identity.sign_in(user)
        self._badges.uninstall()
        self._window.show_app()
        self._window.set_signed_in(user)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if self._lock_ms:
            self._idle.start(self._lock_ms)
        self.signed_in.emit(user)

    def _badge_scanned(self, scan: Any) -> None:
        badge = scan.raw
        self._try(lambda: self._backend.use.sign_in_badge(badge))

    def _pin_entered(self, login: str, pin: str) -> None:
        self._try(lambda: self._backend.use.sign_in_pin(login, pin))

    def _try(self, work: Any) -> None:
        if self._trying:
            return
        self._trying = True
        self.screen.set_busy(True)
        self._backend.run(work, success=self._accepted, failure=self._refused, owner=self)

    def _accepted(self, user: UserDTO) -> None:
        self._trying = False
        self.screen.reset()
        self._open(user)

    def _refused(self, error: BaseException) -> None:
        self._trying = False
        self.screen.show_refusal(describe(error))

    def _first_start(self, made: Any) -> None:
        if made is None:
            return
        user, pin = made
        self.first_start_box = box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("The first administrator"),
            self.tr("This is MESDesk's first start on this database. It made the administrator "
                    "“{login}” with the PIN {pin}.\n\nSign in with them, then add the users "
                    "of this plant and give the administrator a PIN of their own. This PIN is "
                    "shown only now.").format(login=user.login, pin=pin),
            QMessageBox.StandardButton.Ok, self._window)
        self.screen.login.setText(user.login)
        box.open()

    def _settings_applied(self, applied: dict) -> None:
        if "lock_after_minutes" in applied:         # saved on the Settings page
            self.set_lock_after(int(applied["lock_after_minutes"]))

    def _user_saved(self, user: UserDTO) -> None:
        """A user was changed at this station (the Users area): when it is who is signed in,
        the station follows (their name in the status bar, the areas of their role)."""
        current = self._identity.user
        if current is None or current.login != user.login:
            return
        self._identity.sign_in(user)
        self._window.set_signed_in(user)
        self.signed_in.emit(user)

    def _idle_too_long(self) -> None:
        self.lock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._lock_ms and event.type() in _ACTIVITY:
            self._idle.start(self._lock_ms)
        return False
