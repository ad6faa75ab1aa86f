"""Facts of an .xlsx sheet that its values alone do not tell, read from the XML with the
standard library (python-calamine gives values only; openpyxl would read every cell again).

- ``used_rows``: how many rows the sheet's ``<dimension>`` says it uses, read from the first
  bytes of the sheet: a sheet of a million rows is refused before it is loaded.
- ``cell_facts``: the cells whose value cannot be trusted: a formula with no value saved
  (a file written by a program that does not calculate, such as openpyxl) and a cell holding
  an error (``#DIV/0!``; calamine reads both as empty). The sheet's XML is first searched
  for a formula or an error at all (a fast byte search); only a sheet that has one is parsed.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"\$?([A-Z]{1,3})\$?(\d+)"
                        rb"(?::\$?([A-Z]{1,3})\$?(\d+))?\"")
_SUSPECT = re.compile(rb"<(?:\w+:)?f[\s>/]|\st=\"e\"")
#: Fixed strings every match of ``_SUSPECT`` contains: ``bytes.find`` skims 60 MB of sheet
#: in a tenth of the time the regular expression takes, which then reads only the chunks
#: that hold one (a ``<filterColumn`` as well as a formula).
_SUSPECT_HINTS = (b"<f", b":f", b't="e"')
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_CHUNK = 1 << 20
_HEAD = 64 * 1024


@dataclass(frozen=True, slots=True)
class CellFact:
    cell: str           # A1-style reference
    column: str         # its letters
    error: str | None   # the error the cell holds (#DIV/0!), or None: a formula without value


def sheet_part(archive: zipfile.ZipFile, index: int) -> str | None:
    """The archive member of the ``index``-th sheet of the workbook (workbook order)."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{RELS}Relationship")}
    sheets = list(workbook.iter(f"{MAIN}sheet"))
    if not 0 <= index < len(sheets):
        return None
    target = targets.get(sheets[index].get(f"{OFFICE_RELS}id"), "")
    if not target:
        return None
    part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))
    return part if part in archive.NameToInfo else None


def used_rows(archive: zipfile.ZipFile, part: str) -> int | None:
    """The rows of the sheet's used range, by its ``<dimension>``; None when not said."""
    with archive.open(part) as stream:
        head = stream.read(_HEAD)
    found = _DIMENSION.search(head)
    if not found:
        return None
    first, last = int(found.group(2)), int(found.group(4) or found.group(2))
    return last - first + 1


def cell_facts(archive: zipfile.ZipFile, part: str) -> dict[int, CellFact]:
    """By row number, the first cell of the row that holds an error or a formula whose value
    was never saved."""
    if not _has_suspects(archive, part):
        return {}
    facts: dict[int, CellFact] = {}
    with archive.open(part) as stream:
        for _, element in ElementTree.iterparse(stream, events=("end",)):
            tag = element.tag.rpartition("}")[2]
            if tag == "c":
                fact = _fact(element)
                if fact is not None:
                    row = int(_REF.fullmatch(fact.cell).group(2))  # type: ignore[union-attr]
                    facts.setdefault(row, fact)
            elif tag == "row":
                element.clear()
    return facts


def _has_suspects(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            if any(hint in window for hint in _SUSPECT_HINTS) and _SUSPECT.search(window):
                return True
            tail = chunk[-16:]
    return False


def _fact(element: ElementTree.Element) -> CellFact | None:
    ref = element.get("r") or ""
    match = _REF.fullmatch(ref)
    if match is None:
        return None
    kind = element.get("t", "n")
    formula = value = None
    for child in element:
        name = child.tag.rpartition("}")[2]
        if name == "f":
            formula = child
        elif name == "v":
            value = child.text or ""
    if kind == "e":
        return CellFact(ref, match.group(1), value or "#N/A")
    if formula is not None and not value and kind not in ("str", "inlineStr"):
        return CellFact(ref, match.group(1), None)
    return None
