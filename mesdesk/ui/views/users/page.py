"""The Users area (issue 15), an administrator's: who may sign in at the stations, with which
role, and by what (a PIN, a badge or both; neither is ever shown again).

A table of the users, and the actions: a new user, a user's name, role and whether they may
sign in, a new PIN, a new badge, the badge taken away. Every read and change runs as an op
(``backend.run``); the service refuses what must not happen (a taken login or badge, the last
administrator, deactivating oneself) and the dialog says it next to the field. The list is
read again when it is shown and when any station announces a change of users. A change of
the signed-in user themselves is told to the rest of the window (``backend.local``): their
name in the status bar, and the areas of their role, follow.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QMessageBox, QTableView,
                               QToolBar, QVBoxLayout, QWidget)

from mesdesk.services.dto import UserDTO

from ...errors import describe
from ...scanner import thresholds_of
from ...text.batch_fields import field_problem
from ...widgets.actions import page_action
from ...widgets.empty_state import EmptyState
from ...widgets.refresher import Refresher
from ..webhooks.table_style import table_style
from .dialogs import CredentialDialog, FieldsDialog, UserDialog, UserForm
from .model import ACTIVE, BADGE, LOGIN, NAME, PIN, ROLE, UsersModel

log = logging.getLogger(__name__)

#: The entity of a live change that makes the list read again.
USER_ENTITY = "user"

GOOD_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020;"


class UsersPage(QWidget):
    """``UsersPage(backend)``; ``shutdown()`` stops its reads and closes its dialogs."""

    def __init__(self, backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersPage")
        self._backend = backend
        self._loaded = False
        self._error = ""
        self._closed = False
        self.dialogs: set[QWidget] = set()
        self.model = UsersModel(self)
        self._build()
        use = backend.use
        self._reads = Refresher(backend.ops, read=lambda: use.list_users(),
                                apply=self._arrived, failed=self._read_failed, parent=self)
        self._reads.follow_connection(backend.changes)
        backend.changes.changed.connect(self._on_change)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.edit_user())
        self._show_state()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("Users"), self)
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        subtitle = QLabel(self.tr(
            "Who may sign in at the stations, and with which role: an operator scans and adds "
            "codes, a supervisor also edits, closes, imports, exports and reports, an "
            "administrator also manages users and settings. PINs and badges are never shown "
            "again once saved."), self)
        subtitle.setStyleSheet("color: palette(placeholder-text);")
        subtitle.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(title)
        heading.addWidget(subtitle)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("usersToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        keys = QKeySequence
        self.new_action = page_action(self, "newUser", self.tr("New user"),
                                      self.tr("Add a user who may sign in"), self.new_user,
                                      keys(keys.StandardKey.New))
        self.edit_action = page_action(self, "editUser", self.tr("Edit"),
                                       self.tr("Change the selected user's name, role or "
                                               "whether they may sign in"), self.edit_user,
                                       keys(Qt.Key.Key_F2))
        self.pin_action = page_action(self, "setPin", self.tr("New PIN…"),
                                      self.tr("Give the selected user a new PIN"),
                                      self.set_pin)
        self.badge_action = page_action(self, "setBadge", self.tr("New badge…"),
                                        self.tr("Give the selected user a new badge: scan "
                                                "or type it"), self.set_badge)
        self.remove_badge_action = page_action(
            self, "removeBadge", self.tr("Remove badge"),
            self.tr("The selected user's badge no longer signs them in"), self.remove_badge)
        self.refresh_action = page_action(self, "refreshUsers", self.tr("Refresh"),
                                          self.tr("Read the list again"), self.refresh,
                                          keys(keys.StandardKey.Refresh))
        for action in (self.new_action, self.edit_action, self.pin_action, self.badge_action,
                       self.remove_badge_action, self.refresh_action):
            self.toolbar.addAction(action)
        self.toolbar.insertSeparator(self.pin_action)
        self.toolbar.insertSeparator(self.refresh_action)

        self.table = QTableView(self)
        self.table.setObjectName("usersTable")
        self.table.setModel(self.model)
        table_style(self.table)
        header = self.table.horizontalHeader()
        for column, width in ((LOGIN, 160), (NAME, 240), (ROLE, 150), (PIN, 80), (BADGE, 80),
                              (ACTIVE, 90)):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.empty = EmptyState(self.table)

        self.notice = QLabel(self)
        self.notice.setObjectName("usersNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(heading)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)

    # -- reading --------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """The users again, off the GUI thread."""
        if not self._closed:
            self._reads.refresh()

    def _arrived(self, users: list[UserDTO]) -> None:
        self._loaded, self._error = True, ""
        self.model.me = self._backend.runtime.identity.login
        self.model.set_rows(users)
        if not self.table.currentIndex().isValid() and users:
            self.select_user(users[0].login)
        self._show_state()

    def _read_failed(self, error: BaseException) -> None:
        log.warning("could not read the users: %s", error)
        self._error = describe(error)
        self._show_state()

    @Slot(object)
    def _on_change(self, change: dict) -> None:
        if change.get("entity") == USER_ENTITY and self.isVisible():
            self.refresh()

    @property
    def loading(self) -> bool:
        return self._reads.busy or self._reads.waiting

    @property
    def loaded(self) -> bool:
        return self._loaded

    # -- selection and state --------------------------------------------------------------------

    def selected_user(self) -> UserDTO | None:
        index = self.table.currentIndex()
        return self.model.user_at(index.row()) if index.isValid() else None

    def select_user(self, login: str) -> bool:
        for row in range(self.model.rowCount()):
            user = self.model.user_at(row)
            if user is not None and user.login == login:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, LOGIN),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                return True
        return False

    def _selection_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_state()

    def _show_state(self) -> None:
        if self.model.rowCount():
            self.empty.clear()
        elif self._error:
            self.empty.show_message(self.tr("The users could not be read."), self._error)
        else:
            self.empty.show_message(self.tr("Loading users…"))
        user = self.selected_user()
        for action in (self.edit_action, self.pin_action, self.badge_action):
            action.setEnabled(user is not None)
        self.remove_badge_action.setEnabled(user is not None and user.has_badge)

    def _say(self, text: str, style: str = GOOD_STYLE) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(style)
        self.notice.setVisible(bool(text))

    # -- changes --------------------------------------------------------------------------------

    def _keep(self, dialog: FieldsDialog) -> FieldsDialog:
        self.dialogs.add(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result=0, d=dialog: self.dialogs.discard(d))
        dialog.submitted.connect(lambda form, d=dialog: self._save(d, form))
        dialog.open()
        return dialog

    def _thresholds(self):
        return thresholds_of(self._backend.settings)

    def new_user(self) -> UserDialog:
        self._say("")
        return self._keep(UserDialog(self._thresholds(), None, self))

    def edit_user(self) -> UserDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        self._say("")
        return self._keep(UserDialog(self._thresholds(), user, self))

    def set_pin(self) -> CredentialDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        self._say("")
        return self._keep(CredentialDialog("pin", user, self._thresholds(), self))

    def set_badge(self) -> CredentialDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        self._say("")
        return self._keep(CredentialDialog("badge", user, self._thresholds(), self))

    def remove_badge(self) -> QMessageBox | None:
        """Asks first: the badge's code is not kept, so only the card can bring it back."""
        user = self.selected_user()
        if user is None or not user.has_badge:
            return None
        self._say("")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove badge"),
                          self.tr("Remove the badge of {user}? It no longer signs them in; "
                                  "scanning the card as their new badge brings it back.")
                          .format(user=user.name or user.login),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("removeBadgeBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        login = user.login
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(lambda button: self._remove_badge(login)
                                  if button is yes else None)
        self.dialogs.add(box)
        box.finished.connect(lambda _result=0: self.dialogs.discard(box))
        box.open()
        return box

    def _remove_badge(self, login: str) -> None:
        use = self._backend.use
        self._backend.run(lambda: use.update_user(login, {"badge": None}),
                          success=lambda user: self._saved(None, user, False),
                          failure=lambda error: self._say(field_problem(error), ERROR_STYLE),
                          owner=self)

    def _save(self, dialog: FieldsDialog, form: UserForm) -> None:
        use, values = self._backend.use, dict(form.values)
        if form.creating:
            work = lambda: use.add_user(form.login, **values)  # noqa: E731
        else:
            work = lambda: use.update_user(form.login, values)  # noqa: E731
        self._backend.run(work, success=lambda user: self._saved(dialog, user, form.creating),
                          failure=dialog.show_error, owner=dialog)

    def _saved(self, dialog: FieldsDialog | None, user: UserDTO, created: bool) -> None:
        if dialog is not None:
            dialog.saved()
        who = user.name or user.login
        self._say(self.tr("{user} was added.").format(user=who) if created
                  else self.tr("{user} was saved.").format(user=who))
        self._backend.local.user_saved.emit(user)
        if self._closed:
            return
        rows = [row for row in self.model.all_rows() if row.login != user.login] + [user]
        self.model.set_rows(sorted(rows, key=lambda row: row.login))
        self.select_user(user.login)
        self._show_state()
        self.refresh()

    # -- Qt and lifetime --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        self.refresh()

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._reads.stop()
        for dialog in list(self.dialogs):
            dialog.close()
