"""Reading the files a user names on the command line, with messages that say what is wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mesdesk.domain.errors import ValidationError

MAX_FILE_BYTES = 256 * 1024 * 1024


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ValidationError(f"{path} is {size // (1024 * 1024)} MB; files over "
                                  f"{MAX_FILE_BYTES // (1024 * 1024)} MB are refused",
                                  field="file")
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise ValidationError(f"{path} is a folder, not a file", field="file") from exc
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror}", field="file") from exc
    if not data.strip():
        raise ValidationError(f"{path} is empty", field="file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path} is not UTF-8 text (invalid byte at offset {exc.start}); "
                              "save it as UTF-8", field="file") from exc


def read_json_file(path: Path) -> Any:
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, "
                              f"column {exc.colno}", field="file") from exc


def read_codes_file(path: Path) -> list[str]:
    """One code per line; GS characters inside a line are kept."""
    return [line.rstrip("\r") for line in _read_text(path).split("\n") if line.strip()]
