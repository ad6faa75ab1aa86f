"""CSV files as Excel writes them, Russian Excel included, read one record at a time.

Encoding, from the first megabyte: a BOM says UTF-8 or UTF-16 (Excel's "Unicode text");
otherwise text that is valid UTF-8 is UTF-8, and text that reads as Russian in Windows-1251
(what Russian Excel's "CSV (разделители — запятые)" writes) is Windows-1251. Anything else
(KOI8-R, DOS 866, a Western code page) is refused: read as Windows-1251 it would be stored
as nonsense without a word.

Delimiter: ``;`` (Russian Excel), ``,`` or tab: the one that splits the first records into
the same number of fields, more than one. ``csv.Sniffer`` guesses on one-column files (a code
per line, where a code may hold ``;`` or ``,``); here a file that no delimiter splits evenly
is one column, each line one value.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from mesdesk.domain import problems as P
from mesdesk.domain.export_sheets import restored
from mesdesk.services.input_files import InputFileError
from mesdesk.services.ports import TableRow

SAMPLE_BYTES = 1 << 20
DELIMITERS = (";", ",", "\t")
#: The "delimiter" of a one-column file: a control character no CSV writer puts in text.
ONE_COLUMN = "\x1f"
SAMPLE_RECORDS = 50
#: The longest value the csv module reads (its default limit; Excel's cells hold 32,767).
MAX_FIELD = csv.field_size_limit()
_RUSSIAN = frozenset("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_RUSSIAN_LOWER = frozenset(ch for ch in _RUSSIAN if ch.islower())
_PUNCTUATION = frozenset("№«»–—„“”‘’…•°±§\xa0€")


class CsvTable:
    """A CSV file's records as rows (a record quoted over several lines is one row, as in
    Excel)."""

    format = "csv"
    first_column = 0
    expected_rows: int | None = None

    def __init__(self, path: Path, shown: Path) -> None:
        self._path = path
        self._shown = shown
        with path.open("rb") as raw:
            head = raw.read(SAMPLE_BYTES)
        self.encoding = detect_encoding(head, complete=len(head) < SAMPLE_BYTES)
        if self.encoding is None:
            raise InputFileError(P.IMPORT_CSV_ENCODING, shown)
        sample = head.decode(self.encoding, errors="ignore")
        if len(head) == SAMPLE_BYTES:
            sample = sample[:sample.rfind("\n") + 1] or sample
        self.delimiter = detect_delimiter(sample)

    def rows(self) -> Iterator[TableRow]:
        number = 0
        try:
            with self._path.open(encoding=self.encoding, newline="", errors="strict") as text:
                reader = csv.reader(text, delimiter=self.delimiter)
                for record in reader:
                    number += 1
                    # A text an export neutralised ('=…) is read back as it was written.
                    yield TableRow(number, [restored(value) if value != "" else None
                                            for value in record])
        except UnicodeDecodeError:
            raise InputFileError(P.IMPORT_CSV_ENCODING, self._shown, row=number + 1) from None
        except csv.Error:
            raise InputFileError(P.IMPORT_CSV_UNREADABLE, self._shown, char_limit=MAX_FIELD,
                                 row=number + 1) from None

    def close(self) -> None:
        pass


def detect_encoding(head: bytes, *, complete: bool) -> str | None:
    """The encoding of a CSV file from its first bytes (all of them when ``complete``)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if not complete and exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8-sig"      # the sample ends inside a character
    return "cp1251" if looks_like_cp1251(head) else None


def looks_like_cp1251(data: bytes) -> bool:
    """Whether bytes read as Windows-1251 make Russian text: the letters outside ASCII are
    Russian letters or the usual punctuation, and mostly small letters (KOI8-R, read so,
    gives mostly capitals; DOS 866 gives box drawing and Serbian letters)."""
    outside = [ch for ch in data.decode("cp1251", errors="replace") if ord(ch) > 127]
    if not outside:
        return True
    russian = [ch for ch in outside if ch in _RUSSIAN]
    usual = len(russian) + sum(1 for ch in outside if ch in _PUNCTUATION)
    if usual < len(outside) * 0.95:
        return False
    small = sum(1 for ch in russian if ch in _RUSSIAN_LOWER)
    return len(russian) < 20 or small >= len(russian) * 0.4


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the first records evenly into more than one field; else the
    one that splits most of them (and the first) alike; else none: one column."""
    best: tuple[tuple[bool, int], str] | None = None
    for delimiter in DELIMITERS:
        counts = _field_counts(sample, delimiter)
        if not counts:
            continue
        usual = Counter(counts).most_common(1)[0][0]
        if usual < 2 or counts[0] != usual:
            continue
        score = (all(count == usual for count in counts), usual)
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else ONE_COLUMN


def _field_counts(sample: str, delimiter: str) -> list[int]:
    """How many fields the first records have (up to a record the reader cannot read)."""
    counts: list[int] = []
    records = csv.reader(io.StringIO(sample), delimiter=delimiter)
    try:
        for record in records:
            if any(value.strip() for value in record):
                counts.append(len(record))
                if len(counts) == SAMPLE_RECORDS:
                    break
    except csv.Error:
        pass
    return counts

