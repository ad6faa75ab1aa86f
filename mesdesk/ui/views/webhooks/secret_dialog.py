"""A new subscription's signing secret, shown this once (the database keeps it; no screen
shows it again), with a Copy button."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)


class SecretDialog(QDialog):
    """The new subscription's signing secret, shown this once, with a Copy button."""

    def __init__(self, url: str, secret: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("secretDialog")
        self.setWindowTitle(self.tr("Webhook secret"))
        title = QLabel(self.tr("The subscription for {url} was created.").format(url=url), self)
        title.setWordWrap(True)
        title.setStyleSheet("font-weight: 600;")
        explain = QLabel(self.tr(
            "Give this secret to the receiver: it checks the X-Webhook-Signature and "
            "webhook-signature headers with it. Copy it now: it will not be shown again."),
            self)
        explain.setWordWrap(True)
        self.secret = QLineEdit(secret, self)
        self.secret.setObjectName("secretField")
        self.secret.setReadOnly(True)
        self.secret.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.secret.setMinimumWidth(420)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setObjectName("copySecret")
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel(self)
        self.copied.setObjectName("secretCopied")
        self.copied.setStyleSheet("color: #2e7d32;")
        row = QHBoxLayout()
        row.addWidget(self.secret, 1)
        row.addWidget(self.copy_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.copied)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.secret.selectAll()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.secret.text())
        self.copied.setText(self.tr("Copied to the clipboard."))
