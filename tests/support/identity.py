"""A signed-in user for tests that are not about signing in (issue 15)."""

from __future__ import annotations

from datetime import datetime, timezone

from mesdesk.services.dto import UserDTO
from mesdesk.services.identity import Identity


def user(login: str = "tester", role: str = "administrator") -> UserDTO:
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return UserDTO(id=0, login=login, name="", role=role, has_pin=True, has_badge=False,
                   is_active=True, created_at=at, updated_at=at)


def signed_in(login: str = "tester", role: str = "administrator") -> Identity:
    """An identity with ``login`` signed in as ``role`` (no row in ``users`` needed: the guard
    reads the signed-in user, the audit log its login)."""
    return Identity(user(login, role))


def sign_in_at_gate(app, qtbot, login: str = "admin", pin: str = "0000") -> None:
    """Sign in on a ``DesktopApp``'s sign-in screen as a person would (the test database's
    administrator by default) and wait for the pages."""
    screen = app.gate.screen
    screen.login.setText(login)
    screen.pin.setText(pin)
    screen.button.click()
    qtbot.waitUntil(lambda: not app.window.gated, timeout=10000)
