"""Turn a table model's rows into a fresh read of them without resetting the model.

Rows carry an ``id``. The change is applied as removals (bottom up, a run at a time),
insertions and ``dataChanged``, so views keep their selection and scroll position while the
data refreshes under them (ARCHITECTURE habit 10). Used by the jobs table and the webhook
tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex


def apply_keyed_rows(model: QAbstractItemModel, current: list[Any], rows: Sequence[Any],
                     last_column: int) -> None:
    """Make ``current`` (the list ``model`` shows, changed in place) equal to ``rows``."""
    rows = list(rows)
    wanted = {row.id for row in rows}
    parent = QModelIndex()
    end = len(current) - 1
    while end >= 0:                     # removals, bottom up, a run at a time
        if current[end].id in wanted:
            end -= 1
            continue
        start = end
        while start > 0 and current[start - 1].id not in wanted:
            start -= 1
        model.beginRemoveRows(parent, start, end)
        del current[start:end + 1]
        model.endRemoveRows()
        end = start - 1
    kept = {row.id for row in current}
    if [row.id for row in current] != [row.id for row in rows if row.id in kept]:
        # The kept rows changed their order (rare): start afresh.
        model.beginResetModel()
        current[:] = rows
        model.endResetModel()
        return
    position = index = 0
    while index < len(rows):            # insertions and changes, top down
        row = rows[index]
        if position < len(current) and current[position].id == row.id:
            if current[position] != row:
                current[position] = row
                model.dataChanged.emit(model.index(position, 0),
                                       model.index(position, last_column))
            position += 1
            index += 1
            continue
        next_id = current[position].id if position < len(current) else None
        run_end = index
        while run_end < len(rows) and rows[run_end].id != next_id:
            run_end += 1
        run = rows[index:run_end]
        model.beginInsertRows(parent, position, position + len(run) - 1)
        current[position:position] = run
        model.endInsertRows()
        position += len(run)
        index = run_end
