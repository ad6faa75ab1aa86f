"""The audit log's filters: user, action, entity (and its id), and a from/to day range.

Days are the production time zone's: "from" is that day's midnight, "to" includes its whole
day (the log is read up to the next midnight).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit,
                               QWidget)

from mesdesk.services.dto import AuditChoices, AuditFilter

from .texts import action_name, entity_name


class AuditFilterBar(QWidget):
    """``changed()`` when the user changes a filter; ``query()`` builds the filter."""

    changed = Signal()

    def __init__(self, tz: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditFilterBar")
        self._tz = tz
        self.user = self._combo("auditUser", self.tr("Any user"))
        self.action = self._combo("auditAction", self.tr("Any action"))
        self.entity = self._combo("auditEntity", self.tr("Any entity"))
        self.entity_id = QLineEdit(self)
        self.entity_id.setObjectName("auditEntityId")
        self.entity_id.setPlaceholderText(self.tr("any"))
        self.entity_id.setClearButtonEnabled(True)
        self.entity_id.setMaximumWidth(110)
        self.entity_id.setToolTip(self.tr("One entity's history: choose the entity, then type "
                                          "its ID (a batch's ID, say)"))
        self.entity_id.editingFinished.connect(self._id_edited)
        self._shown_id = ""
        today = QDate.currentDate()
        self.use_since = QCheckBox(self.tr("From"), self)
        self.use_since.setObjectName("auditUseSince")
        self.since = QDateEdit(today.addDays(-7), self)
        self.since.setObjectName("auditSince")
        self.use_until = QCheckBox(self.tr("To"), self)
        self.use_until.setObjectName("auditUseUntil")
        self.until = QDateEdit(today, self)
        self.until.setObjectName("auditUntil")
        for check, edit in ((self.use_since, self.since), (self.use_until, self.until)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(lambda _: self.changed.emit())
            edit.dateChanged.connect(lambda _, c=check: c.isChecked() and self.changed.emit())

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, widget in ((self.tr("User"), self.user), (self.tr("Action"), self.action),
                              (self.tr("Entity"), self.entity)):
            label = QLabel(title, self)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        id_label = QLabel(self.tr("ID"), self)
        id_label.setBuddy(self.entity_id)
        layout.addWidget(id_label)
        layout.addWidget(self.entity_id)
        layout.addSpacing(8)
        for widget in (self.use_since, self.since, self.use_until, self.until):
            layout.addWidget(widget)
        layout.addStretch(1)
        for combo in (self.user, self.action, self.entity):
            combo.currentIndexChanged.connect(lambda _: self.changed.emit())

    def _combo(self, name: str, anything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.addItem(anything, None)
        return combo

    def _id_edited(self) -> None:
        if self.entity_id.text().strip() != self._shown_id:
            self._shown_id = self.entity_id.text().strip()
            self.changed.emit()

    # -- choices --------------------------------------------------------------------------------

    def set_choices(self, choices: AuditChoices) -> None:
        """The values the log holds, each combo keeping its choice (kept even when the log no
        longer lists it, so a filter typed elsewhere stays)."""
        for combo, values, name in ((self.user, choices.actors, None),
                                    (self.action, choices.actions, action_name),
                                    (self.entity, choices.entities, entity_name)):
            chosen = combo.currentData()
            wanted = [v for v in values if v != ""]
            if chosen is not None and chosen not in wanted:
                wanted.append(chosen)
            present = [combo.itemData(i) for i in range(1, combo.count())]
            if present == wanted:
                continue
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for value in wanted:
                combo.addItem(name(value) if name else value, value)
                combo.setItemData(combo.count() - 1, value, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.blockSignals(False)

    def choose(self, *, user: str | None = None, action: str | None = None,
               entity: str | None = None, entity_id: str | None = None) -> None:
        """Set filters from code (tests, a link from another area); one ``changed``."""
        self.blockSignals(True)
        for combo, value in ((self.user, user), (self.action, action), (self.entity, entity)):
            if value is not None and combo.findData(value) < 0:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.entity_id.setText(entity_id or "")
        self._shown_id = (entity_id or "").strip()
        self.blockSignals(False)
        self.changed.emit()

    def clear(self) -> None:
        self.blockSignals(True)
        for combo in (self.user, self.action, self.entity):
            combo.setCurrentIndex(0)
        self.entity_id.clear()
        self._shown_id = ""
        self.use_since.setChecked(False)
        self.use_until.setChecked(False)
        self.blockSignals(False)
        self.changed.emit()

    # -- values ---------------------------------------------------------------------------------

    def narrowed(self) -> bool:
        flt = self.query()
        return any(value is not None for value in (flt.actor, flt.action, flt.entity,
                                                   flt.entity_id, flt.since, flt.until))

    def query(self) -> AuditFilter:
        entity = self.entity.currentData()
        entity_id = self.entity_id.text().strip() or None
        return AuditFilter(actor=self.user.currentData(), action=self.action.currentData(),
                           entity=entity, entity_id=entity_id if entity else None,
                           since=self._midnight(self.since.date()) if self.use_since.isChecked()
                           else None,
                           until=self._midnight(self.until.date(), 1)
                           if self.use_until.isChecked() else None)

    def ignored_id(self) -> bool:
        """An ID is typed but no entity is chosen: it cannot be looked for alone."""
        return bool(self.entity_id.text().strip()) and self.entity.currentData() is None

    def _midnight(self, day: QDate, plus_days: int = 0) -> datetime:
        local = date(day.year(), day.month(), day.day()) + timedelta(days=plus_days)
        return datetime.combine(local, time(), self._tz)
