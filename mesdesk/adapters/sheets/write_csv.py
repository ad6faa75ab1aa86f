"""An export as CSV (SPEC §7), the way Russian Excel opens it right:

- UTF-8 with a byte order mark (without it Excel reads UTF-8 as Windows-1251 and Cyrillic
  turns to mojibake), ``;`` between fields (the list separator of a Russian Windows), CRLF
  line ends, fields quoted only when they must be;
- one header row of the columns' headers (the 1C keys, then the export-only columns);
- dates ISO (``2024-01-30``), times in the production time zone ``2024-01-30 08:00:00``,
  booleans ``true``/``false`` (the 1C JSON's words; the import also takes да/нет, ИСТИНА/ЛОЖЬ),
  integers as digits, a decimal (the aggregation rate) with a decimal comma (``33,3``: a
  decimal point would make Russian Excel read ``1.5`` as the 1st of May);
- a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a CR gets a single quote in front
  (``export_sheets.neutralised``), so no spreadsheet evaluates it; the import undoes it with
  ``export_sheets.restored``;
- a code's GS separator is written as it is stored, the raw ASCII 29 byte: exact, and the same
  whatever GS token a station's scanner is set to; the import reads it back unchanged (a CSV
  field can hold any character but NUL, which no stored text has).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from mesdesk.domain.export_sheets import (FORMULA_TRIGGERS, QUOTE, ColumnKind, SheetColumn,
                                          neutralised)

DELIMITER = ";"
ENCODING = "utf-8-sig"
LINE_END = "\r\n"
CHUNK = 5_000

#: A text that begins with one of these may need a quote in front (a formula trigger, or
#: quotes before one).
_FIRST = FORMULA_TRIGGERS | {QUOTE}

LineEncoder = Callable[[Sequence[Any]], str]


def write_csv(path: Path, columns: Sequence[SheetColumn],
              rows: Iterable[Sequence[Any]]) -> int:
    """Write the header and ``rows`` at ``path``; returns the data rows written."""
    encode = line_encoder([column.kind for column in columns])
    written = 0
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        handle.write(DELIMITER.join(text_field(column.header) for column in columns) + LINE_END)
        iterator = iter(rows)
        while chunk := list(islice(iterator, CHUNK)):
            handle.write("".join(map(encode, chunk)))   # a chunk encoded and written at once
            written += len(chunk)
    return written


def text_field(value: Any) -> str:
    """A text as a CSV field: neutralised, then quoted as the ``csv`` module quotes (only
    when it holds the delimiter, a double quote or a line break; quotes doubled)."""
    text = neutralised(value if isinstance(value, str) else str(value))
    if DELIMITER in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def decimal_text(value: float) -> str:
    return repr(float(value)).replace(".", ",")


_EXPRESSIONS = {
    # Most texts need nothing (substring tests are the cheapest look in Python); only the
    # others go through text_field: a quote in front, or CSV quoting.
    ColumnKind.TEXT: "(text({v}) if {v}.__class__ is not str or {v}[:1] in first or "
                     "';' in {v} or '\"' in {v} or '\\n' in {v} or '\\r' in {v} else {v})",
    ColumnKind.INTEGER: "{v}",
    ColumnKind.DECIMAL: "decimal({v})",
    # The same few dates come again and again (a batch's date on each of its products).
    ColumnKind.DATE: "(days.get({v}) or day({v}))",
    ColumnKind.DATETIME: "{v}.isoformat(' ', 'seconds')",
    ColumnKind.BOOLEAN: "('true' if {v} else 'false')",
}


def line_encoder(kinds: Sequence[ColumnKind]) -> LineEncoder:
    """``encode(values) -> 'a;b;…\\r\\n'``, generated once for ``kinds`` (a None is an empty
    field; values past the kinds are left out): one ``%`` formatting per row instead of a
    call per field, a million times."""
    names = [f"v{index}" for index in range(len(kinds))]
    fields = ", ".join(f"('' if {name} is None else {_EXPRESSIONS[kind].format(v=name)})"
                       for name, kind in zip(names, kinds))
    template = DELIMITER.join(["%s"] * len(kinds)) + LINE_END
    source = (f"def encode(values):\n"
              f"    {', '.join(names)}, = values[:{len(kinds)}]\n"
              f"    return {template!r} % ({fields},)\n")
    days: dict[Any, str] = {}

    def day(value: Any) -> str:
        if len(days) > 10_000:
            days.clear()
        days[value] = shown = value.isoformat()
        return shown

    namespace: dict[str, Any] = {"text": text_field, "decimal": decimal_text,
                                 "days": days, "day": day,
                                 "first": _FIRST}
    exec(compile(source, f"<csv line encoder {len(kinds)} columns>", "exec"), namespace)
    return namespace["encode"]
