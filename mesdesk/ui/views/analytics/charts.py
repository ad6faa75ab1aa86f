"""A bar chart for the Analytics area: one ``BarGraphItem`` in a plain ``PlotWidget``.

Kept simple so a repaint stays well under a frame (16 ms): no antialiasing, no mouse zoom or
context menu, and new data goes into the same bar item (``setOpts``) instead of a new one.
A click on a bar emits ``bar_clicked(index)`` (the drill-down of the dashboard's days).
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

BAR_COLOUR = QColor("#3b7dd8")
BAR_WIDTH = 0.7


class BarChart(pg.PlotWidget):
    bar_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, label_every: int = 1) -> None:
        palette = (parent.palette() if parent is not None else QPalette())
        super().__init__(parent, background=palette.color(QPalette.ColorRole.Base))
        self._label_every = max(1, label_every)
        self._labels: list[str] = []
        self._values: list[float] = []
        text = palette.color(QPalette.ColorRole.Text)
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=False, y=True, alpha=0.25)
        font = QFont(self.font())
        for name in ("bottom", "left"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
            # A label reaching past the axis' end is drawn, not dropped (the last bar's).
            axis.setStyle(tickFont=font, hideOverlappingLabels=False)
        # Fixed sizes: the axes never grow after their first paint (a first frame without
        # labels, and a second layout pass on every new range).
        plot.getAxis("left").setWidth(max(40, self.fontMetrics().horizontalAdvance("00000") + 12))
        plot.getAxis("bottom").setHeight(self.fontMetrics().height() + 14)
        # Major ticks only: the grid's minor lines cost most of a paint and help no one read.
        plot.getAxis("left").setStyle(maxTickLevel=0)
        self.bars = pg.BarGraphItem(x=[], height=[], width=BAR_WIDTH,
                                    brush=pg.mkBrush(BAR_COLOUR), pen=pg.mkPen(None))
        plot.addItem(self.bars)
        plot.getViewBox().setDefaultPadding(0.02)
        plot.setContentsMargins(0, 4, self.fontMetrics().horizontalAdvance("00:00") // 2 + 4, 0)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.setMinimumHeight(160)
        self.setCursor(Qt.CursorShape.ArrowCursor)
        self.set_bars([], [])

    # -- data -------------------------------------------------------------------------------------

    def set_bars(self, labels: Sequence[str], values: Sequence[float]) -> None:
        """Show one bar per value, labelled under it (every ``label_every``-th label, and the
        last one, so the labels never overlap); the same bar item, new data."""
        self._labels, self._values = list(labels), [float(v) for v in values]
        count = len(self._values)
        xs = list(range(count))
        self.bars.setOpts(x=xs, height=self._values, width=BAR_WIDTH)
        last = count - 1
        ticks = [(i, label) for i, label in enumerate(self._labels)
                 if (last - i) % self._label_every == 0]
        plot = self.getPlotItem()
        plot.getAxis("bottom").setTicks([ticks, []])
        top = max(self._values, default=0.0)
        plot.setXRange(-0.6, max(count, 1) - 0.4, padding=0)
        plot.setYRange(0, top * 1.1 if top > 0 else 10, padding=0)

    @property
    def labels(self) -> list[str]:
        return list(self._labels)

    @property
    def values(self) -> list[float]:
        return list(self._values)

    def bar_center(self, index: int) -> QPointF:
        """Where bar ``index`` is on the widget (its middle, or its foot when it is empty)."""
        height = self._values[index] if 0 <= index < len(self._values) else 0.0
        view = self.getPlotItem().getViewBox()
        scene = view.mapViewToScene(QPointF(index, height / 2))
        return self.mapFromScene(scene).toPointF()

    # -- clicks -----------------------------------------------------------------------------------

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self._values:
            return
        view = self.getPlotItem().getViewBox()
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view.mapSceneToView(event.scenePos())
        index = round(point.x())
        if 0 <= index < len(self._values) and abs(point.x() - index) <= BAR_WIDTH / 2:
            self.bar_clicked.emit(index)
