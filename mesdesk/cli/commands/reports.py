"""`mesdesk report BATCH_ID --format xlsx|pdf [-o OUT] [--email ADDR]`: a batch report made
as a job.

The report is kept in the ``reports`` bucket; its path there is printed. With ``-o`` it is
also copied to OUT (a file, or a folder to put it in under its object name) and OUT is what
is printed and the ``path`` of ``--json``. The job has its ``jobs`` row like one started in
the desktop app; on a terminal its progress is shown on stderr.

With ``--email`` (repeatable) the addresses are checked before any work, and the "report
ready" mail with the link is queued in the report's transaction and sent before the command
ends (one attempt: the user expects it to go out). When the SMTP server cannot take it now the
mail stays queued and a running worker (the app or ``mesdesk worker``) retries it; the
command still succeeds (the report was made) and says so on stderr and in ``mail`` of
``--json``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.mail_addresses import addresses_or_raise
from mesdesk.runtime import Runtime
from mesdesk.services.file_output import copy_out
from mesdesk.services.report_data import ReportResult
from mesdesk.services.report_texts import report_language

from .common import Outcome
from .job_run import run_job


def run_report(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    target = _checked_target(args.output)
    email_to = _checked_addresses(runtime, args.email or ())
    language = report_language(runtime.settings.language)
    tz = runtime.timezone
    batch_id, fmt = args.batch_id, args.format
    parameters: dict[str, Any] = {"batch_id": batch_id, "format": fmt, "language": language}
    if email_to:
        parameters["email_to"] = list(email_to)
    result: ReportResult = run_job(
        runtime, "report", parameters,
        lambda job: runtime.use.make_report(batch_id, fmt, tz, language=language, job=job,
                                            email_to=email_to),
        unit="products")
    document = result.as_dict()
    if target is not None:
        document["path"] = str(_copy(result, target))
    if email_to:
        document["mail"] = _send_now(runtime, result.mail_id, email_to)
    return document, [document["path"]], 0


def _checked_addresses(runtime: Runtime, given: list[str] | tuple[str, ...]
                       ) -> tuple[str, ...]:
    """The ``--email`` addresses, refused before any work when one is not an address or
    this station has no mail server to send with."""
    email_to = addresses_or_raise(given, field="--email")
    if email_to and runtime.mail is None:
        raise P.MAIL_NOT_CONFIGURED(field="--email")
    return email_to


def _send_now(runtime: Runtime, mail_id: int | None, email_to: tuple[str, ...]
              ) -> dict[str, Any]:
    """One attempt at the queued mail; what became of it (still queued: said on stderr)."""
    state: dict[str, Any] = {"id": mail_id, "recipients": list(email_to), "state": "queued",
                             "error": None}
    if mail_id is None or runtime.mail is None:
        return state
    for delivered in runtime.mail.deliver([mail_id]):
        state["state"] = delivered.state
        if delivered.problem is not None:
            state["error"] = delivered.problem.as_json()
    reason = state["error"]["message"] if state["error"] else "not due yet"
    if state["state"] == "queued":
        print(f"E-mail to {', '.join(email_to)} not sent yet ({reason}); it stays "
              f"queued (mail {mail_id}) and the MESDesk worker retries it.",
              file=sys.stderr, flush=True)
    elif state["state"] != "sent":
        print(f"E-mail to {', '.join(email_to)} not sent: {reason}", file=sys.stderr,
              flush=True)
    return state


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
