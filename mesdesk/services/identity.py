"""Who is signed in on this station, or runs this command (issue 15).

One ``Identity`` per process, made by the composition root: the GUI's sign-in and lock screens
change it, the CLI signs in the named user at start. The use cases read it at each call (the
guard in ``use_cases``), the units of work stamp the audit log with its login.
"""

from __future__ import annotations

import threading

from mesdesk.domain import problems as P
from mesdesk.domain.roles import ABILITY_OF, LEAST_ROLE, Role, parse_role

from .dto import UserDTO


class Identity:
    def __init__(self, user: UserDTO | None = None) -> None:
        self._lock = threading.Lock()
        self._user = user

    @property
    def user(self) -> UserDTO | None:
        with self._lock:
            return self._user

    @property
    def role(self) -> Role | None:
        user = self.user
        return parse_role(user.role) if user is not None else None

    @property
    def login(self) -> str:
        """The signed-in user's login, or "" (what the audit log records as who)."""
        user = self.user
        return user.login if user is not None else ""

    def require(self, action: str) -> None:
        """Refuse unless someone is signed in whose role may do ``action`` (a use case or a
        station action of ``domain/roles``)."""
        user = self.user
        if user is None:
            raise P.AUTH_NOT_SIGNED_IN()
        role, needed = parse_role(user.role), LEAST_ROLE[action]
        if role < needed:
            raise P.AUTH_FORBIDDEN(user=user.login, role=role.label, action=action,
                                   ability=ABILITY_OF[action], needed=needed.label)

    def sign_in(self, user: UserDTO) -> None:
        with self._lock:
            self._user = user

    def sign_out(self) -> None:
        with self._lock:
            self._user = None
