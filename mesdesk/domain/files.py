"""The files MESDesk makes and takes (SPEC §8): three buckets, and object names that say what a
file is and when it was made (``batch_17_report_20261204_081500.pdf``).

Names are made in the production time zone (what the supervisor's clock says) and never hold
a path separator, so a name can go to a folder, an S3 bucket or a download as it is.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from pathlib import PurePath


class Bucket(StrEnum):
    REPORTS = "reports"
    EXPORTS = "exports"
    IMPORTS = "imports"


#: What an export holds (the first word of its name).
EXPORT_KINDS = ("batches", "products", "dashboard", "batch_statistics", "comparison", "audit")

_UNSAFE = re.compile(r"[^\w.\-]+")


def _stamp(made: datetime) -> str:
    return made.strftime("%Y%m%d_%H%M%S")


def report_name(batch_id: int, made: datetime, extension: str) -> str:
    return f"batch_{batch_id}_report_{_stamp(made)}.{extension}"


def export_name(kind: str, made: datetime, extension: str) -> str:
    if kind not in EXPORT_KINDS:
        raise ValueError(f"not an export kind: {kind!r}")
    return f"{kind}_export_{_stamp(made)}.{extension}"


def import_name(original: str, made: datetime) -> str:
    """The name a file handed in for import is kept under: when, and what it was called."""
    base = _UNSAFE.sub("_", PurePath(original).name).strip("._") or "file"
    return f"import_{_stamp(made)}_{base[:120]}"


def numbered(name: str, number: int) -> str:
    """``name`` with ``_2``, ``_3``… before its extension: the next free name when two files
    are made in the same second."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return f"{name}_{number}"
    return f"{stem}_{number}.{extension}"


def valid_name(name: str) -> bool:
    """An object name a store accepts: one path component, visible, not empty."""
    return (bool(name) and name == PurePath(name).name and not name.startswith(".")
            and "/" not in name and "\\" not in name and "\x00" not in name and len(name) <= 255)


#: Where the worker moves a file of ``imports`` once it imported it, or failed to.
PROCESSED, FAILED = "processed", "failed"
OUTCOME_FOLDERS = (PROCESSED, FAILED)
#: The result file written beside a processed or failed import.
RESULT_SUFFIX = ".result.json"


def valid_object(name: str) -> bool:
    """A name in a bucket: a file name, or one inside an outcome folder of ``imports``
    (``processed/import_….xlsx``)."""
    folder, slash, rest = name.partition("/")
    if not slash:
        return valid_name(name)
    return folder in OUTCOME_FOLDERS and valid_name(rest)


def outcome_name(folder: str, name: str) -> str:
    """``name`` moved into ``folder`` (``processed`` or ``failed``)."""
    if folder not in OUTCOME_FOLDERS:
        raise ValueError(f"not an outcome folder: {folder!r}")
    return f"{folder}/{name.rpartition('/')[2]}"
