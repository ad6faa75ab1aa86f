"""`mesdesk`: the GUI with no arguments, subcommands for everything else (SPEC §12).

Errors end as one line on stderr and a non-zero exit code, never a traceback: 1 for a refused
action, 2 for a wrong command line, 3 when a service (the database) is unavailable. Verdicts
that are part of an answer (a rejected intake item, a ``not_found`` scan) are data, not errors.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from mesdesk import __version__
from mesdesk.config import load_settings
from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.problems import Kind, Problem

log = logging.getLogger("mesdesk.cli")

EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 3


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code = code


class Parser(argparse.ArgumentParser):
    """argparse that reports a wrong command line in one line."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{self.prog}: {message} (see {self.prog} --help)", EXIT_USAGE)


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS,
                        help="PostgreSQL URL (default: settings, else the embedded database)")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print one JSON document on stdout")
    common.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS,
                        help="who runs the command (default: $MESDESK_USER); their role "
                             "decides what it may do")
    return common


def build_parser() -> Parser:
    common = _common()
    parser = Parser(prog="mesdesk", description="MESDesk: shop-floor batches and aggregation. "
                    "With no command, the desktop app starts.", parents=[common])
    parser.add_argument("--version", action="version", version=f"MESDesk {__version__}")
    parser.add_argument("--selftest", action="store_true",
                        help="check this installation offscreen on a fresh data folder (the "
                             "embedded PostgreSQL, migrations, a demo batch, a scan, an Excel "
                             "export, a PDF report, the Russian translation); exit 0 when all "
                             "pass")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="with --selftest: the data folder to test in (default: a new "
                             "temporary one, removed afterwards)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, parent=commands) -> Parser:
        return parent.add_parser(name, help=help_text, description=help_text, parents=[common])

    command("worker", "run the webhook outbox dispatcher and the scheduled jobs headless, "
            "until stopped (Ctrl+C or SIGTERM)")

    webhooks = command("webhooks", "webhook subscriptions")
    webhook_commands = webhooks.add_subparsers(dest="action", metavar="ACTION", required=True,
                                               parser_class=Parser)
    add_hook = command("add", "subscribe a URL to event types; prints the secret once",
                       webhook_commands)
    add_hook.add_argument("url")
    add_hook.add_argument("--events", required=True, metavar="E[,E...]",
                          help="batch_created, batch_updated, batch_closed, product_aggregated, "
                               "report_generated, import_completed, ping")
    add_hook.add_argument("--secret", metavar="S", help="default: a new whsec_ secret")
    add_hook.add_argument("--retry-count", type=int, default=3, metavar="N")
    add_hook.add_argument("--timeout", type=int, default=10, metavar="S")
    add_hook.add_argument("--rate-limit", type=int, default=0, metavar="N",
                          help="requests per second at most (0 = unlimited, the default)")
    add_hook.add_argument("--header", action="append", default=None, metavar="NAME=VALUE",
                          help="a custom header sent with every request (repeatable)")
    command("list", "subscriptions (never their secrets)", webhook_commands)
    for name, text in (("show", "one subscription"), ("delete", "remove a subscription")):
        command(name, text, webhook_commands).add_argument("id", type=int)
    update_hook = command("update", "change a subscription: only what is given changes",
                          webhook_commands)
    update_hook.add_argument("id", type=int)
    update_hook.add_argument("--url", metavar="U")
    update_hook.add_argument("--events", metavar="E[,E...]", help="replaces the event types")
    update_hook.add_argument("--retry-count", type=int, metavar="N")
    update_hook.add_argument("--timeout", type=int, metavar="S")
    update_hook.add_argument("--rate-limit", type=int, metavar="N",
                             help="requests per second at most (0 = unlimited)")
    headers = update_hook.add_mutually_exclusive_group()
    headers.add_argument("--header", action="append", default=None, metavar="NAME=VALUE",
                         help="custom header (repeatable); the given ones replace all others")
    headers.add_argument("--clear-headers", action="store_true",
                         help="remove every custom header")
    activity = update_hook.add_mutually_exclusive_group()
    activity.add_argument("--active", dest="is_active", action="store_true", default=None,
                          help="activate (a disabled one starts with a clean failure record)")
    activity.add_argument("--inactive", dest="is_active", action="store_false",
                          help="deactivate: nothing is sent until it is activated again")
    command("test", "queue a signed 'ping' event for one subscription; a running dispatcher "
            "(the app or `mesdesk worker`) sends it", webhook_commands).add_argument(
        "id", type=int)
    deliveries = command("deliveries", "the deliveries log, newest first", webhook_commands)
    deliveries.add_argument("--subscription", type=int, metavar="ID")
    deliveries.add_argument("--status", metavar="S", help="pending, success or failed")
    deliveries.add_argument("--event", metavar="E", help="an event type")
    deliveries.add_argument("--since", metavar="T",
                            help="created at or after T: 2026-11-25T08:00 (production time "
                                 "unless an offset is given), 2026-11-25, or 24h / 7d / 30m ago")
    deliveries.add_argument("--until", metavar="T", help="created before T (same forms)")
    deliveries.add_argument("--limit", type=int, default=50, metavar="N")
    deliveries.add_argument("--cursor", metavar="CURSOR", help="next_cursor of the previous page")
    attempts = command("attempts", "every HTTP attempt of one delivery, oldest first",
                       webhook_commands)
    attempts.add_argument("delivery_id", type=int, metavar="DELIVERY_ID")
    resend = command("resend", "send a delivery again (a fresh retry series), or with --failed "
                     "every failed one created in a time range", webhook_commands)
    resend.add_argument("delivery_id", type=int, nargs="?", metavar="DELIVERY_ID")
    resend.add_argument("--failed", action="store_true",
                        help="every failed delivery created in [--since, --until)")
    resend.add_argument("--since", metavar="T", help="with --failed (same forms as deliveries)")
    resend.add_argument("--until", metavar="T", help="with --failed; default: now")
    resend.add_argument("--subscription", type=int, metavar="ID",
                        help="with --failed: only this subscription's")

    db = command("db", "database schema")
    db_commands = db.add_subparsers(dest="action", metavar="ACTION", required=True,
                                    parser_class=Parser)
    command("upgrade", "upgrade the schema to the newest version", db_commands)
    command("status", "show the database mode, URL and schema version", db_commands)

    demo = command("demo", "fill a realistic demo data set")
    demo.add_argument("--batches", type=int, default=300, help="how many batches (300)")
    demo.add_argument("--seed", type=int, default=7, help="random seed (7)")

    intake = command("intake", "1C's sync: store a 1C JSON file of batches or of products; a "
                     "known batch (number and date) is overwritten (see `import` for files of "
                     "supervisors, where it is skipped)")
    intake.add_argument("file", type=Path, metavar="FILE.json")

    importing = command("import", "import batches from a spreadsheet (.xlsx, .xls, .ods), a CSV "
                        "file or a 1C JSON file, or with --batch the product codes of one "
                        "batch; a batch that exists is skipped unless --update-existing")
    importing.add_argument("file", type=Path, metavar="FILE")
    importing.add_argument("--update-existing", action="store_true",
                           help="overwrite batches whose number and date exist already")
    importing.add_argument("--batch", type=int, metavar="ID",
                           help="the file holds product codes: add them to this batch")

    batches = command("batches", "list, show, edit, close and reopen batches")
    batch_commands = batches.add_subparsers(dest="action", metavar="ACTION", required=True,
                                            parser_class=Parser)
    listing = command("list", "list batches, newest first", batch_commands)
    add_batch_filter_flags(listing)
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    listing.add_argument("--cursor", metavar="CURSOR", help="next_cursor of the previous page")
    show = command("show", "a batch with its products and statistics", batch_commands)
    show.add_argument("id", type=int)
    show.add_argument("--products", type=int, default=100, metavar="N",
                      help="how many products to include (100)")
    update = command("update", "edit fields: FIELD=VALUE with the English names of §2",
                     batch_commands)
    update.add_argument("id", type=int)
    update.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    for name in ("close", "reopen"):
        command(name, f"{name} a batch", batch_commands).add_argument("id", type=int)

    products = command("products", "product codes of a batch")
    product_commands = products.add_subparsers(dest="action", metavar="ACTION", required=True,
                                               parser_class=Parser)
    add = command("add", "add codes to a batch", product_commands)
    add.add_argument("--batch", type=int, required=True, metavar="ID")
    add.add_argument("codes", nargs="*", metavar="CODE")
    add.add_argument("--file", type=Path, metavar="F", help="a text file, one code per line")

    aggregate = command("aggregate", "aggregate codes into a batch")
    aggregate.add_argument("--batch", type=int, required=True, metavar="ID")
    aggregate.add_argument("codes", nargs="*", metavar="CODE",
                           help="one scan per code, in order: a verdict each")
    aggregate.add_argument("--scan-id-prefix", metavar="P",
                           help="scan ids P-1…P-n by position (default: derived from the batch "
                                "and the list), so that a rerun of the same scans after a lost "
                                "database is recognised as the same scans")
    aggregate.add_argument("--file", type=Path, metavar="F",
                           help="bulk job over a file of codes: the summary of §4")

    report = command("report", "make a batch report (Excel or PDF) as a job; it is kept in "
                     "the reports bucket, and copied to OUT with -o")
    report.add_argument("batch_id", type=int, metavar="BATCH_ID")
    report.add_argument("--format", required=True, choices=("xlsx", "pdf"), dest="format")
    report.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="also copy the report to this file (or into this folder)")
    report.add_argument("--email", action="append", default=None, metavar="ADDR",
                        help="e-mail the report's link to ADDR (repeatable); sent before the "
                             "command ends, else queued and retried by the worker")

    export = command("export", "write batches or products to .xlsx or .csv (a job; the file "
                     "is kept in the exports bucket and copied to OUT)")
    export_commands = export.add_subparsers(dest="action", metavar="WHAT", required=True,
                                            parser_class=Parser)
    for name, text in (("batches", "the batches the filter flags list (all without them), "
                                   "with their counters"),
                       ("products", "the products of the batches named with --batch, or of "
                                    "the batches the filter flags list")):
        exporting = command(name, text, export_commands)
        exporting.add_argument("-o", "--output", required=True, type=Path,
                               metavar="OUT.xlsx|OUT.csv",
                               help="the file to write; its extension is the format")
        if name == "products":
            exporting.add_argument("--batch", dest="batch_ids", type=int, action="extend",
                                   nargs="+", metavar="ID", help="a batch id (repeatable)")
        add_batch_filter_flags(exporting)

    files = command("files", "the files of the reports, exports and imports buckets (§8)")
    file_commands = files.add_subparsers(dest="action", metavar="ACTION", required=True,
                                         parser_class=Parser)
    listed = command("list", "the bucket's files, newest first, with size, time, who, station "
                     "and state", file_commands)
    listed.add_argument("bucket", metavar="BUCKET", help="reports, exports or imports")
    got = command("get", "the local path of the file (downloaded when only the object storage "
                  "has it), or a copy at PATH", file_commands)
    got.add_argument("bucket", metavar="BUCKET")
    got.add_argument("name", metavar="NAME")
    got.add_argument("-o", "--output", type=Path, metavar="PATH",
                     help="copy the file to PATH (a file, or a folder to put it in)")
    linked = command("link", "a link to the file: pre-signed for 7 days, or the local file's "
                     "URL", file_commands)
    linked.add_argument("bucket", metavar="BUCKET")
    linked.add_argument("name", metavar="NAME")
    put = command("put", "hand FILE in to be imported by the file sync (a job)", file_commands)
    put.add_argument("bucket", metavar="imports")
    put.add_argument("file", type=Path, metavar="FILE")
    deleted = command("delete", "remove the file from the object storage, this computer and "
                      "the list", file_commands)
    deleted.add_argument("bucket", metavar="BUCKET")
    deleted.add_argument("name", metavar="NAME")
    command("sync", "upload this station's queued files now (a job)", file_commands)

    analytics = command("analytics", "the §10 figures: dashboard, one batch, a comparison")
    analytics_commands = analytics.add_subparsers(dest="action", metavar="VIEW", required=True,
                                                  parser_class=Parser)
    board = command("dashboard", "summary, today, shifts, top work centers, per hour and "
                    "per day", analytics_commands)
    board.add_argument("--date-from", type=_date, metavar="D", help="batch dates from D")
    board.add_argument("--date-to", type=_date, metavar="D", help="batch dates to D")
    board.add_argument("--work-center", metavar="IDENT")
    one = command("batch", "a batch's statistics, its aggregations per hour and its work "
                  "center's teams", analytics_commands)
    one.add_argument("id", type=int)
    compared = command("compare", "2 to 50 batches side by side, with the averages",
                       analytics_commands)
    compared.add_argument("ids", type=int, nargs="+", metavar="ID")
    for view in (board, one, compared):
        view.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx",
                          help="write the view's Excel workbook to OUT instead (kept in the "
                               "exports bucket too)")

    schedule = command("schedule", "the scheduled tasks (§9): auto-closing expired batches, "
                       "cleaning up old files, re-queueing failed webhooks")
    schedule_commands = schedule.add_subparsers(dest="action", metavar="ACTION", required=True,
                                                parser_class=Parser)
    command("list", "each task's schedule, last run (start, end, outcome, counts) and next "
            "run, times in the production time zone", schedule_commands)
    command("run", "run a task now in this process and wait for it; refused while it runs "
            "elsewhere", schedule_commands).add_argument("name", metavar="NAME")

    people = command("users", "who may sign in, with which role (administrators only)")
    user_commands = people.add_subparsers(dest="action", metavar="ACTION", required=True,
                                          parser_class=Parser)
    command("list", "every user: login, name, role, badge/PIN, active", user_commands)
    added = command("add", "a new user with a badge, a PIN or both", user_commands)
    added.add_argument("login", metavar="LOGIN")
    added.add_argument("--role", required=True, choices=("operator", "supervisor",
                                                         "administrator"))
    changed = command("update", "change a user's name, role, badge, PIN or activity",
                      user_commands)
    changed.add_argument("login", metavar="LOGIN")
    changed.add_argument("--role", choices=("operator", "supervisor", "administrator"))
    for parser_ in (added, changed):
        parser_.add_argument("--name", metavar="TEXT")
        parser_.add_argument("--pin", metavar="DIGITS", help="4 to 12 digits")
        parser_.add_argument("--badge", metavar="CODE", help="the code the badge scans as")
    changed.add_argument("--clear-pin", action="store_true")
    changed.add_argument("--clear-badge", action="store_true")
    activity = changed.add_mutually_exclusive_group()
    activity.add_argument("--active", dest="is_active", action="store_true", default=None)
    activity.add_argument("--inactive", dest="is_active", action="store_false")
    audit = command("audit", "the audit log: who changed what, when (issue 15)")
    audit_commands = audit.add_subparsers(dest="action", metavar="ACTION", required=True,
                                          parser_class=Parser)
    listed = command("list", "audit entries newest first, with what each changed; with -o "
                     "every entry the filter selects, to Excel", audit_commands)
    listed.add_argument("--actor", metavar="LOGIN",
                        help="who did it (--user is who runs this command)")
    listed.add_argument("--action", dest="audit_action", metavar="A",
                        help="update, close, create_from_1c, …")
    listed.add_argument("--entity", metavar="E", help="batch, webhook_subscription, …")
    listed.add_argument("--entity-id", metavar="N", help="one entity's entries (with --entity)")
    listed.add_argument("--since", metavar="T", help="at or after T (the forms of `webhooks "
                        "deliveries`: 2026-11-25T08:00, 2026-11-25, 24h / 7d / 30m ago)")
    listed.add_argument("--until", metavar="T", help="before T (same forms)")
    listed.add_argument("--limit", type=int, default=50, metavar="N")
    listed.add_argument("--cursor", metavar="CURSOR", help="next_cursor of the previous page")
    listed.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx",
                        help="write every entry the filter selects to OUT (a job; kept in the "
                             "exports bucket too)")

    codes = command("codes", "marking codes")
    code_commands = codes.add_subparsers(dest="action", metavar="ACTION", required=True,
                                         parser_class=Parser)
    check = command("check", "parse only: identity, GTIN, serial, flags or the error",
                    code_commands)
    check.add_argument("codes", nargs="+", metavar="CODE")
    return parser


def add_batch_filter_flags(parser: argparse.ArgumentParser) -> None:
    """The filters and sort of `batches list`, which `export` takes too (``batch_filter``)."""
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--open", dest="is_closed", action="store_false", default=None)
    state.add_argument("--closed", dest="is_closed", action="store_true")
    parser.add_argument("--work-center", metavar="IDENT")
    parser.add_argument("--shift", metavar="S")
    parser.add_argument("--team", metavar="T")
    parser.add_argument("--number", type=int, metavar="N", help="batch number")
    parser.add_argument("--date-from", type=_date, metavar="D")
    parser.add_argument("--date-to", type=_date, metavar="D")
    parser.add_argument("--search", metavar="TEXT")
    parser.add_argument("--sort", default="batch_date", metavar="COLUMN")
    parser.add_argument("--ascending", action="store_true")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-01-30, got {text!r}")


# ---------------------------------------------------------------------------- entry point

def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _quiet_logging()
    as_json = "--json" in argv
    try:
        args = build_parser().parse_args(argv)
        if args.selftest:
            if args.command is not None:
                raise CliError("mesdesk: --selftest takes no command", EXIT_USAGE)
            from mesdesk.selftest import run as selftest

            return selftest(args.data_dir)
        if args.data_dir is not None:
            raise CliError("mesdesk: --data-dir is for --selftest (the data folder is a "
                           "setting: MESDESK_DATA_DIR)", EXIT_USAGE)
        if args.command is None:
            return _run_gui(args)
        return _dispatch(args)
    except CliError as exc:
        return _refuse(P.CLI_USAGE.problem(reason=str(exc)), exc.code, as_json)
    except DomainError as exc:
        code = EXIT_UNAVAILABLE if exc.kind is Kind.UNAVAILABLE else EXIT_REFUSED
        return _refuse(exc.problem, code, as_json)
    except KeyboardInterrupt:
        return _refuse(P.CLI_INTERRUPTED.problem(), 130, as_json)
    except Exception as exc:  # noqa: BLE001 - the promise: never a traceback
        log.error("unexpected error", exc_info=True)
        return _refuse(P.INTERNAL.problem(kind=type(exc).__name__), EXIT_REFUSED, as_json)


def _refuse(problem: Problem, code: int, as_json: bool) -> int:
    """A refusal: one line on stderr and, with ``--json``, ``{"error": …}`` on stdout."""
    if as_json:
        json.dump({"error": problem.as_json()}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        sys.stdout.flush()
    return _fail(problem.message, code)


def _quiet_logging() -> None:
    """Log records never reach the terminal (errors are one line): they go to a log file."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def _log_to_file(data_dir: Path) -> None:
    from mesdesk.owner_only import log_to_file

    log_to_file(data_dir)   # owner-only folder and file; no log when it cannot be written


def _fail(message: str, code: int) -> int:
    line = " ".join(message.split())
    print(f"mesdesk: {line}" if not line.startswith("mesdesk") else line, file=sys.stderr)
    return code


def _run_gui(args: argparse.Namespace) -> int:
    from mesdesk.ui.app import run  # Qt is imported only when the GUI starts

    return run(database_url=getattr(args, "database_url", None))


def _dispatch(args: argparse.Namespace) -> int:
    from mesdesk.cli.commands import COMMANDS

    if args.command == "codes":  # parsing needs no database
        handler: Callable[..., Any] = COMMANDS[("codes", args.action)]
        return _emit(args, handler(None, args))
    settings = load_settings(database_url=getattr(args, "database_url", None))
    _log_to_file(settings.data_dir)
    from mesdesk.bootstrap import bootstrap

    key = (args.command, getattr(args, "action", None))
    handler = COMMANDS[key]
    with bootstrap(settings) as runtime:
        sign_in(runtime, args, needed=key not in WITHOUT_USER)
        return _emit(args, handler(runtime, args))


#: Commands any caller may run: the database's state and upgrade (an installer's), the
#: headless worker (the station's own work, no user's).
WITHOUT_USER = frozenset({("db", "status"), ("db", "upgrade"), ("worker", None)})


def sign_in(runtime: Any, args: argparse.Namespace, *, needed: bool) -> None:
    """The first start makes the first administrator (said once, on stderr) and runs that
    command as them unless another user is named; then a command runs as ``--user`` or
    ``$MESDESK_USER``, refused by name when neither is given."""
    made = runtime.use.make_first_administrator()
    if made is not None:
        user, pin = made
        print(f"mesdesk: first start: made the administrator '{user.login}' with PIN {pin}. "
              f"Run commands as them with --user {user.login}, and give them a PIN of their own: "
              f"mesdesk --user {user.login} users update {user.login} --pin NEW",
              file=sys.stderr)
    login = getattr(args, "user", None) or os.environ.get("MESDESK_USER", "")
    if made is not None and not login:
        login = made[0].login        # whoever started MESDesk first is its administrator
    if login:
        runtime.identity.sign_in(runtime.use.sign_in_login(login))
    elif needed:
        raise P.AUTH_USER_MISSING(field="user")


def _emit(args: argparse.Namespace, outcome: Any) -> int:
    """Handlers return (json_document, text_lines, exit_code)."""
    document, lines, code = outcome
    if getattr(args, "json", False):
        json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        for line in lines:
            print(line)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
