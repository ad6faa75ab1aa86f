"""Users, sign-in and the first administrator (issue 15).

Signing in checks credentials only; what a user may then do is the guard's business
(``use_cases`` with ``domain/roles``). Every change of a user is audited without its secrets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.credentials import (badge_digest, checked_badge, checked_login, checked_name,
                                        checked_pin, new_pin, pin_hash, pin_matches)
from mesdesk.domain.errors import ValidationError
from mesdesk.domain.roles import Role, parse_role

from .dto import UserDTO
from .ports import UnitOfWorkFactory

FIRST_ADMINISTRATOR = "admin"
#: What ``update_user`` may change.
CHANGEABLE = ("name", "role", "is_active", "pin", "badge")


def users_exist(uow_factory: UnitOfWorkFactory) -> bool:
    with uow_factory() as uow:
        return uow.users.count() > 0


def make_first_administrator(uow_factory: UnitOfWorkFactory, login: str = FIRST_ADMINISTRATOR,
                             ) -> tuple[UserDTO, str] | None:
    """On the very first start (no users at all): an administrator ``login`` with a new random
    PIN, returned once to be said to whoever started MESDesk. None when users exist already
    (another station made them first: the table lock makes that one answer)."""
    with uow_factory() as uow:
        uow.users.lock_for_first()
        if uow.users.count():
            return None
        pin = new_pin()
        made = uow.users.add(login=checked_login(login), name="", role=Role.ADMINISTRATOR.label,
                             pin_hash=pin_hash(pin), badge_digest=None)
        uow.audit("create", "user", made.id, {"login": made.login, "role": made.role,
                                              "first_administrator": True})
        uow.commit()
    return made, pin


def sign_in_login(uow_factory: UnitOfWorkFactory, login: str) -> UserDTO:
    """The active user ``login`` (the CLI's ``--user``: no PIN; see the README on why the
    database's roles, not the app, are the boundary for someone with a shell)."""
    name = _login_or_refusal(login)
    with uow_factory() as uow:
        user = uow.users.get(name)
    if user is None or not user.is_active:
        raise P.AUTH_UNKNOWN_USER(login=name)
    return user


def sign_in_pin(uow_factory: UnitOfWorkFactory, login: str, pin: str) -> UserDTO:
    name = _login_or_refusal(login)
    with uow_factory() as uow:
        user = uow.users.get(name)
        stored = uow.users.pin_hash(name) if user is not None else None
    if user is None or not user.is_active:
        raise P.AUTH_UNKNOWN_USER(login=name)
    if stored is None:
        raise P.AUTH_NO_PIN(login=name)
    if not pin_matches(str(pin), stored):
        raise P.AUTH_WRONG_PIN(login=name)
    return user


def sign_in_badge(uow_factory: UnitOfWorkFactory, badge: str) -> UserDTO:
    try:
        scanned = checked_badge(badge)
    except ValidationError:      # a stray scan is not a badge
        raise P.AUTH_UNKNOWN_BADGE() from None
    with uow_factory() as uow:
        user = uow.users.by_badge(badge_digest(scanned))
    if user is None or not user.is_active:
        raise P.AUTH_UNKNOWN_BADGE()
    return user


def list_users(uow_factory: UnitOfWorkFactory) -> list[UserDTO]:
    with uow_factory() as uow:
        return uow.users.all()


def add_user(uow_factory: UnitOfWorkFactory, login: str, *, role: str, name: str = "",
             pin: str | None = None, badge: str | None = None) -> UserDTO:
    name_ = checked_login(login)
    values = {"login": name_, "name": checked_name(name), "role": parse_role(role).label,
              "pin_hash": pin_hash(checked_pin(pin)) if pin else None,
              "badge_digest": badge_digest(checked_badge(badge)) if badge else None}
    if values["pin_hash"] is None and values["badge_digest"] is None:
        raise P.USER_NO_CREDENTIALS(field="pin")
    with uow_factory() as uow:
        if uow.users.get(name_) is not None:
            raise P.USER_EXISTS(login=name_, field="login")
        _badge_free(uow, values["badge_digest"], name_)
        made = uow.users.add(**values)
        uow.audit("create", "user", made.id, _audited(made, pin=bool(pin), badge=bool(badge)))
        uow.announce("user")
        uow.commit()
    return made


def update_user(uow_factory: UnitOfWorkFactory, login: str,
                changes: Mapping[str, Any]) -> UserDTO:
    """Change what ``changes`` names (``CHANGEABLE``); ``pin``/``badge`` None clears it.
    The last active administrator keeps that role and stays active, and nobody deactivates
    themselves (the unit of work's actor is who is signed in)."""
    name_ = _login_or_refusal(login)
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValueError(f"not a changeable field of a user: {sorted(unknown)}")
    values: dict[str, Any] = {}
    if "name" in changes:
        values["name"] = checked_name(changes["name"])
    if "role" in changes:
        values["role"] = parse_role(changes["role"]).label
    if "is_active" in changes:
        values["is_active"] = bool(changes["is_active"])
    if "pin" in changes:
        values["pin_hash"] = pin_hash(checked_pin(changes["pin"])) if changes["pin"] else None
    if "badge" in changes:
        values["badge_digest"] = (badge_digest(checked_badge(changes["badge"]))
                                  if changes["badge"] else None)
    with uow_factory() as uow:
        before = uow.users.get(name_, lock=True)
        if before is None:
            raise P.USER_NOT_FOUND(login=name_, field="login")
        deactivated = before.is_active and not values.get("is_active", True)
        if deactivated and name_ == uow.actor:
            raise P.USER_DEACTIVATE_SELF(login=name_, field="is_active")
        stays_admin = values.get("role", before.role) == Role.ADMINISTRATOR.label \
            and values.get("is_active", before.is_active)
        if before.role == Role.ADMINISTRATOR.label and before.is_active and not stays_admin:
            if uow.users.active_administrators() == [name_]:
                raise P.USER_LAST_ADMINISTRATOR(
                    login=name_, field="is_active" if deactivated else "role")
        _badge_free(uow, values.get("badge_digest"), name_)
        after = uow.users.change(name_, values)
        if (after.has_pin, after.has_badge) == (False, False):
            raise P.USER_NO_CREDENTIALS(field="badge" if "badge_digest" in values else "pin")
        uow.audit("update", "user", after.id, _changes(before, after, values))
        uow.announce("user")
        uow.commit()
    return after


def _login_or_refusal(login: str) -> str:
    try:
        return checked_login(login)
    except ValidationError:
        raise P.AUTH_UNKNOWN_USER(login=str(login)[:80]) from None


def _badge_free(uow: Any, digest: str | None, login: str) -> None:
    if digest is None:
        return
    holder = uow.users.by_badge(digest)
    if holder is not None and holder.login != login:
        raise P.USER_BADGE_TAKEN(login=holder.login, field="badge")


def _audited(user: UserDTO, *, pin: bool, badge: bool) -> dict[str, Any]:
    return {"login": user.login, "name": user.name, "role": user.role,
            "is_active": user.is_active, "pin": "set" if pin else "none",
            "badge": "set" if badge else "none"}


def _changes(before: UserDTO, after: UserDTO, values: Mapping[str, Any]) -> dict[str, Any]:
    """Before → after of what changed; a PIN or badge as set/cleared, never its value."""
    changed: dict[str, Any] = {}
    for field in ("name", "role", "is_active"):
        if getattr(before, field) != getattr(after, field):
            changed[field] = [getattr(before, field), getattr(after, field)]
    if "pin_hash" in values:
        changed["pin"] = "set" if values["pin_hash"] else "cleared"
    if "badge_digest" in values:
        changed["badge"] = "set" if values["badge_digest"] else "cleared"
    return changed
