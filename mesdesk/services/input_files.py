"""Reading the files users hand to MESDesk (1C JSON, code lists), for the CLI and the GUI.

Runs on a worker, never the GUI thread. Every refusal is an ``InputFileError`` whose
``problem`` names the kind (the GUI translates by it) and whose message says it in English
(the CLI prints it), with the facts in ``facts``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mesdesk.domain.errors import ValidationError

from .intake import require_array

MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_CODES_BYTES = 64 * 1024 * 1024
MB = 1024 * 1024


class InputFileError(ValidationError):
    """``problem``: too_big | folder | unreadable | empty | encoding | json | shape | no_items."""

    def __init__(self, problem: str, path: Path, message: str, **facts: Any) -> None:
        super().__init__(message, field="file", **facts)
        self.problem = problem
        self.path = path
        self.facts = facts


def read_text(path: Path, *, limit: int) -> str:
    """The file as text: UTF-8 with or without BOM, not empty, not over ``limit`` bytes."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputFileError("too_big", path, f"{path} is {size // MB} MB; files over "
                                 f"{limit // MB} MB are refused", size=size // MB,
                                 limit=limit // MB)
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputFileError("folder", path, f"{path} is a folder, not a file") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputFileError("unreadable", path, f"cannot read {path}: {reason}",
                             reason=reason) from exc
    if not data.strip():
        raise InputFileError("empty", path, f"{path} is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError("encoding", path, f"{path} is not UTF-8 text (invalid byte at "
                             f"offset {exc.start}); save it as UTF-8", offset=exc.start) from exc


def read_json(path: Path) -> Any:
    text = read_text(path, limit=MAX_JSON_BYTES)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError("json", path, f"{path} is not valid JSON: {exc.msg} at line "
                             f"{exc.lineno}, column {exc.colno}", reason=exc.msg,
                             line=exc.lineno, column=exc.colno) from exc


def read_1c_items(path: Path) -> list[Any]:
    """The items of a 1C JSON file (an array, or an object holding one)."""
    try:
        items = require_array(read_json(path))
    except InputFileError:
        raise
    except ValidationError as exc:
        raise InputFileError("shape", path, f"{path}: {exc.message}") from exc
    if not items:
        raise InputFileError("no_items", path, f"{path} holds an empty array: nothing to store")
    return items


def split_codes(text: str) -> list[str]:
    """One code per line; GS characters inside a line are kept."""
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


def read_codes(path: Path) -> list[str]:
    return split_codes(read_text(path, limit=MAX_CODES_BYTES))
