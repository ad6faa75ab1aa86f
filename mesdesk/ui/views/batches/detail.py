"""The selected batch: every field, its statistics (§10) and its products, paged.

The fields show at once from the row the table already has; statistics and the first page of
products come in one query off the GUI thread (``get_batch``); more products page in as the
products table scrolls.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QGridLayout, QHeaderView, QLabel, QProgressBar, QScrollArea,
    QSplitter, QTableView, QVBoxLayout, QWidget,
)

from mesdesk.services.dto import BatchDetail, BatchDTO, Page

from ...errors import describe
from ...widgets.empty_state import EmptyState
from ...text.formats import Formats
from ...widgets.pager import Runner
from .products_model import ADDED_AT, AGGREGATED_AT, AGGREGATED_BY, CODE, STATE, ProductsModel


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


class BatchDetailPanel(QWidget):
    """``show_batch(dto)`` for a new selection, ``refresh()`` when the batch changed."""

    statistics_loaded = Signal(object)      # BatchDetail

    def __init__(self, run: Runner, use: Any, formats: Formats,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchDetail")
        self._run = run
        self._use = use
        self._formats = formats
        self._batch: BatchDTO | None = None
        self._request = 0
        self.detail: BatchDetail | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("batchDetailHeading")
        self.heading.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.empty = QLabel(self.tr("Select a batch to see its fields, statistics and "
                                    "products."), self)
        self.empty.setObjectName("batchDetailEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")

        self.body = QSplitter(Qt.Orientation.Horizontal, self)
        self.body.setObjectName("batchDetailSplitter")
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self._build_fields())
        self.body.addWidget(self._build_statistics())
        self.body.addWidget(self._build_products())
        self.body.setStretchFactor(0, 5)
        self.body.setStretchFactor(1, 3)
        self.body.setStretchFactor(2, 6)
        self.body.setSizes([540, 250, 460])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.empty, 1)
        self._show_nothing()

    # -- building ---------------------------------------------------------------------------

    def _build_fields(self) -> QWidget:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget(area)
        grid = QGridLayout(inner)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.fields: dict[str, QLabel] = {}
        left = [("batch_number", self.tr("Number")), ("batch_date", self.tr("Date")),
                ("status", self.tr("Status")), ("work_center", self.tr("Work center")),
                ("shift", self.tr("Shift")), ("team", self.tr("Team"))]
        right = [("nomenclature", self.tr("Nomenclature")), ("ekn_code", self.tr("ЕКН")),
                 ("shift_start", self.tr("Shift start")), ("shift_end", self.tr("Shift end")),
                 ("created_at", self.tr("Created")), ("updated_at", self.tr("Updated"))]
        for column, pairs in ((0, left), (2, right)):
            for row, (name, title) in enumerate(pairs):
                caption = QLabel(title, inner)
                caption.setStyleSheet("color: palette(placeholder-text);")
                caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                value = _value_label(inner, f"detail_{name}")
                self.fields[name] = value
                grid.addWidget(caption, row, column)
                grid.addWidget(value, row, column + 1)
        caption = QLabel(self.tr("Description"), inner)
        caption.setStyleSheet("color: palette(placeholder-text);")
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        value = _value_label(inner, "detail_task_description")
        self.fields["task_description"] = value
        grid.addWidget(caption, len(left), 0)
        grid.addWidget(value, len(left), 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(left) + 1, 1)
        area.setWidget(inner)
        return area

    def _build_statistics(self) -> QWidget:
        box = QWidget(self)
        box.setObjectName("batchStatistics")
        box.setMinimumWidth(250)
        form = QFormLayout(box)
        form.setContentsMargins(8, 0, 8, 0)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.rate_bar = QProgressBar(box)
        self.rate_bar.setObjectName("batchRateBar")
        self.rate_bar.setRange(0, 1000)
        self.rate_bar.setTextVisible(True)
        self.rate_bar.setMaximumHeight(18)
        form.addRow(self.tr("Aggregation"), self.rate_bar)
        self.stats: dict[str, QLabel] = {}
        for name, title in (("total_products", self.tr("Products")),
                            ("aggregated", self.tr("Aggregated")),
                            ("remaining", self.tr("Remaining")),
                            ("shift_duration_hours", self.tr("Shift length")),
                            ("elapsed_hours", self.tr("Elapsed")),
                            ("products_per_hour", self.tr("Per hour")),
                            ("estimated_completion", self.tr("Estimated finish"))):
            label = _value_label(box, f"stat_{name}")
            label.setWordWrap(False)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.stats[name] = label
            form.addRow(title, label)
        self.stats_note = QLabel(box)
        self.stats_note.setObjectName("batchStatisticsNote")
        self.stats_note.setWordWrap(True)
        self.stats_note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(self.stats_note)
        return box

    def _build_products(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.products_title = QLabel(self.tr("Products"), box)
        self.products_title.setStyleSheet("font-weight: 600;")
        self.products_model = ProductsModel(self._run, self._use, self._formats, self)
        self.products_view = QTableView(box)
        self.products_view.setObjectName("batchProducts")
        self.products_view.setModel(self.products_model)
        self.products_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.products_view.setAlternatingRowColors(True)
        self.products_view.setWordWrap(False)
        self.products_view.verticalHeader().hide()
        self.products_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.products_view.verticalHeader().setDefaultSectionSize(22)
        header = self.products_view.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in ((CODE, 260), (STATE, 92), (AGGREGATED_AT, 128),
                              (AGGREGATED_BY, 120), (ADDED_AT, 128)):
            header.resizeSection(column, max(width, header.sectionSizeHint(column)))
        self.products_model.pace_with(self.products_view)
        self.products_empty = EmptyState(self.products_view)
        self.products_model.rows_arrived.connect(self._products_state)
        self.products_model.loading_changed.connect(lambda _: self._products_state())
        self.products_model.load_failed.connect(self._products_failed)
        layout.addWidget(self.products_title)
        layout.addWidget(self.products_view, 1)
        return box

    # -- showing ----------------------------------------------------------------------------

    @property
    def batch(self) -> BatchDTO | None:
        return self._batch

    def show_batch(self, batch: BatchDTO | None) -> None:
        same = batch is not None and self._batch is not None and batch.id == self._batch.id
        self._batch = batch
        if batch is None:
            self._request += 1
            self.detail = None
            self.products_model.show_batch(None)
            self._show_nothing()
            return
        self._show_fields(batch)
        if not same:
            self.detail = None
            self._clear_statistics()
        self._load(batch.id, reseed=not same)

    def refresh(self, batch: BatchDTO | None = None) -> None:
        """The shown batch changed: new fields (if given), statistics and products."""
        if self._batch is None:
            return
        if batch is not None and batch.id == self._batch.id:
            self._batch = batch
            self._show_fields(batch)
        self._load(self._batch.id, reseed=False)

    def _load(self, batch_id: int, *, reseed: bool) -> None:
        self._request += 1
        request = self._request
        use, size = self._use, ProductsModel.first_page_size
        self._run(lambda: use.get_batch(batch_id, products_limit=size),
                  partial(self._loaded, request, reseed), partial(self._failed, request), self)

    def _loaded(self, request: int, reseed: bool, detail: BatchDetail) -> None:
        if request != self._request or self._batch is None or detail.batch.id != self._batch.id:
            return
        self.detail = detail
        self._batch = detail.batch
        self._show_fields(detail.batch)
        self._show_statistics(detail)
        if reseed or self.products_model.batch_id != detail.batch.id:
            self.products_model.show_batch(
                detail.batch.id, Page(detail.products, detail.products_next_cursor))
        else:
            last = self.products_view.rowAt(self.products_view.viewport().height() - 1)
            keep = last + 1 if last >= 0 else self.products_model.rowCount()
            self.products_model.refresh(keep)
        self.statistics_loaded.emit(detail)

    def _failed(self, request: int, error: BaseException) -> None:
        if request != self._request:
            return
        self.stats_note.setText(self.tr("The statistics could not be loaded: {reason}").format(
            reason=describe(error)))

    def _show_nothing(self) -> None:
        self.heading.setText("")
        self.heading.hide()
        self.body.hide()
        self.empty.show()

    def _show_fields(self, batch: BatchDTO) -> None:
        f = self._formats
        self.empty.hide()
        self.heading.show()
        self.body.show()
        self.heading.setText(self.tr("Batch {number} of {date}").format(
            number=batch.batch_number, date=f.date(batch.batch_date)))
        status = (self.tr("Closed at {moment}").format(moment=f.datetime(batch.closed_at))
                  if batch.is_closed else self.tr("Open"))
        work_center = batch.work_center if batch.work_center_name in ("", batch.work_center) \
            else self.tr("{identifier} · {name}").format(identifier=batch.work_center,
                                                         name=batch.work_center_name)
        values = {
            "batch_number": str(batch.batch_number),
            "batch_date": f.date(batch.batch_date),
            "status": status,
            "work_center": work_center,
            "shift": batch.shift,
            "team": batch.team,
            "nomenclature": batch.nomenclature,
            "ekn_code": batch.ekn_code,
            "shift_start": f.datetime(batch.shift_start),
            "shift_end": f.datetime(batch.shift_end),
            "created_at": f.datetime(batch.created_at),
            "updated_at": f.datetime(batch.updated_at),
            "task_description": batch.task_description,
        }
        for name, text in values.items():
            self.fields[name].setText(text or "—")
        self.fields["status"].setStyleSheet(
            "color: palette(placeholder-text); font-style: italic;" if batch.is_closed
            else "color: #1b7a3a; font-weight: 600;")

    def _clear_statistics(self) -> None:
        for label in self.stats.values():
            label.setText("…")
        self.rate_bar.setValue(0)
        self.rate_bar.setFormat("")
        self.stats_note.setText("")

    def _show_statistics(self, detail: BatchDetail) -> None:
        f = self._formats
        stats = detail.statistics
        self.rate_bar.setValue(round(stats.aggregation_rate * 10))
        self.rate_bar.setFormat(f.percent(stats.aggregation_rate))
        self.stats["total_products"].setText(f.integer(stats.total_products))
        self.stats["aggregated"].setText(f.integer(stats.aggregated))
        self.stats["remaining"].setText(f.integer(stats.remaining))
        self.stats["shift_duration_hours"].setText(f.hours(stats.shift_duration_hours))
        self.stats["elapsed_hours"].setText(f.hours(stats.elapsed_hours))
        self.stats["products_per_hour"].setText(
            f.decimal(stats.products_per_hour) if stats.products_per_hour is not None else "—")
        self.stats["estimated_completion"].setText(
            f.datetime(stats.estimated_completion) if stats.estimated_completion else "—")
        if stats.estimated_completion is None and stats.remaining and not detail.batch.is_closed:
            self.stats_note.setText(self.tr("No estimate yet: nothing has been aggregated "
                                            "during the shift so far."))
        else:
            self.stats_note.setText("")
        self.products_title.setText(self.tr("Products ({count})").format(
            count=f.integer(stats.total_products)))

    def _products_state(self) -> None:
        model = self.products_model
        if model.batch_id is None:
            self.products_empty.clear()
        elif model.loading:
            self.products_empty.show_message(self.tr("Loading products…"))
        elif model.rowCount() == 0 and model.loaded_once and model.error is None:
            self.products_empty.show_message(
                self.tr("No products in this batch yet."),
                self.tr("Add codes with “Add codes” (Ctrl+Shift+V) or import a 1C products "
                        "file."))
        elif model.error is None:
            self.products_empty.clear()

    def _products_failed(self, reason: str) -> None:
        self.products_empty.show_message(self.tr("The products could not be loaded."), reason)
