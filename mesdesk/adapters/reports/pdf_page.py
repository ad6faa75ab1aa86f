"""The PDF report's page furniture: a header (MESDesk, the report, the batch) and a footer (when
it was generated, "Page 3 of 12") on every page.

"of 12" is known only at the end, so the canvas keeps each page's state and draws the
furniture when the document is saved (the usual reportlab recipe for page totals).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

GREY = colors.HexColor("#666666")
RULE = colors.HexColor("#B0B8C4")


@dataclass(frozen=True, slots=True)
class Furniture:
    """What the header and footer say; ``page`` is a template with {page} and {pages}."""

    font: str
    header_left: str
    header_right: str
    footer_left: str
    page: str
    left: float         # the text block's edges, in points
    right: float


def canvas_maker(furniture: Furniture) -> type[Canvas]:
    """A Canvas class for ``doc.build(canvasmaker=...)`` that draws ``furniture``."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:             # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furnish(number, total)
                super().showPage()
            super().save()

        def _furnish(self, number: int, total: int) -> None:
            width, height = self._pagesize
            f = furniture
            self.saveState()
            self.setFont(f.font, 7.5)
            self.setFillColor(GREY)
            self.drawString(f.left, height - 12 * mm, f.header_left)
            self.drawRightString(f.right, height - 12 * mm, f.header_right)
            self.drawString(f.left, 9 * mm, f.footer_left)
            self.drawRightString(f.right, 9 * mm, f.page.format(page=number, pages=total))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(f.left, height - 14 * mm, f.right, height - 14 * mm)
            self.line(f.left, 12.5 * mm, f.right, 12.5 * mm)
            self.restoreState()

    return NumberedCanvas
