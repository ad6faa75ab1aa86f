"""What a file handed in for import holds, told by its first bytes, never by its name.

- a ZIP archive: an Excel workbook (``xl/workbook.xml``: .xlsx/.xlsm; ``xl/workbook.bin``:
  .xlsb), an OpenDocument spreadsheet (``mimetype``), or something else (a .docx, a PNG's
  archive…) that is no workbook;
- an OLE compound file (``D0 CF 11 E0…``): an old Excel workbook (.xls), unless it holds an
  ``EncryptedPackage`` stream: that is how Excel saves an .xlsx with a password;
- text starting with ``[`` or ``{``: a 1C JSON file;
- other text: CSV (the CSV reader decides its encoding);
- anything else (an image, random bytes) is not a table.
"""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from mesdesk.domain import problems as P
from mesdesk.services.input_files import InputFileError

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SNIFF_BYTES = 64 * 1024
#: The stream that holds an encrypted OOXML package inside its OLE container (MS-OFFCRYPTO).
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: Bytes that never appear in a text table (NUL included); a few stray ones (a control
#: character typed in a cell) are the rows' business, a binary file is full of them.
_CONTROL = frozenset(range(32)) - {9, 10, 13, 29} | {127}
_MAX_CONTROL_SHARE = 0.01
_SCAN_CHUNK = 1 << 20


def sniff(path: Path, shown: Path) -> str:
    """``xlsx``, ``xlsb``, ``ods``, ``xls``, ``encrypted``, ``json`` or ``csv``; a refusal
    naming ``shown`` for anything else."""
    try:
        with path.open("rb") as raw:
            head = raw.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputFileError(P.FILE_UNREADABLE, shown,
                             reason=exc.strerror or type(exc).__name__) from exc
    if not head:
        raise InputFileError(P.FILE_EMPTY, shown)
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path, shown)
    if head.startswith(OLE_MAGIC):
        return "encrypted" if _contains(path, ENCRYPTED_STREAM) else "xls"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    text = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    stripped = text.lstrip(b" \t\r\n")
    if not stripped:
        raise InputFileError(P.FILE_EMPTY, shown)
    if stripped[:1] in (b"[", b"{"):
        return "json"
    if _looks_like_text(text):
        return "csv"
    raise InputFileError(P.IMPORT_NOT_A_TABLE, shown)


def _zip_kind(path: Path, shown: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
                return "ods"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError,
            NotImplementedError, ValueError) as exc:
        raise InputFileError(P.IMPORT_DAMAGED, shown, format=_named_format(shown)) from exc
    raise InputFileError(P.IMPORT_ZIP_NOT_A_WORKBOOK, shown)


def _named_format(shown: Path) -> str:
    """What the user thinks the file is, for "looks like a … file": its extension, or ZIP."""
    suffix = shown.suffix.lower().lstrip(".")
    return suffix.upper() if suffix in ("xlsx", "xlsm", "xlsb", "ods", "xls") else "ZIP"


def _contains(path: Path, needle: bytes) -> bool:
    """Whether the file holds ``needle`` anywhere (read in chunks that overlap)."""
    tail = b""
    with path.open("rb") as raw:
        while chunk := raw.read(_SCAN_CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


def _looks_like_text(head: bytes) -> bool:
    control = sum(1 for byte in head if byte in _CONTROL)
    return control <= len(head) * _MAX_CONTROL_SHARE
