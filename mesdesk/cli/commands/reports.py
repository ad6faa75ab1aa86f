"""`mesdesk report BATCH_ID --format xlsx|pdf [-o OUT]`: a batch report made as a job.

The report is kept in the ``reports`` bucket; its path there is printed. With ``-o`` it is
also copied to OUT (a file, or a folder to put it in under its object name) and OUT is what
is printed and the ``path`` of ``--json``. The job has its ``jobs`` row like one started in
the desktop app; on a terminal its progress is shown on stderr.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mesdesk.domain import problems as P
from mesdesk.runtime import Runtime
from mesdesk.services.file_output import copy_out
from mesdesk.services.report_data import ReportResult
from mesdesk.services.report_texts import report_language

from .common import Outcome
from .job_run import run_job


def run_report(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    target = _checked_target(args.output)
    language = report_language(runtime.settings.language)
    tz = runtime.timezone
    batch_id, fmt = args.batch_id, args.format
    result: ReportResult = run_job(
        runtime, "report", {"batch_id": batch_id, "format": fmt, "language": language},
        lambda job: runtime.use.make_report(batch_id, fmt, tz, language=language, job=job),
        unit="products")
    document = result.as_dict()
    if target is not None:
        document["path"] = str(_copy(result, target))
    return document, [document["path"]], 0


def _checked_target(output: Path | None) -> Path | None:
    """OUT, refused before any work when there is no folder to put it in."""
    if output is None:
        return None
    output = output.expanduser()
    if output.is_dir():
        return output
    if not output.parent.is_dir():
        raise P.REPORT_OUTPUT_FOLDER_MISSING(file=str(output))
    return output


def _copy(result: ReportResult, target: Path) -> Path:
    assert result.path is not None
    if target.is_dir():
        target = target / result.object
    try:
        return copy_out(result.path, target)
    except OSError as exc:
        raise P.REPORT_OUTPUT_NOT_WRITTEN(file=str(target),
                                          reason=exc.strerror or type(exc).__name__) from exc
