"""The Files area (SPEC §8) as a supervisor uses it: alone on ``runtime_without_database`` with
the file use cases in memory (``MemoryFiles``) for what the page shows and does, and once on
the real database, where an export made through its use case appears in Exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.services.dto import BatchFilter, FileEntry, FileLink, SyncState, SyncSummary
from mesdesk.ui.backend import Backend
from mesdesk.ui.views.files import FilesPage
from mesdesk.ui.views.files.model import (
    BUCKET, IMPORT, NAME, SIZE, STATE, FilesModel,
)
from mesdesk.ui.views.files.texts import RED
from tests.support.batches_page import drop
from tests.support.fakes import runtime_without_database
from tests.support.screens import cyrillic, keep_screenshot, shown_in

WAIT = 10000
MADE = datetime(2026, 12, 4, 3, 15, tzinfo=timezone.utc)      # 08:15 in Yekaterinburg
REFUSED = P.STORAGE_REFUSED.problem(endpoint="minio.plant.local:9000")


def entry(name: str, bucket: str = "reports", state: SyncState = SyncState.SYNCED, *,
          minutes: int = 0, **fields) -> FileEntry:
    values = dict(id=abs(hash((bucket, name))) % 10**9, bucket=bucket, name=name, size=14_540,
                  created_at=MADE - timedelta(minutes=minutes), created_by="Петров",
                  station="Линия-7", origin="made", sync_state=state, here=True)
    values.update(fields)
    return FileEntry(**values)


class MemoryFiles:
    """The file use cases over a list of entries; what was asked is recorded."""

    def __init__(self, *entries: FileEntry, configured: bool = True) -> None:
        self.entries = list(entries)
        self.configured = configured
        self.deleted: list[tuple[str, str]] = []
        self.fetched: list[tuple[str, str, Path | None]] = []
        self.put: list[Path] = []
        self.reads = 0
        self.sync_error: Exception | None = None
        self.link = FileLink("https://minio.plant.local/reports/a.pdf?X-Amz-Signature=1",
                             MADE + timedelta(days=7))

    def use_cases(self) -> dict:
        return dict(list_files=self.list_files, pending_files=self.pending_files,
                    upload_backlog=self.upload_backlog, fetch_file=self.fetch_file,
                    file_link=self.file_link, delete_file=self.delete_file,
                    put_import_file=self.put_import_file, sync_files=self.sync_files)

    def list_files(self, bucket: str, *, limit: int = 1000) -> list[FileEntry]:
        self.reads += 1
        return [e for e in self.entries if e.bucket == bucket]

    def pending_files(self) -> list[FileEntry]:
        return [e for e in self.entries if e.sync_state in (
            SyncState.PENDING, SyncState.UPLOADING, SyncState.FAILED)]

    def upload_backlog(self) -> int | None:
        return len(self.pending_files()) if self.configured else None

    def fetch_file(self, bucket: str, name: str, target: Path | None = None) -> Path:
        self.fetched.append((bucket, name, target))
        if target is None:
            return Path("/tmp/files-cache") / bucket / name
        return target

    def file_link(self, bucket: str, name: str) -> FileLink:
        return self.link

    def delete_file(self, bucket: str, name: str) -> bool:
        self.deleted.append((bucket, name))
        before = len(self.entries)
        self.entries = [e for e in self.entries if (e.bucket, e.name) != (bucket, name)]
        return len(self.entries) < before

    def put_import_file(self, path: Path, *, job=None) -> FileEntry:
        self.put.append(Path(path))
        made = entry(f"import_20261204_081500_{Path(path).name}", "imports",
                     SyncState.PENDING, origin="uploaded", import_state="waiting")
        self.entries.insert(0, made)
        return made

    def sync_files(self, *, job=None) -> SyncSummary:
        if self.sync_error is not None:
            raise self.sync_error
        return SyncSummary(uploaded=2, failed=0, waiting=1)


@pytest.fixture
def files() -> MemoryFiles:
    return MemoryFiles()


@pytest.fixture
def page(qtbot, tmp_path, files):
    """The Files page in a bare window, on files in memory."""
    runtime = runtime_without_database(
        Settings(data_dir=tmp_path, config_dir=tmp_path, station="Линия-7",
                 timezone="Asia/Yekaterinburg"), **files.use_cases())
    backend = Backend.build(runtime)
    window = QMainWindow()
    qtbot.addWidget(window)
    page = FilesPage(backend, window)
    window.setCentralWidget(page)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: page.loaded and not page.loading, timeout=WAIT)
    yield page
    page.shutdown()
    backend.close()
    runtime.close()


def settled(page: FilesPage, qtbot, rows: int | None = None) -> None:
    page.refresh()
    qtbot.waitUntil(lambda: page.loaded and not page.loading
                    and (rows is None or page.model.rowCount() == rows), timeout=WAIT)


def column(page: FilesPage, which: int) -> list[str]:
    section = page.model.section_of(which)
    return [page.model.index(row, section).data() for row in range(page.model.rowCount())]


def cell(page: FilesPage, row: int, which: int, role=Qt.ItemDataRole.DisplayRole):
    return page.model.index(row, page.model.section_of(which)).data(role)


def every_state() -> list[FileEntry]:
    soon = MADE + timedelta(minutes=5)
    return [
        entry("batch_17_report_20261204_081500.pdf", state=SyncState.SYNCED,
              synced_at=MADE + timedelta(seconds=3)),
        entry("batch_17_report_20261204_081500.xlsx", state=SyncState.PENDING, minutes=1,
              next_attempt_at=soon),
        entry("batch_18_report_20261204_080000.pdf", state=SyncState.UPLOADING, minutes=15,
              size=2_400_000),
        entry("batch_19_report_20261204_070000.pdf", state=SyncState.FAILED, minutes=75,
              sync_error=REFUSED, attempts=3, next_attempt_at=soon),
        entry("batch_20_report_20261203_230000.pdf", state=SyncState.LOCAL, minutes=600,
              size=812),
    ]


def import_entries() -> list[FileEntry]:
    return [
        entry("import_20261204_081500_batches.xlsx", "imports", SyncState.SYNCED,
              origin="uploaded", import_state="imported",
              import_result={"total_rows": 12, "created": 10, "updated": 2, "skipped": 0,
                             "errors": []}),
        entry("failed/import_20261204_080000_bad.csv", "imports", SyncState.FAILED,
              minutes=15, origin="dropped", import_state="failed", sync_error=REFUSED,
              next_attempt_at=MADE + timedelta(minutes=5),
              import_result={"error": P.IMPORT_COLUMNS_MISSING.problem(
                  file="bad.csv", headers="НомерПартии", row=1).as_json()}),
        entry("import_20261204_070000_1c.json", "imports", SyncState.PENDING, minutes=75,
              origin="dropped", import_state="waiting"),
        entry("import_20261204_065000_week.xlsx", "imports", SyncState.UPLOADING,
              minutes=85, origin="uploaded", import_state="importing"),
    ]


# -- what the rows say -------------------------------------------------------------------------

def test_rows_show_each_state_coloured_with_why_in_the_tooltip(page, qtbot, files):
    files.entries = every_state()
    settled(page, qtbot, rows=5)
    assert column(page, STATE) == ["In storage", "Waiting to upload", "Uploading",
                                   "Upload failed", "Local only"]
    assert column(page, NAME)[0] == "batch_17_report_20261204_081500.pdf"
    assert cell(page, 0, SIZE) == page.formats.file_size(14_540)
    assert cell(page, 4, SIZE) == "812 bytes"
    assert cell(page, 3, STATE, Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    tip = cell(page, 3, STATE, Qt.ItemDataRole.ToolTipRole)
    assert "The object storage at minio.plant.local:9000 refused the connection: is it " \
           "running?" in tip
    assert f"Next attempt: {page.formats.datetime(MADE + timedelta(minutes=5))}" in tip
    assert "kept on station Линия-7" in cell(page, 4, STATE, Qt.ItemDataRole.ToolTipRole)
    assert page.formats.datetime(MADE).endswith(("08:15", "8:15 AM"))   # the plant's clock
    assert page.model.section_of(IMPORT) == -1 and page.model.section_of(BUCKET) == -1


def test_the_imports_tab_says_how_each_import_went(page, qtbot, files):
    files.entries = import_entries()
    page.show_tab("imports")
    settled(page, qtbot, rows=4)
    assert column(page, IMPORT)[0] == "Imported: 10 created, 2 updated"
    failed = column(page, IMPORT)[1]
    assert failed.startswith("Failed: ") and len(failed) > len("Failed: ") + 5
    assert cell(page, 1, IMPORT, Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    assert column(page, IMPORT)[2:] == ["Waiting", "Importing"]
    assert "Rows: 12, skipped: 0" in cell(page, 0, IMPORT, Qt.ItemDataRole.ToolTipRole)


def test_the_model_passes_the_model_tester(qtmodeltester, qtbot):
    from mesdesk.ui.text.formats import Formats

    model = FilesModel(Formats(timezone.utc))
    model.set_entries(every_state())
    qtmodeltester.check(model)
    model.set_entries(every_state()[1:3] + [entry("new.pdf")])
    qtmodeltester.check(model)
    assert [model.entry(row).name for row in range(model.rowCount())][-1] == "new.pdf"


# -- actions -----------------------------------------------------------------------------------

def test_actions_follow_the_selection_and_the_tab(page, qtbot, files):
    files.entries = every_state() + import_entries()
    settled(page, qtbot, rows=5)
    actions = (page.open_action, page.save_action, page.link_action, page.delete_action)
    assert not any(a.isEnabled() for a in actions)
    assert not page.upload_action.isVisible() and not page.upload_action.isEnabled()
    assert page.sync_action.isEnabled() and page.refresh_action.isEnabled()

    assert page.select(("reports", "batch_19_report_20261204_070000.pdf"))
    assert all(a.isEnabled() for a in actions)
    page.table.clearSelection()
    assert not any(a.isEnabled() for a in actions)

    page.show_tab("imports")
    settled(page, qtbot, rows=4)
    assert page.upload_action.isEnabled() and page.upload_action.isVisible()
    assert not page.open_action.isEnabled()              # the selection went with the tab


def test_open_fetches_the_file_off_the_gui_thread_and_opens_it(page, qtbot, files, opened):
    files.entries = every_state()
    settled(page, qtbot, rows=5)
    page.select(("reports", "batch_17_report_20261204_081500.pdf"))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened.urls) == 1, timeout=WAIT)
    assert opened.urls[0].toLocalFile() == \
        "/tmp/files-cache/reports/batch_17_report_20261204_081500.pdf"
    assert files.fetched == [("reports", "batch_17_report_20261204_081500.pdf", None)]


def test_save_as_proposes_the_name_and_writes_where_chosen(page, qtbot, files, tmp_path,
                                                           monkeypatch):
    files.entries = every_state()
    settled(page, qtbot, rows=5)
    page.select(("reports", "batch_17_report_20261204_081500.pdf"))
    proposed = []
    target = tmp_path / "отчёт.pdf"

    def answer(parent, title, where, *args):
        proposed.append(where)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    page.save_action.trigger()
    qtbot.waitUntil(lambda: page.status.text() == f"Saved to {target}.", timeout=WAIT)
    assert Path(proposed[0]).name == "batch_17_report_20261204_081500.pdf"
    assert files.fetched == [("reports", "batch_17_report_20261204_081500.pdf", target)]


def test_copy_link_fills_the_clipboard_and_says_how_long_it_works(page, qtbot, files):
    files.entries = every_state()
    settled(page, qtbot, rows=5)
    page.select(("reports", "batch_17_report_20261204_081500.pdf"))
    page.link_action.trigger()
    qtbot.waitUntil(lambda: page.status.text().startswith("Link copied"), timeout=WAIT)
    assert QGuiApplication.clipboard().text() == files.link.url
    assert page.status.text() == "Link copied; valid until {}.".format(
        page.formats.datetime(files.link.expires_at))

    files.link = FileLink("file:///data/files/reports/a.pdf", None)
    page.link_action.trigger()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == files.link.url,
                    timeout=WAIT)
    assert page.status.text() == ("Link to the file on this computer copied (the file is "
                                  "not in the object storage).")


def test_delete_asks_first_and_deletes_only_on_yes(page, qtbot, files):
    files.entries = every_state()
    settled(page, qtbot, rows=5)
    name = "batch_18_report_20261204_080000.pdf"
    page.select(("reports", name))

    box = page.delete_selected()
    assert box.text() == f"Delete {name} from Reports?"
    box.button(QMessageBox.StandardButton.No).click()
    settled(page, qtbot)
    assert files.deleted == [] and page.model.rowCount() == 5

    box = page.delete_selected()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=WAIT)
    assert files.deleted == [("reports", name)]
    assert page.status.text() == f"{name} was deleted."
    assert name not in column(page, NAME)


def test_sync_now_says_what_it_did_or_the_refusal(page, qtbot, files):
    page.sync_action.trigger()
    qtbot.waitUntil(lambda: page.status.text() != "", timeout=WAIT)
    assert page.status.text() == "Uploaded 2 files; 1 still waits."

    files.sync_error = P.STORAGE_NOT_CONFIGURED()
    page.sync_action.trigger()
    qtbot.waitUntil(lambda: page.status.text().startswith("No object"), timeout=WAIT)
    assert page.status.text() == ("No object storage is configured: files are kept on this "
                                  "computer only.")
    assert "Traceback" not in page.status.text() and RED in page.status.styleSheet()


def test_a_refused_action_shows_the_rendered_problem(page, qtbot, files):
    files.entries = every_state()
    settled(page, qtbot, rows=5)

    def not_here(bucket, name, target=None):
        raise P.FILE_NOT_HERE(name=name, station="Линия-3")

    page.backend.runtime.use.fetch_file = not_here  # type: ignore[method-assign]
    page.select(("reports", "batch_20_report_20261203_230000.pdf"))
    page.open_action.trigger()
    qtbot.waitUntil(lambda: "Линия-3" in page.status.text(), timeout=WAIT)
    assert page.status.text() == ("batch_20_report_20261203_230000.pdf is kept on station "
                                  "Линия-3 only and is not uploaded yet.")


def test_a_file_dropped_on_imports_is_uploaded_and_listed(page, qtbot, files, tmp_path):
    source = tmp_path / "партии.xlsx"
    source.write_bytes(b"PK")
    page.show_tab("imports")
    settled(page, qtbot, rows=0)
    assert page.empty.text.startswith("No imports yet: files imported, uploaded here")
    drop(page, [source])
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert files.put == [source]
    assert column(page, IMPORT) == ["Waiting"]
    assert page.status.text() == "партии.xlsx was uploaded into imports; it is imported shortly."


# -- the banner, the live list, empty tabs -----------------------------------------------------

def test_the_banner_counts_waiting_files_and_names_the_last_failure(page, qtbot, files):
    assert page.banner.isHidden()
    files.entries = every_state()
    settled(page, qtbot, rows=5)
    assert page.banner.isVisible()
    assert page.banner.text() == (
        "3 files wait for the object storage. Last failure: The object storage at "
        "minio.plant.local:9000 refused the connection: is it running?")

    page.show_tab("pending")
    settled(page, qtbot, rows=3)
    assert column(page, BUCKET) == ["Reports"] * 3
    assert column(page, STATE) == ["Waiting to upload", "Uploading", "Upload failed"]

    files.entries = [every_state()[0]]
    settled(page, qtbot, rows=0)
    assert page.banner.isHidden()
    assert page.empty.text == "Every file is in the object storage."
    files.configured = False
    settled(page, qtbot, rows=0)
    assert page.empty.text == "No object storage is configured: files are kept on this " \
                              "computer."


def test_a_file_change_rereads_the_list_and_keeps_the_selection(page, qtbot, files):
    files.entries = every_state()
    settled(page, qtbot, rows=5)
    chosen = ("reports", "batch_19_report_20261204_070000.pdf")
    page.select(chosen)
    files.entries = [entry("batch_21_report_20261204_090000.pdf", minutes=-60)] + [
        replace(e, sync_state=SyncState.SYNCED, sync_error=None) if e.name == chosen[1] else e
        for e in files.entries]
    page.backend.changes.changed.emit({"entity": "file", "ids": None})
    qtbot.waitUntil(lambda: page.model.rowCount() == 6, timeout=WAIT)
    assert page.selected_key() == chosen
    row = page.model.row_of(chosen)
    assert cell(page, row, STATE) == "In storage"

    # A change is delivered on the GUI thread and asks for a read at once (``loading``):
    # none for another entity, none while the page is hidden.
    page.backend.changes.changed.emit({"entity": "batch", "ids": [1]})
    assert not page.loading
    page.window().hide()
    page.backend.changes.changed.emit({"entity": "file", "ids": None})
    assert not page.loading
    page.window().show()
    assert page.loading                       # shown again: read at once


def test_empty_tabs_explain_what_is_kept_there(page, qtbot, files):
    assert page.empty.text == \
        "No reports yet: a report made on the Batches page is kept here."
    page.show_tab("exports")
    settled(page, qtbot, rows=0)
    assert page.empty.text.startswith("No exports yet: ")


# -- screenshots ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["en", "ru"])
def test_screenshots_of_every_state(page, qtbot, files, qapp, language):
    local = entry("import_20261203_230000_old.csv", "imports", SyncState.LOCAL, minutes=600,
                  origin="uploaded", import_state=None, size=812)
    files.entries = every_state() + import_entries() + [local]
    with shown_in(qapp, language):
        fresh = FilesPage(page.backend)
        qtbot.addWidget(fresh)
        fresh.resize(1280, 800)
        fresh.show_tab("imports")
        fresh.show()
        qtbot.waitUntil(lambda: fresh.loaded and not fresh.loading
                        and fresh.model.rowCount() == 5, timeout=WAIT)
        fresh.select(("imports", "failed/import_20261204_080000_bad.csv"))
        fresh.say(fresh.tr("Link copied; valid until {time}.").format(
            time=fresh.formats.datetime(MADE + timedelta(days=7))))
        keep_screenshot(fresh, f"files_{language}")
        texts = [fresh.tabs.tabText(i) for i in range(fresh.tabs.count())] + [
            fresh.model.headerData(s, Qt.Orientation.Horizontal)
            for s in range(fresh.model.columnCount())] + [
            a.text() for a in fresh.toolbar.actions() if a.text()] + [
            fresh.banner.text(), *column(fresh, STATE), *column(fresh, IMPORT)]
        if language == "ru":
            assert all(cyrillic(text) for text in texts if text), texts
        fresh.shutdown()


# -- on the real database ------------------------------------------------------------------------

def test_an_export_made_through_its_use_case_appears_in_exports(desktop, qtbot):
    backend = desktop.backend
    desktop.window.show_area("files")
    page = desktop.window.page("files")
    assert isinstance(page, FilesPage)
    page.show_tab("exports")
    qtbot.waitUntil(lambda: page.loaded and not page.loading, timeout=WAIT)
    assert page.model.rowCount() == 0
    made = backend.runtime.jobs.run_op(lambda: backend.use.export_batches(
        BatchFilter(), "csv", backend.timezone)).result(timeout=30)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    assert column(page, NAME) == [made.object]
    assert column(page, STATE) == ["Local only"]
    assert page.banner.isHidden()
    assert page.model.index(0, 0).parent() == QModelIndex()
