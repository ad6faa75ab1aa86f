"""`mesdesk import FILE [--update-existing] [--batch ID]`: a spreadsheet, CSV or 1C file as a job.

Unlike `mesdesk intake` (1C's sync: a known batch is overwritten), an import adds what is new
and reports a batch that exists as skipped, unless --update-existing. The work is the GUI's
(``import_file``), run through the job runner so that a ``jobs`` row exists; progress goes to
stderr when it is a terminal. Rows refused are part of the answer (exit 0); a file refused as
a whole is an error (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from mesdesk.jobs import JobUpdate
from mesdesk.runtime import Runtime
from mesdesk.services.import_result import ImportResult
from mesdesk.services.imports import ImportLimits

from .common import Outcome, visible

JOB_KIND = "import"
#: Refused rows printed as text at most (all of the listed ones with --json).
SHOWN_ERRORS = 200


def run_import(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    settings = runtime.settings
    path = args.file.absolute()
    tokens = (settings.gs_token,) if settings.gs_token else ()
    parameters = {"file": str(path), "update_existing": args.update_existing,
                  "batch_id": args.batch}
    key = f"batch:{args.batch}" if args.batch is not None else "import:batches"
    printer = _progress_printer() if sys.stderr.isatty() else None
    if printer:
        runtime.jobs.add_listener(printer)
    try:
        handle = runtime.jobs.submit(JOB_KIND, parameters, lambda job: runtime.use.import_file(
            path, runtime.timezone, update_existing=args.update_existing, batch_id=args.batch,
            gs_tokens=tokens, limits=ImportLimits.of(settings), job=job), key=key)
        try:
            result: ImportResult = handle.result()
        except KeyboardInterrupt:
            handle.cancel()         # nothing is stored: the import is one transaction
            raise
    finally:
        if printer:
            runtime.jobs.remove_listener(printer)
            print(file=sys.stderr)
    return result.as_dict(), _lines(result), 0


def _lines(result: ImportResult) -> list[str]:
    what = "codes" if result.kind == "products" else "batches"
    lines = [f"{result.file}: {result.total_rows} rows: {result.created} {what} created, "
             f"{result.updated} updated, {result.skipped} skipped, {result.rejected} rejected"]
    for error in result.errors[:SHOWN_ERRORS]:
        where = error.problem.location or "file"
        lines.append(f"  {visible(where)}: {visible(error.problem.sentence)}")
    if result.errors_total > min(len(result.errors), SHOWN_ERRORS):
        lines.append(f"  … and {result.errors_total - min(len(result.errors), SHOWN_ERRORS)} "
                     f"more (use --json for the first {len(result.errors)})")
    if result.ignored_columns:
        lines.append("  ignored columns: " + ", ".join(result.ignored_columns))
    if result.stored is not None:
        lines.append(f"  kept as {result.stored.bucket}/{result.stored.name}")
    return lines


def _progress_printer() -> Callable[[JobUpdate], None]:
    def show(update: JobUpdate) -> None:
        if update.kind != JOB_KIND or update.finished:
            return
        total = f"/{update.total}" if update.total else ""
        print(f"\r{update.message or ''} {update.done}{total}".ljust(60), end="",
              file=sys.stderr, flush=True)
    return show
