"""Users in PostgreSQL (issue 15): who may sign in, with which role and credentials."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from mesdesk.services.dto import UserDTO

from . import tables as t

u = t.users

_COLUMNS = [u.c.id, u.c.login, u.c.name, u.c.role, (u.c.pin_hash.is_not(None)).label("has_pin"),
            (u.c.badge_digest.is_not(None)).label("has_badge"), u.c.is_active, u.c.created_at,
            u.c.updated_at]


def _dto(row: Any) -> UserDTO:
    return UserDTO(**row._mapping)


class SqlUserRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def lock_for_first(self) -> None:
        """Until this transaction ends, nobody else adds a user (two stations starting for the
        first time at once make one first administrator)."""
        self._c.execute(text("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"))

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(u)).scalar_one())

    def add(self, *, login: str, name: str, role: str, pin_hash: str | None,
            badge_digest: str | None) -> UserDTO:
        row = self._c.execute(insert(u).values(
            login=login, name=name, role=role, pin_hash=pin_hash, badge_digest=badge_digest,
        ).returning(*_COLUMNS)).one()
        return _dto(row)

    def get(self, login: str, *, lock: bool = False) -> UserDTO | None:
        query = select(*_COLUMNS).where(u.c.login == login)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return _dto(row) if row else None

    def pin_hash(self, login: str) -> str | None:
        return self._c.execute(select(u.c.pin_hash).where(u.c.login == login)).scalar()

    def by_badge(self, digest: str) -> UserDTO | None:
        row = self._c.execute(select(*_COLUMNS).where(u.c.badge_digest == digest)).first()
        return _dto(row) if row else None

    def all(self) -> list[UserDTO]:
        return [_dto(row) for row in self._c.execute(select(*_COLUMNS).order_by(u.c.login))]

    def change(self, login: str, values: dict[str, Any]) -> UserDTO:
        row = self._c.execute(update(u).where(u.c.login == login)
                              .values(**values, updated_at=func.now())
                              .returning(*_COLUMNS)).one()
        return _dto(row)

    def active_administrators(self) -> list[str]:
        return list(self._c.execute(
            select(u.c.login).where(u.c.is_active, u.c.role == "administrator")
            .order_by(u.c.login).with_for_update()).scalars())
