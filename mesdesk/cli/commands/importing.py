"""`mesdesk import FILE [--update-existing] [--batch ID]`: a spreadsheet, CSV or 1C file as a job.

Unlike `mesdesk intake` (1C's sync: a known batch is overwritten), an import adds what is new
and reports a batch that exists as skipped, unless --update-existing. The work is the GUI's
(``import_file``), run through the job runner so that a ``jobs`` row exists; progress goes to
stderr when it is a terminal. Rows refused are part of the answer (exit 0); a file refused as
a whole is an error (exit 1).
"""

from __future__ import annotations

import argparse

from mesdesk.runtime import Runtime
from mesdesk.services.import_result import ImportResult
from mesdesk.services.imports import ImportLimits, import_job

from .common import Outcome, visible
from .job_run import run_job

JOB_KIND = "import"
#: Refused rows printed as text at most (all of the listed ones with --json).
SHOWN_ERRORS = 200


def run_import(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    path = args.file.absolute()
    parameters, key = import_job(path, update_existing=args.update_existing,
                                 batch_id=args.batch)
    limits = ImportLimits.of(runtime.settings)
    result: ImportResult = run_job(runtime, JOB_KIND, parameters, lambda job: (
        runtime.use.import_file(path, runtime.timezone, update_existing=args.update_existing,
                                batch_id=args.batch, gs_tokens=runtime.gs_tokens,
                                limits=limits, job=job)), key=key)
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

