"""`mesdesk export batches|products -o OUT.xlsx|OUT.csv`: an export as a job (SPEC §7, §12).

The work runs through the runtime's job runner, so a ``jobs`` row records it like an export
started from the desktop app; the command waits for it, showing its progress on stderr when
that is a terminal. The file is kept in the ``exports`` bucket and copied to OUT; the format is
OUT's extension.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mesdesk.cli import EXIT_USAGE, CliError
from mesdesk.domain import problems as P
from mesdesk.domain.export_sheets import format_of
from mesdesk.runtime import Runtime
from mesdesk.services.dto import MadeFile
from mesdesk.services.exports import made_by
from mesdesk.services.file_output import copy_out

from .common import Outcome, batch_filter, narrows
from .job_run import run_job


def export_batches(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    fmt = output_format(args.output)
    flt = batch_filter(args)
    return run_export(runtime, args, "export_batches", {"format": fmt, "filter": _shown(flt)},
                lambda job: runtime.use.export_batches(
                    flt, fmt, runtime.timezone, parameters=made_by(runtime.settings), job=job))


def export_products(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    fmt = output_format(args.output)
    flt = batch_filter(args)
    if args.batch_ids and narrows(flt):
        raise CliError("mesdesk export products: give --batch or the filter flags, not both",
                       EXIT_USAGE)
    if args.batch_ids:
        ids = list(args.batch_ids)
        return run_export(runtime, args, "export_products", {"format": fmt, "batch_ids": ids},
                    lambda job: runtime.use.export_products(
                        fmt, runtime.timezone, batch_ids=ids, parameters=made_by(runtime.settings),
                        job=job))
    if not narrows(flt):
        raise P.EXPORT_NO_BATCHES()
    return run_export(runtime, args, "export_products", {"format": fmt, "filter": _shown(flt)},
                lambda job: runtime.use.export_products(
                    fmt, runtime.timezone, flt=flt, parameters=made_by(runtime.settings), job=job))


def output_format(output: Path) -> str:
    """The format OUT asks for, refused before any work when OUT cannot be written (also
    for ``mesdesk analytics … -o``)."""
    shown = _printable(str(output))
    try:
        os.fsencode(output)
    except UnicodeError as exc:
        raise P.EXPORT_OUTPUT_INVALID(file=shown) from exc
    if "\x00" in str(output):
        raise P.EXPORT_OUTPUT_INVALID(file=shown)
    fmt = format_of(output.name)
    if fmt is None:
        raise P.EXPORT_FORMAT_UNKNOWN(name=shown)
    return fmt


def _shown(flt: Any) -> dict[str, Any]:
    """The filter as the ``jobs`` row keeps it (JSON text the database takes: the service
    refuses the filter itself when it holds what no database can compare)."""
    shown = {}
    for name in flt.__slots__:
        value = getattr(flt, name)
        if value not in (None, ""):
            shown[name] = _printable(value) if isinstance(value, str) else value
    return shown


def _printable(text: str) -> str:
    """``text`` with what JSON output and the database refuse made visible: bytes that were
    not UTF-8 on the command line as ``\\udcff``, NUL as ``\\x00``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def run_export(runtime: Runtime, args: argparse.Namespace, kind: str,
               parameters: dict[str, Any], work: Callable[[Any], MadeFile]) -> Outcome:
    """Run ``work`` as a job and copy its file to ``args.output``."""
    shown = _printable(str(args.output))
    result: MadeFile = run_job(runtime, kind, {**parameters, "output": shown}, work)
    try:
        assert result.path is not None        # the local store keeps every file here
        copy_out(result.path, args.output)
    except (OSError, ValueError) as exc:
        raise P.EXPORT_OUTPUT_FAILED(object=result.object, file=shown,
                                     reason=exc.strerror or type(exc).__name__) from exc
    document = {**result.as_dict(), "path": shown}
    lines = [f"{result.rows} rows written to {shown} "
             f"(kept as {result.bucket}/{result.object}, {result.bytes} bytes)"]
    return document, lines, 0
