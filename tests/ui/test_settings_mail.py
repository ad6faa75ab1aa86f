"""The Settings page's "E-mail (SMTP)" section with a real SMTP server on 127.0.0.1: the test
button sends with the values typed (off the GUI thread), bad addresses are refused by name, the
password goes to the keyring, and the section reads well in English and Russian."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from mesdesk.adapters.mail import probe_mail
from mesdesk.config import Settings, save_settings
from mesdesk.services.settings import SettingsService, secret_account
from mesdesk.ui.backend import Backend
from mesdesk.ui.views.settings.page import SettingsPage
from tests.support.fakes import AnsweringProbe, MemorySecrets, runtime_without_database
from tests.support.screens import cyrillic, shown_in
from tests.support.smtp import SmtpServer

SHOTS = Path("/tmp/shots-mail")


@pytest.fixture
def open_page(qtbot, tmp_path):
    opened = []

    def open_with(secrets: MemorySecrets | None = None, **values) -> tuple[SettingsPage,
                                                                          MemorySecrets]:
        secrets = secrets or MemorySecrets()
        settings = Settings(config_dir=tmp_path / "config", data_dir=tmp_path / "data",
                            station="line-1", timezone="Asia/Yekaterinburg", language="en",
                            database_url="postgresql://postgres@db.example/mesdesk", **values)
        service = SettingsService(secrets, AnsweringProbe(), save_settings,
                                  mail_probe=probe_mail)
        runtime = runtime_without_database(settings, settings_service=service)
        backend = Backend.build(runtime)
        opened.append((backend, runtime))
        page = SettingsPage(backend)
        qtbot.addWidget(page)
        page.resize(900, 1400)
        page.show()
        return page, secrets

    yield open_with
    for backend, runtime in opened:
        backend.close()
        runtime.close()


def type_server(page: SettingsPage, server: SmtpServer, *, user: str = "",
                password: str = "") -> None:
    box = page.mail
    box.host_edit.setText(server.host)
    box.port_spin.setValue(server.port)
    box.security_combo.setCurrentIndex(box.security_combo.findData("none"))
    box.user_edit.setText(user)
    box.password_edit.setText(password)
    box.edits["smtp_from"].setText("mesdesk@plant.test")


def test_the_test_button_sends_with_the_values_typed(open_page, qtbot, smtp_server):
    page, _ = open_page()
    type_server(page, smtp_server)
    box = page.mail
    box.test_to_edit.setText("boss@plant.test")
    box.test_button.click()
    [got] = smtp_server.wait_for(1)                 # nothing was saved: the typed values
    assert got.recipients == ("boss@plant.test",) and got.subject == "MESDesk test e-mail"
    qtbot.waitUntil(lambda: "Sent: check the inbox of boss@plant.test"
                    in box.test_result.text(), timeout=10000)
    assert "#1b5e20" in box.test_result.styleSheet() and box.test_button.isEnabled()


def test_a_wrong_password_is_shown_in_red(open_page, qtbot):
    locked = SmtpServer(user="mes", password="right").start()
    try:
        page, _ = open_page()
        type_server(page, locked, user="mes", password="wrong")
        page.mail.test_to_edit.setText("boss@plant.test")
        page.mail.test_button.click()
        qtbot.waitUntil(lambda: "refused the user name or the password"
                        in page.mail.test_result.text(), timeout=10000)
    finally:
        locked.stop()
    assert "#b00020" in page.mail.test_result.styleSheet() and not locked.messages


def test_the_saved_password_is_the_keyrings_and_the_test_uses_it(open_page, qtbot,
                                                                   tmp_path):
    locked = SmtpServer(user="mes", password="right").start()
    try:
        page, secrets = open_page()
        type_server(page, locked, user="mes", password="right")
        page.save()
        qtbot.waitUntil(lambda: page.save_button.isEnabled() and bool(secrets.passwords),
                        timeout=10000)
        written = tomllib.loads((tmp_path / "config" / "settings.toml").read_text("utf-8"))
        assert written["smtp_host"] == "127.0.0.1" and written.get("smtp_password", "") == ""
        account = secret_account("smtp_password", Settings(smtp_user="mes",
                                                           smtp_host="127.0.0.1"))
        assert secrets.passwords[account] == "right"
        assert page.mail.password_edit.text() == ""
        assert page.mail.password_edit.placeholderText() == ("stored in the keyring; type to "
                                                             "replace")
        page.mail.test_to_edit.setText("boss@plant.test")
        page.mail.test_button.click()               # the password field is empty
        assert locked.wait_for(1)[0].recipients == ("boss@plant.test",)
    finally:
        locked.stop()
    assert not any(secrets.on_gui_thread)


def test_a_bad_recipient_is_refused_by_name_and_nothing_is_saved(open_page, qtbot, tmp_path,
                                                                 smtp_server):
    page, _ = open_page()
    type_server(page, smtp_server)
    page.mail.edits["mail_report_ready_to"].setText("qa@plant.test, boss plant.test")
    page.save()
    error = page.mail.errors["mail_report_ready_to"]
    assert error.isVisible() and error.text() == "boss plant.test is not an e-mail address."
    assert "Nothing was saved" in page.status.text()
    assert not (tmp_path / "config" / "settings.toml").exists()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_mail_section_in_both_languages(open_page, qtbot, qapp, language):
    from PySide6.QtWidgets import QLabel, QPushButton

    with shown_in(qapp, language):
        page, secrets = open_page(smtp_host="smtp.plant.ru", smtp_user="mes",
                                  mail_report_ready_to="qa@plant.ru, boss@plant.ru")
        box = page.mail
        box.edits["mail_import_completed_to"].setText("bad address")
        assert not page.validate()
        box._tested(None, "qa@plant.ru")            # how a sent test e-mail is said
        assert cyrillic(box.title()) == (language == "ru")
        assert cyrillic(box.test_button.text()) == (language == "ru")
        assert cyrillic(box.test_result.text()) == (language == "ru")
        # Nothing clipped: every one-line label and button is as wide as its text needs.
        for widget in box.findChildren(QPushButton) + box.findChildren(QLabel):
            if widget.isVisible() and widget.text() and not getattr(widget, "wordWrap",
                                                                   lambda: False)():
                needed = widget.fontMetrics().horizontalAdvance(widget.text())
                assert widget.width() >= needed, (widget.text(), widget.width(), needed)
        SHOTS.mkdir(exist_ok=True)
        box.grab().save(str(SHOTS / f"mail_box_{language}.png"))
