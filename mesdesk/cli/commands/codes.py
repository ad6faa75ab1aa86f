"""`mesdesk codes check`: what MESDesk reads in a marking code, without a database."""

from __future__ import annotations

import argparse
from typing import Any

from mesdesk.domain.codes import parse_code
from mesdesk.domain.errors import CodeFormatError
from mesdesk.runtime import Runtime

from .common import Outcome, visible


def codes_check(runtime: Runtime | None, args: argparse.Namespace) -> Outcome:
    document: list[dict[str, Any]] = []
    lines: list[str] = []
    for raw in args.codes:
        try:
            code = parse_code(raw)
        except CodeFormatError as exc:
            document.append({"code": raw, "ok": False, "identity": None, "gtin": None,
                             "serial": None, "gs_restored": False, "error": exc.message,
                             "error_code": exc.kind.value,
                             "problem": {"code": exc.code,
                                         "params": dict(exc.problem.params)}})
            lines.append(f"BAD  {visible(raw)}: {exc.message}")
            continue
        flags = [name for name, on in (("GS restored", code.gs_restored),
                                       ("layout repaired", code.layout_repaired)) if on]
        document.append({"code": raw, "ok": True, "identity": code.identity,
                         "gtin": code.gtin, "serial": code.serial,
                         "gs_restored": code.gs_restored,
                         "layout_repaired": code.layout_repaired, "error": None})
        kind = f"GTIN {code.gtin} serial {code.serial}" if code.is_gs1 else "opaque code"
        lines.append(f"OK   {visible(raw)}: identity {code.identity} ({kind})"
                     + (f" [{', '.join(flags)}]" if flags else ""))
    return document, lines, 0
