"""Work centers in PostgreSQL: created or renamed as 1C names them."""

from __future__ import annotations

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from . import tables as t

wc = t.work_centers


class SqlWorkCenterRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def ensure(self, names_by_identifier: dict[str, str]) -> dict[str, int]:
        if not names_by_identifier:
            return {}
        rows = [{"identifier": ident, "name": name}
                for ident, name in sorted(names_by_identifier.items())]
        stmt = pg_insert(wc).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=[wc.c.identifier],
            set_={"name": stmt.excluded.name, "updated_at": func.now()},
            where=wc.c.name.is_distinct_from(stmt.excluded.name),
        )
        self._c.execute(stmt)
        found = self._c.execute(select(wc.c.identifier, wc.c.id).where(
            wc.c.identifier.in_(list(names_by_identifier))))
        return {ident: id_ for ident, id_ in found}

    def id_of(self, identifier: str) -> int | None:
        return self._c.execute(select(wc.c.id).where(wc.c.identifier == identifier)).scalar()

    def list_all(self) -> list[tuple[str, str]]:
        return [tuple(row) for row in self._c.execute(
            select(wc.c.identifier, wc.c.name).order_by(wc.c.identifier))]
