"""What the Batches screen decides, apart from its widgets (Qt-free, tested without Qt).

The filter the list shows, the batch to select again after a reload, which actions the
selection and the signed-in user's role allow, what the count line and the empty table say,
and the live changes waiting to be applied. The page turns its answers into widgets and texts.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from mesdesk.services.dto import SORTABLE_COLUMNS, BatchDTO, BatchFilter

DEFAULT_SORT = "batch_date"

#: The use case behind each action of the page: whoever may run it is offered the action
#: (``domain/roles`` decides who may). Refresh, search and copy only read, as the list does.
ACTION_USE_CASES = {
    "new": "create_batch", "edit": "update_batch", "close": "close_batch",
    "reopen": "reopen_batch", "add_codes": "add_products", "import": "import_file",
    "export": "export_batches", "report": "make_report", "compare": "compare_batches",
    "aggregation": "aggregate_scan",
}

#: ``may(use_case)``: whether the signed-in user may run it (``Backend.may``).
May = Callable[[str], bool]


def refused_actions(may: May) -> frozenset[str]:
    """The page's actions whose use case the signed-in user may not run."""
    return frozenset(action for action, use_case in ACTION_USE_CASES.items()
                     if not may(use_case))


@dataclass(frozen=True)
class Allowed:
    """What the selected batch and the signed-in user's role allow."""

    edit: bool = False
    close: bool = False
    reopen: bool = False
    add_codes: bool = False
    aggregation: bool = False
    copy: bool = False
    report: bool = False
    closed: bool = False        # the selection is a closed batch: say "reopen it first"
    new: bool = True
    import_: bool = True
    export: bool = True
    #: The actions the role may not run (their controls say which role they need).
    refused: frozenset[str] = field(default_factory=frozenset)


class Empty(enum.Enum):
    """What the table says when it has no rows."""

    NOTHING = "nothing"          # it has rows
    FAILED = "failed"
    LOADING = "loading"
    NO_MATCH = "no_match"        # filters hide every batch
    NO_BATCHES = "no_batches"    # there are none at all


class Count(enum.Enum):
    NONE = "none"                # nothing loaded, nothing counted yet
    COUNTING = "counting"        # rows loaded, the total not known yet
    ALL = "all"                  # every batch of the filter is loaded
    PART = "part"                # loaded of total


@dataclass
class PendingChanges:
    """Live changes gathered until they are applied together."""

    ids: set[int]
    everything: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.ids)


class BatchesScreen:
    def __init__(self, sort: str = DEFAULT_SORT, descending: bool = True) -> None:
        self.filter = BatchFilter(sort=sort if sort in SORTABLE_COLUMNS else DEFAULT_SORT,
                                  descending=descending)
        self.select_id: int | None = None     # to select again once the list has it
        self._pending = PendingChanges(set())

    # -- the list -------------------------------------------------------------------------------

    def filtered(self, *, search: str | None = None, is_closed: bool | None = None,
                 work_center: str | None = None, shift: str | None = None,
                 team: str | None = None, date_from=None, date_to=None,
                 keep_selected: int | None = None) -> BatchFilter:
        """The filter bar changed: the new filter, same order; the selection is kept."""
        self.select_id = keep_selected
        self.filter = replace(self.filter, search=search, is_closed=is_closed,
                              work_center=work_center, shift=shift, team=team,
                              date_from=date_from, date_to=date_to)
        return self.filter

    def sorted_by(self, sort: str | None, descending: bool, keep_selected: int | None
                  ) -> BatchFilter | None:
        """A header was clicked: the new filter, or None when that column cannot sort."""
        if sort is None or sort not in SORTABLE_COLUMNS:
            return None
        self.select_id = keep_selected
        self.filter = replace(self.filter, sort=sort, descending=descending)
        return self.filter

    def found_again(self, found: bool, *, still_loading: bool) -> bool:
        """Rows arrived: whether the batch to select again is settled (found, or not among
        the first rows of the new list) and the selection may be shown as it is."""
        if self.select_id is None:
            return False
        if found or not still_loading:
            self.select_id = None
            return True
        return False

    # -- what the screen says -------------------------------------------------------------------

    @staticmethod
    def allowed(batch: BatchDTO | None, may: May = lambda _use_case: True) -> Allowed:
        refused = refused_actions(may)

        def ok(action: str, selection_allows: bool = True) -> bool:
            return selection_allows and action not in refused

        role = {"new": ok("new"), "import_": ok("import"), "export": ok("export"),
                "refused": refused}
        if batch is None:
            return Allowed(**role)
        is_open = not batch.is_closed
        return Allowed(edit=ok("edit", is_open), close=ok("close", is_open),
                       reopen=ok("reopen", batch.is_closed),
                       add_codes=ok("add_codes", is_open),
                       aggregation=ok("aggregation", is_open), copy=True,
                       report=ok("report"), closed=batch.is_closed, **role)

    @staticmethod
    def empty(*, rows: int, failed: bool, loading: bool, loaded_once: bool,
              filtered: bool) -> Empty:
        if rows > 0:
            return Empty.NOTHING
        if failed:
            return Empty.FAILED
        if loading or not loaded_once:
            return Empty.LOADING
        return Empty.NO_MATCH if filtered else Empty.NO_BATCHES

    @staticmethod
    def count(loaded: int, total: int | None, has_more: bool) -> Count:
        if total is None:
            return Count.COUNTING if loaded else Count.NONE
        return Count.ALL if loaded >= total or not has_more else Count.PART

    # -- live changes ---------------------------------------------------------------------------

    def note_changes(self, ids: Iterable[int] | None) -> None:
        """Batches changed (None: anything may have)."""
        if ids is None:
            self._pending.everything = True
        else:
            self._pending.ids.update(ids)

    def take_changes(self) -> PendingChanges:
        pending, self._pending = self._pending, PendingChanges(set())
        return pending

    @staticmethod
    def newly_listed(listed: Iterable[int], shown: Iterable[int]) -> bool:
        """A changed batch the filter lists but the table does not show: reload the list."""
        return bool(set(listed) - set(shown))
