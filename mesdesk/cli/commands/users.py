"""`mesdesk users list | add | update`: who may sign in, with which role (issue 15)."""

from __future__ import annotations

import argparse
from typing import Any

from mesdesk.runtime import Runtime
from mesdesk.services.dto import UserDTO

from .common import Outcome

HEADERS = ("LOGIN", "NAME", "ROLE", "SIGNS IN WITH", "ACTIVE")


def users_list(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    found = runtime.use.list_users()
    rows = [(u.login, u.name, u.role, _credentials(u), "yes" if u.is_active else "no")
            for u in found]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(HEADERS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    return [_json(u) for u in found], lines, 0


def users_add(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    made = runtime.use.add_user(args.login, role=args.role, name=args.name or "",
                                pin=args.pin, badge=args.badge)
    return _json(made), [f"Added {made.role} '{made.login}' (signs in with "
                         f"{_credentials(made)})."], 0


def users_update(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    changes: dict[str, Any] = {}
    for name in ("name", "role", "pin", "badge"):
        value = getattr(args, name, None)
        if value is not None:
            changes[name] = value
    if args.clear_pin:
        changes["pin"] = None
    if args.clear_badge:
        changes["badge"] = None
    if args.is_active is not None:
        changes["is_active"] = args.is_active
    changed = runtime.use.update_user(args.login, changes)
    return _json(changed), [f"Updated '{changed.login}': {changed.role}, signs in with "
                            f"{_credentials(changed)}, "
                            f"{'active' if changed.is_active else 'inactive'}."], 0


def _credentials(user: UserDTO) -> str:
    ways = [way for way, has in (("badge", user.has_badge), ("PIN", user.has_pin)) if has]
    return " or ".join(ways) or "nothing"


def _json(user: UserDTO) -> dict[str, Any]:
    return {"login": user.login, "name": user.name, "role": user.role,
            "has_pin": user.has_pin, "has_badge": user.has_badge,
            "is_active": user.is_active, "created_at": user.created_at.isoformat(),
            "updated_at": user.updated_at.isoformat()}
