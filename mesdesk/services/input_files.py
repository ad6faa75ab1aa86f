"""Reading the files users hand to MESDesk (1C JSON, code lists), for the CLI and the GUI.

Runs on a worker, never the GUI thread. Every refusal is an ``InputFileError`` whose
``problem`` names the kind (the GUI translates by it) and whose message says it in English
(the CLI prints it), with the facts in ``facts``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.errors import ValidationError
from mesdesk.domain.problems import ProblemType

from .intake import require_array

MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_CODES_BYTES = 64 * 1024 * 1024
MB = 1024 * 1024


class InputFileError(ValidationError):
    """A file that cannot be taken in: its catalogued problem names the file and the facts."""

    def __init__(self, problem: ProblemType, path: Path, **facts: Any) -> None:
        super().__init__(problem, file=str(path), **facts)
        self.path = path


def read_text(path: Path, *, limit: int) -> str:
    """The file as text: UTF-8 with or without BOM, not empty, not over ``limit`` bytes."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputFileError(P.FILE_TOO_BIG, path, size_mb=size // MB, limit_mb=limit // MB)
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputFileError(P.FILE_IS_FOLDER, path) from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputFileError(P.FILE_UNREADABLE, path, reason=reason) from exc
    if not data.strip():
        raise InputFileError(P.FILE_EMPTY, path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(P.FILE_ENCODING, path, offset=exc.start) from exc


def read_json(path: Path) -> Any:
    text = read_text(path, limit=MAX_JSON_BYTES)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(P.FILE_JSON, path, reason=exc.msg, line=exc.lineno,
                             col=exc.colno) from exc


def read_1c_items(path: Path) -> list[Any]:
    """The items of a 1C JSON file (an array, or an object holding one)."""
    try:
        items = require_array(read_json(path))
    except InputFileError:
        raise
    except ValidationError as exc:
        raise InputFileError(P.FILE_SHAPE, path) from exc
    if not items:
        raise InputFileError(P.FILE_NO_ITEMS, path)
    return items


def split_codes(text: str) -> list[str]:
    """One code per line; GS characters inside a line are kept."""
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


def read_codes(path: Path) -> list[str]:
    return split_codes(read_text(path, limit=MAX_CODES_BYTES))
