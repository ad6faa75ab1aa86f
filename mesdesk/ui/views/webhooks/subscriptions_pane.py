"""The top of the Webhooks page: its heading and toolbar, the subscriptions table, what the
table says when empty, and the selected subscription's settings and health under it. It draws
a ``WebhooksScreen``; the page decides."""

from __future__ import annotations

import html
from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QHeaderView, QLabel, QTableView, QToolBar, QVBoxLayout, QWidget,
)

from ...text.webhooks import health_colour, health_problem, subscription_summary
from ...widgets.empty_state import EmptyState
from .table_style import table_style
from .models import (
    S_EVENTS, S_FAILURES, S_LAST_SUCCESS, S_PROBLEM, S_STATE, S_URL, SubscriptionsModel,
)
from .screen import Detail, Emptiness, WebhooksScreen, health_of


class SubscriptionsPane(QWidget):
    """``toolbar`` takes the page's actions; ``show_state(screen)`` after every change."""

    def __init__(self, model: SubscriptionsModel, tz: tzinfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tz = tz
        title = QLabel(self.tr("Webhook subscriptions"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        subtitle = QLabel(self.tr("MESDesk sends its events as signed HTTP POST requests to "
                                  "these URLs, retrying when a receiver fails."), self)
        subtitle.setStyleSheet("color: palette(placeholder-text);")
        subtitle.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(title)
        heading.addWidget(subtitle)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("webhookToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(heading, 1)
        top.addWidget(self.toolbar, 0, Qt.AlignmentFlag.AlignBottom)

        self.table = QTableView(self)
        self.table.setObjectName("subscriptionsTable")
        self.table.setModel(model)
        table_style(self.table)
        header = self.table.horizontalHeader()
        for column, width in ((S_URL, 260), (S_EVENTS, 200), (S_STATE, 105),
                              (S_LAST_SUCCESS, 110), (S_FAILURES, 110)):
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        header.setSectionResizeMode(S_PROBLEM, QHeaderView.ResizeMode.Stretch)
        self.empty = EmptyState(self.table)
        self.detail = QLabel(self)
        self.detail.setObjectName("subscriptionDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)

    def show_state(self, screen: WebhooksScreen) -> None:
        self._show_emptiness(screen)
        self._show_detail(screen)

    def _show_emptiness(self, screen: WebhooksScreen) -> None:
        emptiness = screen.emptiness()
        if emptiness is Emptiness.NOTHING:
            self.empty.clear()
        elif emptiness is Emptiness.UNREADABLE:
            self.empty.show_message(self.tr("Webhook subscriptions could not be read."),
                                    screen.error)
        elif emptiness is Emptiness.LOADING:
            self.empty.show_message(self.tr("Loading subscriptions…"))
        else:
            self.empty.show_message(
                self.tr("No webhook subscriptions yet."),
                self.tr("A webhook tells another system (an ERP, a dashboard) what happens "
                        "here: batches created, changed or closed, products aggregated, "
                        "reports ready, imports finished. Add one with New subscription "
                        "(Ctrl+N): give the receiver's URL and tick its events."))

    def _show_detail(self, screen: WebhooksScreen) -> None:
        """The selected subscription's settings and, in full, what is wrong with it."""
        detail, sub = screen.detail(), screen.selected
        if detail is not Detail.SUBSCRIPTION or sub is None:
            self.detail.setText(self.tr("Select a subscription to see its settings, edit it or "
                                        "send it a test event.") if detail is Detail.HINT
                                else "")
            self.detail.setStyleSheet("color: palette(placeholder-text);")
            return
        self.detail.setStyleSheet("")
        parts = [f"<b>{html.escape(sub.shown_url)}</b> — "
                 f"{html.escape(subscription_summary(sub))}"]
        health = health_of(sub)
        if health.wrong:
            colour = health_colour(health).name()
            problem = html.escape(health_problem(health, self._tz))
            parts.append(f'<span style="color: {colour};">{problem}</span>')
        self.detail.setText("<br>".join(parts))
