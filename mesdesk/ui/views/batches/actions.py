"""The Batches page's actions: the toolbar, the row's context menu and the keys, enabled as the
selection and the signed-in user's role allow (``BatchesScreen.allowed``); an action the role
may not run stays in its place, disabled, and its tooltip names the role it needs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

from ...text.roles import with_needed_role
from ...widgets.actions import page_action
from .screen import ACTION_USE_CASES, Allowed


class BatchActions(QObject):
    """``slots`` maps each action's name to what it does (the page's methods)."""

    def __init__(self, page: QWidget, slots: dict[str, Callable[[], object]]) -> None:
        super().__init__(page)
        self._page = page
        keys = QKeySequence

        def action(name: str, text: str, tip: str, slot: str, shortcut: QKeySequence) -> QAction:
            return page_action(page, name, text, tip, slots[slot], shortcut)

        self.new = action("newBatch", self.tr("New batch"), self.tr("Create a batch by hand"),
                          "new", keys(keys.StandardKey.New))
        self.edit = action("editBatch", self.tr("Edit"), self.tr("Edit the selected batch"),
                           "edit", keys(Qt.Key.Key_F2))
        self.close = action(
            "closeBatch", self.tr("Close batch"),
            self.tr("Close the selected batch: no more aggregation until it is reopened"),
            "close", keys("Ctrl+W"))
        self.reopen = action("reopenBatch", self.tr("Reopen"),
                             self.tr("Reopen the selected closed batch"), "reopen",
                             keys("Ctrl+Shift+W"))
        self.add_codes = action(
            "addCodes", self.tr("Add codes"),
            self.tr("Add product codes to the selected batch: paste them or load a file"),
            "add_codes", keys("Ctrl+Shift+V"))
        self.import_ = action(
            "importFile", self.tr("Import…"),
            self.tr("Import shift tasks or product codes from Excel, CSV or a 1C JSON file "
                    "(or drop the file on this page)"), "import", keys(keys.StandardKey.Open))
        self.export = action(
            "exportFile", self.tr("Export…"),
            self.tr("Export the listed batches or their product codes to Excel or CSV"),
            "export", keys("Ctrl+E"))
        self.report = action(
            "batchReport", self.tr("Report…"),
            self.tr("A report on the selected batch, in PDF or Excel"), "report",
            keys(keys.StandardKey.Print))
        self.compare = action(
            "compareBatches", self.tr("Compare"),
            self.tr("Compare the chosen batches (Ctrl+click to choose 2 to 50) in Analytics"),
            "compare", keys("Ctrl+Shift+C"))
        self.aggregation = action("openAggregation", self.tr("Open in Aggregation"),
                                  self.tr("Scan codes into the selected batch"), "aggregation",
                                  keys("Ctrl+Return"))
        self.refresh = action("refreshBatches", self.tr("Refresh"),
                              self.tr("Load the list again"), "refresh",
                              keys(keys.StandardKey.Refresh))
        self.find = action("findBatches", self.tr("Search"), self.tr("Go to the search field"),
                           "find", keys(keys.StandardKey.Find))
        self.copy = action("copyBatch", self.tr("Copy row"),
                           self.tr("Copy the selected row as text"), "copy",
                           keys(keys.StandardKey.Copy))
        #: The actions a role may be refused, by their name in ``ACTION_USE_CASES``.
        self.by_name = {"new": self.new, "edit": self.edit, "close": self.close,
                        "reopen": self.reopen, "add_codes": self.add_codes,
                        "import": self.import_, "export": self.export, "report": self.report,
                        "compare": self.compare, "aggregation": self.aggregation}
        self._tips = {name: action.toolTip() for name, action in self.by_name.items()}
        self._refused: frozenset[str] = frozenset()

    def fill(self, toolbar: QToolBar) -> None:
        for action in (self.new, self.edit, self.close, self.reopen, self.add_codes,
                       self.import_, self.export, self.report, self.compare,
                       self.aggregation, self.refresh):
            toolbar.addAction(action)
        toolbar.insertSeparator(self.add_codes)
        toolbar.insertSeparator(self.import_)
        toolbar.insertSeparator(self.refresh)

    def context_menu(self) -> QMenu:
        menu = QMenu(self._page)
        for action in (self.edit, self.close, self.reopen, self.add_codes, self.aggregation,
                       self.report):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.copy)
        menu.addSeparator()
        for action in (self.new, self.import_, self.export, self.refresh):
            menu.addAction(action)
        return menu

    def show_chosen(self, count: int, minimum: int, maximum: int) -> None:
        """``count`` rows are chosen: Compare takes ``minimum`` to ``maximum`` of them."""
        self.compare.setEnabled("compare" not in self._refused and minimum <= count <= maximum)

    def show(self, allowed: Allowed) -> None:
        self._refused = allowed.refused
        self.edit.setEnabled(allowed.edit)
        self.close.setEnabled(allowed.close)
        self.reopen.setEnabled(allowed.reopen)
        self.add_codes.setEnabled(allowed.add_codes)
        self.aggregation.setEnabled(allowed.aggregation)
        self.copy.setEnabled(allowed.copy)
        self.report.setEnabled(allowed.report)
        self.new.setEnabled(allowed.new)
        self.import_.setEnabled(allowed.import_)
        self.export.setEnabled(allowed.export)
        closed_reason = self.tr("The batch is closed: reopen it first.")
        for name, action in self.by_name.items():
            if name in allowed.refused:
                action.setToolTip(with_needed_role(self._tips[name], ACTION_USE_CASES[name]))
            elif allowed.closed and name in ("edit", "add_codes", "aggregation"):
                action.setToolTip(closed_reason)
            else:
                action.setToolTip(self._tips[name])
