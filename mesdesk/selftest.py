"""``mesdesk --selftest``: does this installation work? One line per step, exit 0 only when
every step passed.

Run on a fresh data folder (a temporary one, removed afterwards, or ``--data-dir``), in the
embedded mode whatever the settings say (the station's settings file and ``MESDESK_*`` are
not read: a station pointed at a shared server is tested without touching it), offscreen:

1. the embedded PostgreSQL starts (from inside the bundle when this is one);
2. the schema migrates (the composition root, ``bootstrap``, as every MESDesk process);
3. a demo batch is made (1C's intake use cases);
4. a code is scanned through the scanning station (``runtime.station.scan``, the screen's);
5. an Excel export and 6. a PDF report are written (the use cases, run as jobs);
7. the Russian translation loads (a known string comes back in Russian).

A failed step prints its catalogued problem or a one-line reason, never a traceback (that
goes to the data folder's log); the steps that need it are skipped. The business logic is
the use cases': nothing here decides anything but whether a step passed.
"""

from __future__ import annotations

import locale
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from mesdesk.adapters.db.embedded import EmbeddedPostgres, EmbeddedPostgresError
from mesdesk.bootstrap import bootstrap
from mesdesk.config import Settings
from mesdesk.domain.errors import DomainError
from mesdesk.domain.verdicts import Verdict
from mesdesk.owner_only import log_to_file, private_folder
from mesdesk.runtime import Runtime
from mesdesk.services.exports import made_by

log = logging.getLogger(__name__)

#: A string the Russian translation must have, and its translation (MainWindow's tab).
KNOWN = ("MainWindow", "Batches", "Партии")
LANGUAGE = "ru"
STATION = "selftest"


class StepFailed(Exception):
    """A step's check did not hold; the message says what was found instead."""


@dataclass(frozen=True)
class Step:
    name: str
    outcome: str          # OK | FAILED | SKIPPED
    seconds: float
    detail: str

    def line(self) -> str:
        return f"{self.name:<30} {self.outcome:<7} {self.seconds:6.2f} s  {self.detail}".rstrip()


def frozen_root() -> Path | None:
    """The bundle's folder of data files (``sys._MEIPASS``), None from a source install."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else None


def _reason(exc: BaseException) -> str:
    """One line for a failure: the problem's text, the first line of an explained error,
    else the exception's kind and message."""
    if isinstance(exc, (DomainError, StepFailed)):
        text = exc.message if isinstance(exc, DomainError) else str(exc)
    elif isinstance(exc, EmbeddedPostgresError):
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    else:
        text = f"{type(exc).__name__}: {exc}"
    return " ".join(text.split())[:400]


class SelfTest:
    def __init__(self, data_dir: Path, out: TextIO) -> None:
        self.data_dir = data_dir
        self.out = out
        self.steps: list[Step] = []
        self.log_file: Path | None = None

    def step(self, name: str, work: Callable[[], str], *, needs: bool = True) -> bool:
        """Run ``work`` (its return value is the line's detail) unless ``needs`` is false."""
        if not needs:
            return self._print(Step(name, "SKIPPED", 0.0, "an earlier step failed"))
        began = time.perf_counter()
        try:
            detail = work()
        except Exception as exc:  # noqa: BLE001 - the promise: a reason, never a traceback
            log.error("self-test step %r failed", name, exc_info=True)
            detail = _reason(exc)
            if self.log_file is not None and not isinstance(exc, (DomainError, StepFailed)):
                detail += f" (details in {self.log_file})"
            return self._print(Step(name, "FAILED", time.perf_counter() - began, detail))
        return self._print(Step(name, "OK", time.perf_counter() - began, detail))

    def _print(self, step: Step) -> bool:
        self.steps.append(step)
        print(step.line(), file=self.out, flush=True)
        return step.outcome == "OK"

    @property
    def passed(self) -> bool:
        return all(step.outcome == "OK" for step in self.steps)


def settings_for(data_dir: Path) -> Settings:
    """The embedded mode in ``data_dir``: no settings file, no environment, no scheduler,
    no object storage and no mail."""
    return Settings(database_url=None, data_dir=data_dir, config_dir=data_dir / "config",
                    station=STATION, language=LANGUAGE, run_scheduled_jobs=False)


def run(data_dir: Path | None = None, out: TextIO | None = None) -> int:
    """The self-test; 0 when every step passed, 1 otherwise."""
    out = out or sys.stdout
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if "UTF-8" not in locale.setlocale(locale.LC_CTYPE, None).upper().replace("UTF8", "UTF-8"):
        os.environ["LC_ALL"] = "C.UTF-8"     # else Qt switches itself, with a paragraph
    with ExitStack() as cleanup:
        if data_dir is None:
            data_dir = Path(tempfile.mkdtemp(prefix="mesdesk-selftest-"))
            cleanup.callback(shutil.rmtree, data_dir, ignore_errors=True)
        data_dir = private_folder(data_dir.expanduser().resolve())
        if not os.environ.get("XDG_RUNTIME_DIR"):   # Qt and pgserver want a private one
            os.environ["XDG_RUNTIME_DIR"] = str(private_folder(data_dir / "runtime"))
        test = SelfTest(data_dir, out)
        handler = log_to_file(data_dir)
        if handler is not None:
            test.log_file = Path(handler.baseFilename)
            cleanup.callback(logging.getLogger().removeHandler, handler)
            cleanup.callback(handler.close)
        where = frozen_root()
        tested = f"the bundle {where.parent}" if where else \
            f"the installation {Path(__file__).resolve().parent}"
        print(f"MESDesk self-test of {tested}; data folder {data_dir}", file=out, flush=True)
        _database_steps(test, cleanup)
        test.step("Russian translation loads", _translation)
        print(f"self-test {'passed' if test.passed else 'FAILED'}", file=out, flush=True)
        return 0 if test.passed else 1


def _database_steps(test: SelfTest, cleanup: ExitStack) -> None:
    settings = settings_for(test.data_dir)
    server = EmbeddedPostgres(settings.data_dir)
    state: dict[str, Any] = {}

    def start() -> str:
        server.start()
        cleanup.callback(server.stop)     # the last user leaves: the server stops
        binaries = server.binaries
        bundle = frozen_root()
        if bundle is not None and bundle.resolve() not in binaries.resolve().parents:
            raise StepFailed(f"the PostgreSQL used is not the bundle's: {binaries}")
        return f"binaries {binaries}"

    def migrate() -> str:
        runtime: Runtime = bootstrap(settings)       # joins the server and upgrades
        cleanup.callback(runtime.close)
        state["runtime"] = runtime
        status = runtime.schema_status()
        if not status.up_to_date:
            raise StepFailed(f"schema at {status.current}, expected {status.head}")
        # The first start's administrator, signed in with the PIN it was given (a data folder
        # tested before: the administrator by name), as a person at the station would be.
        made = runtime.use.make_first_administrator()
        if made is not None:
            user, pin = made
            runtime.identity.sign_in(runtime.use.sign_in_pin(user.login, pin))
        else:
            runtime.identity.sign_in(runtime.use.sign_in_login("admin"))
        return f"revision {status.current}, signed in as {runtime.identity.login}"

    def demo() -> str:
        runtime: Runtime = state["runtime"]
        made = runtime.use.demo_batch(runtime.timezone, codes=3)
        state["batch"] = made
        return f"batch {made['number']} of {made['date']} (id {made['batch_id']}), " \
               f"{len(made['codes'])} codes"

    def scan() -> str:
        runtime: Runtime = state["runtime"]
        batch = state["batch"]
        result = runtime.station.scan(batch["batch_id"], batch["codes"][0], "wedge")
        if result.verdict is not Verdict.ACCEPTED:
            raise StepFailed(f"verdict {result.verdict.value}: {result.message}")
        return f"verdict {result.verdict.value}"

    def export() -> str:
        runtime: Runtime = state["runtime"]
        made = _as_job(runtime, "export_products", {"format": "xlsx"},
                       lambda job: runtime.use.export_products(
                           "xlsx", runtime.timezone, batch_ids=[state["batch"]["batch_id"]],
                           parameters=made_by(runtime.settings), job=job))
        return _file_checked(made.path, b"PK", made.bytes)

    def report() -> str:
        runtime: Runtime = state["runtime"]
        batch_id = state["batch"]["batch_id"]
        made = _as_job(runtime, "report", {"batch_id": batch_id, "format": "pdf",
                                           "language": LANGUAGE},
                       lambda job: runtime.use.make_report(batch_id, "pdf", runtime.timezone,
                                                           language=LANGUAGE, job=job))
        return _file_checked(made.path, b"%PDF", made.bytes)

    ok = test.step("embedded PostgreSQL starts", start)
    ok = test.step("schema migrates", migrate, needs=ok)
    ok = test.step("demo batch made", demo, needs=ok)
    scanned = test.step("code scanned (station)", scan, needs=ok)
    test.step("Excel export written", export, needs=ok and scanned)
    test.step("PDF report written", report, needs=ok and scanned)


def _as_job(runtime: Runtime, kind: str, parameters: dict[str, Any],
            work: Callable[[Any], Any]) -> Any:
    """``work`` as a job with its ``jobs`` row, as the app and the CLI run it."""
    return runtime.jobs.submit(kind, parameters, work).result()


def _file_checked(path: Path | None, magic: bytes, size: int) -> str:
    if path is None or not Path(path).is_file():
        raise StepFailed(f"no file was written ({path})")
    with open(path, "rb") as made:
        head = made.read(len(magic))
    if head != magic or size <= 0:
        raise StepFailed(f"{path} is not what was asked for (starts with {head!r})")
    return f"{path.name}, {size:,} bytes"


def _translation() -> str:
    from mesdesk.ui.selfcheck import qm_file, translate   # Qt, only for this step

    context, source, expected = KNOWN
    text, platform = translate(LANGUAGE, context, source)
    if text != expected:
        raise StepFailed(f"{context}/{source!r} came back as {text!r}, not {expected!r}: "
                         f"{qm_file(LANGUAGE)} is missing or stale (make translations)")
    return f"{source!r} -> {text!r} (Qt platform {platform})"
