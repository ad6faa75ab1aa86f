"""The Settings page's "File storage" section (§8): the MinIO/S3 endpoint with its TLS switch,
key pair and bucket prefix, 1C's exchange folder, and a "Test connection" that says exactly
what failed (DNS, refused, TLS, the key, a permission). The secret key goes to the OS keyring
when saved; an empty field keeps the stored one. The test runs off the GUI thread."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (QCheckBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QWidget)

from mesdesk.domain.problems import Problem

from ...errors import describe
from ...text.problems import sentence
from .form import FormValues, endpoint_problem
from .widgets import (ERROR_STYLE, GOOD_STYLE, HINT_STYLE, field_error, hint, set_error,
                      show_problem, tr, with_error)

FIELDS = ("s3_endpoint", "s3_access_key", "s3_secret_key", "s3_secure", "s3_prefix",
          "exchange_dir")


class StorageBox(QGroupBox):
    def __init__(self, backend, parent: QWidget | None = None) -> None:
        super().__init__(tr("File storage (MinIO / S3)"), parent)
        self.setObjectName("storageBox")
        self._backend = backend
        self._testing = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.endpoint_edit = QLineEdit(self)
        self.endpoint_edit.setPlaceholderText(tr("host:port, or https://host"))
        self.endpoint_error = field_error(self)
        self.endpoint_hint = hint(self._endpoint_hint(filled=True), self)
        self.secure_check = QCheckBox(tr("Use TLS (https)"), self)
        self.access_edit = QLineEdit(self)
        self.secret_edit = QLineEdit(self)
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setPlaceholderText(
            tr("Kept in the keyring; leave empty to keep the stored key"))
        self.prefix_edit = QLineEdit(self)
        self.prefix_edit.setPlaceholderText(tr("e.g. plant1-"))
        self.prefix_error = field_error(self)
        self.exchange_edit = QLineEdit(self)
        self.exchange_edit.setPlaceholderText(tr("No exchange folder"))
        choose = QPushButton(tr("Choose…"), self)
        choose.clicked.connect(self._choose_folder)
        exchange_row = QWidget(self)
        row = QHBoxLayout(exchange_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.exchange_edit, 1)
        row.addWidget(choose)
        self.test_button = QPushButton(tr("Test connection"), self)
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        self.test_result.setObjectName("storageTestResult")
        test_row = QWidget(self)
        tests = QHBoxLayout(test_row)
        tests.setContentsMargins(0, 0, 0, 0)
        tests.addWidget(self.test_button)
        tests.addWidget(self.test_result, 1)

        form.addRow(tr("Endpoint:"), with_error(self.endpoint_edit, self.endpoint_error, self,
                                                self.endpoint_hint))
        form.addRow("", self.secure_check)
        form.addRow(tr("Access key:"), self.access_edit)
        form.addRow(tr("Secret key:"), self.secret_edit)
        form.addRow(tr("Bucket prefix:"), with_error(self.prefix_edit, self.prefix_error, self,
                                                     hint(tr("Bucket names: the prefix, then "
                                                             "reports, exports or imports "
                                                             "(plant1-reports)."), self)))
        form.addRow(tr("Exchange folder:"), with_error(exchange_row, None, self, hint(tr(
            "1C drops files here to import; they are moved to processed/ or failed/ beside "
            "them with a result file."), self)))
        form.addRow("", test_row)
        self.endpoint_edit.textChanged.connect(self._endpoint_changed)
        self.prefix_edit.textChanged.connect(lambda: set_error(self.prefix_error, ""))

    # -- values ------------------------------------------------------------------------------

    def load(self, values: FormValues) -> None:
        self.endpoint_edit.setText(values.s3_endpoint)
        self.secure_check.setChecked(values.s3_secure)
        self.access_edit.setText(values.s3_access_key)
        self.secret_edit.setText(values.s3_secret_key)
        self.prefix_edit.setText(values.s3_prefix)
        self.exchange_edit.setText(values.exchange_dir)
        set_error(self.endpoint_error, "")
        set_error(self.prefix_error, "")
        self.test_result.clear()
        self._endpoint_changed()

    def read(self) -> dict[str, object]:
        return {"s3_endpoint": self.endpoint_edit.text().strip(),
                "s3_secure": self.secure_check.isChecked(),
                "s3_access_key": self.access_edit.text().strip(),
                "s3_secret_key": self.secret_edit.text(),
                "s3_prefix": self.prefix_edit.text().strip(),
                "exchange_dir": self.exchange_edit.text().strip()}

    def show_problems(self, problems: dict[str, Problem]) -> None:
        show_problem(self.endpoint_error, problems.get("s3_endpoint"))
        show_problem(self.prefix_error, problems.get("s3_prefix"))

    # -- the test ----------------------------------------------------------------------------

    def test_connection(self) -> None:
        if self._testing:
            return
        problem = endpoint_problem(self.endpoint_edit.text())
        if problem is not None:
            show_problem(self.endpoint_error, problem)
            return
        self._testing = True
        self.test_button.setEnabled(False)
        self._say(tr("Connecting…"), HINT_STYLE)
        settings = replace(self._backend.settings, **self.read())
        service = self._backend.settings_service
        self._backend.run(lambda: service.test_storage(settings), success=self._tested,
                          failure=self._test_failed, owner=self)

    def _tested(self, problem: Problem | None) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        if problem is None:
            self._say(tr("Connected: the buckets are ready."), GOOD_STYLE)
        else:
            self._say(sentence(problem), ERROR_STYLE)

    def _test_failed(self, error: BaseException) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        self._say(describe(error), ERROR_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet(style)

    # -- inside ------------------------------------------------------------------------------

    def _endpoint_changed(self) -> None:
        set_error(self.endpoint_error, "")
        self.endpoint_hint.setText(self._endpoint_hint(
            filled=bool(self.endpoint_edit.text().strip())))

    @staticmethod
    def _endpoint_hint(*, filled: bool) -> str:
        if not filled:
            return tr("Empty: files are kept on this computer only.")
        return tr("Reports, exports and imports are uploaded here; while it cannot be reached "
                  "they wait on this computer.")

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Exchange folder"),
                                                  self.exchange_edit.text())
        if folder:
            self.exchange_edit.setText(folder)
