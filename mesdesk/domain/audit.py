"""An audit row's ``changes`` as lines a person reads: field, before → after.

Rows record what an action changed as JSON: most often ``{field: new value}``, sometimes
``{field: {"before": old, "after": new}}`` (or ``old``/``new``), sometimes facts of the action
(``{"added": 120}``). Each becomes a :class:`Change`; a value is said as text without JSON
punctuation (lists joined with commas, nested objects as ``key: value``). Pure: the GUI's detail
pane, the CLI and the Excel export all show the same lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: A value an audit row does not record (its "before", mostly).
NOT_RECORDED = object()
_PAIRS = (("before", "after"), ("old", "new"))


@dataclass(frozen=True, slots=True)
class Change:
    field: str
    before: Any         # NOT_RECORDED when the row keeps only the new value
    after: Any

    @property
    def has_before(self) -> bool:
        return self.before is not NOT_RECORDED


def changes_of(changes: Any) -> list[Change]:
    """The changes of a row, in the order recorded."""
    if changes is None or changes == {}:
        return []
    if not isinstance(changes, Mapping):
        return [Change("", NOT_RECORDED, changes)]
    found = []
    for name, value in changes.items():
        found.append(_pair(str(name), value))
    return found


def _pair(name: str, value: Any) -> Change:
    if isinstance(value, Mapping) and value:
        for before, after in _PAIRS:
            if set(value) <= {before, after}:
                return Change(name, value.get(before), value.get(after))
    return Change(name, NOT_RECORDED, value)


def value_text(value: Any, *, empty: str = "—", true: str = "yes", false: str = "no") -> str:
    """A recorded value as plain text (no quotes, brackets or braces)."""
    if value is None or value == "":
        return empty
    if value is True:
        return true
    if value is False:
        return false
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {value_text(item, empty=empty, true=true, false=false)}"
                         for key, item in value.items()) or empty
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(item, empty=empty, true=true, false=false)
                         for item in value) or empty
    return str(value)


def changes_text(changes: Any, *, arrow: str = " → ") -> str:
    """Every change on one line each: ``field: before → after`` (``field: after`` when the
    row keeps no before)."""
    lines = []
    for change in changes_of(changes):
        shown = value_text(change.after)
        if change.has_before:
            shown = f"{value_text(change.before)}{arrow}{shown}"
        lines.append(f"{change.field}: {shown}" if change.field else shown)
    return "\n".join(lines)
