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

import csv
from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from mesdesk.domain.export_sheets import ColumnKind, SheetColumn, neutralised

DELIMITER = ";"
ENCODING = "utf-8-sig"
CHUNK = 5_000

Converter = Callable[[Sequence[Any]], tuple]


def write_csv(path: Path, columns: Sequence[SheetColumn],
              rows: Iterable[Sequence[Any]]) -> int:
    """Write the header and ``rows`` at ``path``; returns the data rows written."""
    convert = row_converter([column.kind for column in columns])
    written = 0
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=DELIMITER, lineterminator="\r\n")
        writer.writerow([neutralised(column.header) for column in columns])
        iterator = iter(rows)
        while chunk := list(islice(iterator, CHUNK)):
            writer.writerows(map(convert, chunk))
            written += len(chunk)
    return written


def decimal_text(value: float) -> str:
    return repr(float(value)).replace(".", ",")


def moment_text(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds")


_EXPRESSIONS = {
    ColumnKind.TEXT: "neutralised({v} if {v}.__class__ is str else str({v}))",
    ColumnKind.INTEGER: "{v}",
    ColumnKind.DECIMAL: "decimal({v})",
    ColumnKind.DATE: "{v}.isoformat()",
    ColumnKind.DATETIME: "moment({v})",
    ColumnKind.BOOLEAN: "('true' if {v} else 'false')",
}


def row_converter(kinds: Sequence[ColumnKind]) -> Converter:
    """``convert(values) -> fields``, generated once for ``kinds`` (a None is an empty
    field): one expression per row instead of a call per cell, a million times."""
    names = [f"v{index}" for index in range(len(kinds))]
    fields = ", ".join(f"('' if {name} is None else {_EXPRESSIONS[kind].format(v=name)})"
                       for name, kind in zip(names, kinds))
    source = (f"def convert(values):\n"
              f"    {', '.join(names)}, = values[:{len(kinds)}]\n"
              f"    return ({fields},)\n")
    namespace: dict[str, Any] = {"neutralised": neutralised, "decimal": decimal_text,
                                 "moment": moment_text}
    exec(compile(source, f"<csv row converter {len(kinds)} columns>", "exec"), namespace)
    return namespace["convert"]
