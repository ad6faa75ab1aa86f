"""The chosen batch in large type, and its live counters.

Number, nomenclature, shift and team stay on screen the whole time an operator scans into
the batch; the counters (aggregated / total, remaining, pace, estimated end) follow every
scan of every station.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from mesdesk.services.station import BatchProgress

from ...text.formats import Formats


class BatchHeader(QFrame):
    def __init__(self, formats: Formats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._formats = formats
        self.number = QLabel(self)
        self.number.setObjectName("batchNumber")
        self.number.setStyleSheet("font-size: 30px; font-weight: 700;")
        self.nomenclature = QLabel(self)
        self.nomenclature.setObjectName("batchNomenclature")
        self.nomenclature.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.nomenclature.setWordWrap(True)
        self.shift_team = QLabel(self)
        self.shift_team.setObjectName("batchShiftTeam")
        self.shift_team.setStyleSheet("font-size: 18px;")
        self.shift_team.setWordWrap(True)
        self.change_button = QPushButton(self.tr("Change batch (F2)"), self)
        self.change_button.setObjectName("changeBatch")
        self.change_button.setMinimumHeight(40)
        self.closed_note = QLabel(self)
        self.closed_note.setObjectName("batchClosedNote")
        self.closed_note.setStyleSheet("color: #b00020; font-size: 18px; font-weight: 700;")
        self.closed_note.hide()

        self.progress = QProgressBar(self)
        self.progress.setObjectName("batchProgress")
        self.progress.setMinimumHeight(28)
        self.progress.setTextVisible(True)
        self.aggregated = self._counter()
        self.remaining = self._counter()
        self.pace = self._counter()
        self.completion = self._counter()
        counters = QGridLayout()
        counters.setHorizontalSpacing(24)
        captions = (self.tr("Aggregated"), self.tr("Remaining"), self.tr("Per hour"),
                    self.tr("Estimated end"))
        values = (self.aggregated, self.remaining, self.pace, self.completion)
        for column, (caption, value) in enumerate(zip(captions, values)):
            label = QLabel(caption, self)
            label.setStyleSheet("color: palette(placeholder-text);")
            counters.addWidget(label, 0, column)
            counters.addWidget(value, 1, column)

        title_row = QHBoxLayout()
        title_row.addWidget(self.number)
        title_row.addWidget(self.closed_note)
        title_row.addStretch(1)
        title_row.addWidget(self.change_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        layout.addLayout(title_row)
        layout.addWidget(self.nomenclature)
        layout.addWidget(self.shift_team)
        layout.addSpacing(6)
        layout.addWidget(self.progress)
        layout.addLayout(counters)

    def _counter(self) -> QLabel:
        label = QLabel("—", self)
        label.setStyleSheet("font-size: 22px; font-weight: 600;")
        return label

    def show_progress(self, progress: BatchProgress) -> None:
        batch, stats, fmt = progress.batch, progress.statistics, self._formats
        self.number.setText(self.tr("Batch No. {number} of {date}").format(
            number=batch.batch_number, date=fmt.date(batch.batch_date)))
        self.nomenclature.setText(batch.nomenclature or self.tr("(no nomenclature)"))
        center = batch.work_center_name or batch.work_center
        self.shift_team.setText(self.tr("Shift: {shift}   Team: {team}   Work center: {center}")
                                .format(shift=batch.shift or "—", team=batch.team or "—",
                                        center=center or "—"))
        self.closed_note.setText(self.tr("CLOSED"))
        self.closed_note.setVisible(batch.is_closed)
        total = max(batch.products_total, 0)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(batch.products_aggregated, max(total, 1)))
        self.progress.setFormat(fmt.percent(stats.aggregation_rate))
        self.aggregated.setText(self.tr("{done} of {total}").format(
            done=fmt.integer(batch.products_aggregated), total=fmt.integer(total)))
        self.remaining.setText(fmt.integer(stats.remaining))
        self.pace.setText(fmt.decimal(stats.products_per_hour, 1)
                          if stats.products_per_hour is not None else "—")
        if stats.estimated_completion is not None:
            self.completion.setText(fmt.datetime(stats.estimated_completion))
        elif stats.remaining == 0 and total > 0:
            self.completion.setText(self.tr("done"))
        else:
            self.completion.setText("—")
        self.completion.setToolTip(self.tr(
            "At the pace so far this shift (aggregated per elapsed shift hour)."))
