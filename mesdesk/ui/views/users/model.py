"""The Users table: one row per user, read-only (changes go through the page's dialogs).

Rows are ``UserDTO``s, replaced by a fresh read without losing the selection (the keyed rows
of the webhook tables). A user who may not sign in (inactive) is greyed out.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from mesdesk.services.dto import UserDTO

from ...text.roles import role_name
from ..webhooks.keyed_model import KeyedRowsModel

LOGIN, NAME, ROLE, PIN, BADGE, ACTIVE = range(6)

_INACTIVE = QBrush(QColor("#8a8a8a"))


class UsersModel(KeyedRowsModel):
    """``me``: the signed-in user's login (their row says so in its tooltip)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.me = ""

    def headers(self) -> list[str]:
        return [self.tr("Login"), self.tr("Name"), self.tr("Role"), self.tr("PIN"),
                self.tr("Badge"), self.tr("Active")]

    def display(self, row: UserDTO, column: int) -> str:
        if column == LOGIN:
            return row.login
        if column == NAME:
            return row.name
        if column == ROLE:
            return role_name(row.role)
        flag = {PIN: row.has_pin, BADGE: row.has_badge, ACTIVE: row.is_active}.get(column)
        if flag is None:
            return ""
        return self.tr("Yes") if flag else self.tr("No")

    def tooltip(self, row: UserDTO, column: int) -> str | None:
        if row.login == self.me:
            return self.tr("You are signed in as this user.")
        if not row.is_active:
            return self.tr("Inactive: may not sign in.")
        return super().tooltip(row, column)

    def foreground(self, row: UserDTO, column: int) -> Any:
        return None if row.is_active else _INACTIVE

    def alignment(self, column: int) -> Qt.AlignmentFlag | None:
        if column in (PIN, BADGE, ACTIVE):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def user_at(self, row: int) -> UserDTO | None:
        return self.row_at(row)
