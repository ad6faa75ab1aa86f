"""The Settings page's file storage section on the real app, against a real S3 server: it
shows what the app runs with, refuses an endpoint that cannot be one, says exactly why a test
connection failed, and keeps the secret key out of the settings file."""

from __future__ import annotations

import socket
import tomllib

import pytest

from PySide6.QtWidgets import QApplication

from mesdesk.ui.views.settings.storage_box import StorageBox
from tests.support.screens import keep_screenshot, shown_in
from tests.ui.test_settings_page import settings_page, wait_for_status


def storage(desktop, qtbot):
    page = settings_page(desktop, qtbot)
    return page, page.storage


def test_an_endpoint_with_a_path_is_refused_next_to_the_field(desktop, qtbot):
    page, box = storage(desktop, qtbot)
    box.endpoint_edit.setText("http://minio:9000/bucket")
    page.save_button.click()
    wait_for_status(qtbot, page, "Nothing was saved")
    assert box.endpoint_error.isVisibleTo(page)
    assert "http://minio:9000/bucket is not an object storage address" in \
        box.endpoint_error.text()
    assert not desktop.backend.settings.settings_path.exists()


def test_a_closed_port_is_said_as_refused(desktop, qtbot):
    page, box = storage(desktop, qtbot)
    with socket.socket() as holder:          # a port nobody listens on
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
    box.endpoint_edit.setText(f"127.0.0.1:{port}")
    box.access_edit.setText("key")
    box.secret_edit.setText("secret")
    box.test_button.click()
    qtbot.waitUntil(lambda: "refused" in box.test_result.text(), timeout=15000)
    assert box.test_result.text() == (f"The object storage at 127.0.0.1:{port} refused the "
                                      f"connection: is it running?")
    assert box.test_button.isEnabled()


def test_the_real_server_says_connected_and_a_wrong_secret_says_so(desktop, qtbot, s3_server,
                                                                   s3_prefix):
    page, box = storage(desktop, qtbot)
    box.endpoint_edit.setText(s3_server.endpoint)
    box.access_edit.setText(s3_server.access_key)
    box.secret_edit.setText("not-the-secret")
    box.prefix_edit.setText(s3_prefix)
    box.test_button.click()
    qtbot.waitUntil(lambda: "refused the access key" in box.test_result.text(), timeout=15000)
    box.secret_edit.setText(s3_server.secret_key)
    box.test_button.click()
    qtbot.waitUntil(lambda: box.test_result.text() == "Connected: the buckets are ready.",
                    timeout=15000)


@pytest.mark.parametrize("desktop_keyring", ["file"], indirect=True)
def test_the_secret_key_goes_to_the_keyring_not_the_file(desktop, qtbot, s3_server,
                                                        desktop_keyring):
    page, box = storage(desktop, qtbot)
    box.endpoint_edit.setText(s3_server.endpoint)
    box.access_edit.setText(s3_server.access_key)
    box.secret_edit.setText(s3_server.secret_key)
    page.save_button.click()
    text = wait_for_status(qtbot, page, "Saved")
    assert "restart" in text
    written = tomllib.loads(desktop.backend.settings.settings_path.read_text("utf-8"))
    assert written["s3_endpoint"] == s3_server.endpoint
    assert written.get("s3_secret_key", "") == ""
    assert desktop_keyring.get(f"s3:{s3_server.access_key}@{s3_server.endpoint}") == \
        s3_server.secret_key


def test_the_section_is_readable_in_both_languages(desktop, qtbot):
    page, box = storage(desktop, qtbot)
    box.endpoint_edit.setText("minio.plant.local:9000")
    box.access_edit.setText("mesdesk")
    box.prefix_edit.setText("plant1-")
    box.exchange_edit.setText("/srv/1c/exchange")
    box._tested(None)
    assert box.test_result.text() == "Connected: the buckets are ready."
    keep_screenshot(box, "settings_storage_en")
    with shown_in(QApplication.instance(), "ru"):
        russian = StorageBox(desktop.backend)
        qtbot.addWidget(russian)
        russian.setFixedWidth(box.width())
        russian.show()
        russian.resize(box.width(), russian.heightForWidth(box.width()))
        russian.load(page.values())
        russian._tested(None)
        assert russian.title() == "Файловое хранилище (MinIO / S3)"
        assert russian.test_result.text() == "Подключено: хранилища готовы."
        keep_screenshot(russian, "settings_storage_ru")
