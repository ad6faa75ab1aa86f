"""The sign-in screen: a badge scan, or a login and a PIN.

Only a widget: what a scan or a PIN leads to is the gate's business (``gate.py``). The
screen says why it is shown (first sign-in, or who locked the station) and why a try was
refused, next to the fields.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (QFormLayout, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)


class SignInScreen(QWidget):
    """``pin_entered(login, pin)`` when the form is sent."""

    pin_entered = Signal(str, str)

    def __init__(self, station: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInScreen")
        card = QFrame(self)
        card.setObjectName("signInCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(520)
        card.setMinimumWidth(420)
        self.title = QLabel(self.tr("Sign in to MESDesk"), card)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.reason = QLabel(card)
        self.reason.setWordWrap(True)
        self.hint = QLabel(self.tr("Scan your badge, or type your login and PIN."), card)
        self.hint.setWordWrap(True)
        self.station = QLabel(self.tr("Station: {station}").format(station=station), card)
        self.station.setStyleSheet("color: palette(mid);")
        self.login = QLineEdit(card)
        self.login.setObjectName("signInLogin")
        self.login.setMaxLength(64)
        self.pin = QLineEdit(card)
        self.pin.setObjectName("signInPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"),
                                                          self.pin))
        self.button = QPushButton(self.tr("Sign in"), card)
        self.button.setObjectName("signInButton")
        self.button.setDefault(True)
        self.message = QLabel(card)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("Login"), self.login)
        form.addRow(self.tr("PIN"), self.pin)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        for widget in (self.title, self.reason, self.hint):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.message)
        inner.addWidget(self.station)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, alignment=Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.button.clicked.connect(self._send)
        self.login.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._send)
        self.show_reason("")

    # -- what the gate tells it -----------------------------------------------------------------

    def show_reason(self, text: str) -> None:
        """Why the screen is up (who locked the station); empty: a plain sign-in."""
        self.reason.setText(text)
        self.reason.setVisible(bool(text))

    def show_locked_by(self, name: str) -> None:
        self.show_reason(self.tr("{name} locked this station. Scan a badge to sign in.")
                         .format(name=name))

    def show_refusal(self, text: str) -> None:
        self.message.setText(text)
        self.pin.clear()
        self.set_busy(False)

    def set_busy(self, busy: bool) -> None:
        for widget in (self.login, self.pin, self.button):
            widget.setEnabled(not busy)

    def reset(self) -> None:
        """Empty, ready for the next person."""
        self.login.clear()
        self.pin.clear()
        self.message.clear()
        self.set_busy(False)

    # -- the form -------------------------------------------------------------------------------

    def _send(self) -> None:
        login, pin = self.login.text().strip(), self.pin.text()
        if not login:
            self.message.setText(self.tr("Type your login, or scan your badge."))
            self.login.setFocus()
            return
        if not pin:
            self.message.setText(self.tr("Type your PIN."))
            self.pin.setFocus()
            return
        self.message.clear()
        self.set_busy(True)
        self.pin_entered.emit(login, pin)
