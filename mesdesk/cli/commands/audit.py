"""`mesdesk audit list`: the audit log (issue 15), newest first, filtered by user, action,
entity (and entity id) and time; ``--json`` for scripts (with ``next_cursor`` to go on from);
``-o OUT.xlsx`` writes every row the filter selects to Excel instead, as a job, kept in the
exports bucket like every export."""

from __future__ import annotations

import argparse
from datetime import tzinfo

from mesdesk.domain import problems as P
from mesdesk.domain.audit import changes_text
from mesdesk.runtime import Runtime
from mesdesk.services.audit import check_audit_filter
from mesdesk.services.dto import AuditEntryDTO, AuditFilter
from mesdesk.services.exports import made_by

from .common import Outcome
from .exporting import output_format, run_export
from .webhooks import _moment as moment     # the times every listing command accepts


def audit_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    tz = runtime.timezone
    flt = AuditFilter(actor=args.actor, action=args.audit_action, entity=args.entity,
                      entity_id=None if args.entity_id is None else str(args.entity_id),
                      since=moment(args.since, "since", tz),
                      until=moment(args.until, "until", tz))
    if args.output is not None:
        if output_format(args.output) != "xlsx":
            raise P.REPORT_FORMAT_UNKNOWN(formats="xlsx", format=args.output.suffix.lstrip(".")
                                          or "?", field="output")
        check_audit_filter(flt)         # refused before a job is started
        return run_export(runtime, args, "export_audit", {"format": "xlsx",
                                                          "filter": flt.as_dict()},
                          lambda job: runtime.use.export_audit(
                              flt, tz, parameters=made_by(runtime.settings), job=job))
    page = runtime.use.list_audit(flt, cursor=args.cursor, limit=args.limit)
    document = {"items": [row.as_dict() for row in page.rows], "next_cursor": page.next_cursor}
    lines = _table(page.rows, tz)
    if page.next_cursor:
        lines.append(f"More: --cursor {page.next_cursor}")
    return document, lines, 0


def _table(rows: tuple[AuditEntryDTO, ...], tz: tzinfo) -> list[str]:
    if not rows:
        return ["No audit entries match."]
    lines = [f"{'TIME':<19}  {'USER':<16} {'STATION':<12} {'ACTION':<18} ENTITY"]
    for row in rows:
        entity = row.entity if row.entity_id is None else f"{row.entity} {row.entity_id}"
        lines.append(f"{row.at.astimezone(tz):%Y-%m-%d %H:%M:%S}  {row.actor or '—':<16} "
                     f"{row.station or '—':<12} {row.action:<18} {entity}")
        lines += [f"    {line}" for line in changes_text(row.changes).splitlines()]
    return lines
