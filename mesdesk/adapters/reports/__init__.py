"""Batch report files (SPEC §7): Excel (XlsxWriter) and PDF (reportlab) behind the
``ReportRenderer`` port. The format libraries live here only.

``report_renderers()`` is called by the composition root at every start (the CLI's too);
the libraries are imported when the first report is made, not then (they cost 0.15 s).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mesdesk.services.ports import ReportRenderer
from mesdesk.services.report_data import ReportData

__all__ = ["report_renderers"]


class _Deferred:
    """A renderer built from ``module.name(**options)`` on first use."""

    def __init__(self, extension: str, module: str, name: str, **options: Any) -> None:
        self.extension = extension
        self._where = (module, name)
        self._options = options
        self._built: ReportRenderer | None = None
        self._lock = threading.Lock()

    def _renderer(self) -> ReportRenderer:
        with self._lock:
            if self._built is None:
                module, name = self._where
                cls = getattr(importlib.import_module(module, __name__), name)
                self._built = cls(**self._options)
            return self._built

    def products_wanted(self, total: int) -> int:
        return self._renderer().products_wanted(total)

    def render(self, report: ReportData, products: Iterable[Any], path: Path) -> int:
        return self._renderer().render(report, products, path)


def report_renderers(fonts: Path | None = None) -> dict[str, ReportRenderer]:
    """The renderer of each report format, by its ``--format`` name."""
    return {"xlsx": _Deferred("xlsx", ".xlsx", "XlsxReportRenderer"),
            "pdf": _Deferred("pdf", ".pdf", "PdfReportRenderer", fonts=fonts)}
