"""The audit log's read side on a real PostgreSQL (issue 15): keyset pages newest first under
every filter, compared with plain SQL; the filter choices; refusals; the Excel export."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import openpyxl
import pytest
from sqlalchemy import text

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.services.audit import audit_choices, export_audit, list_audit
from mesdesk.services.dto import AuditFilter

T0 = datetime(2026, 11, 20, 6, 0, tzinfo=timezone.utc)
ACTORS = ("ivanova", "petrov", "scheduler", "Иванова А. А.")
ACTIONS = ("update", "close", "create", "report")
ENTITIES = ("batch", "webhook_subscription")


def seed(engine, count: int = 240) -> None:
    """Rows with repeated times (ties broken by id) and every combination of the filters."""
    rows = [{"at": T0 + timedelta(minutes=(n // 3) * 7), "actor": ACTORS[n % 4],
             "station": f"Линия-{n % 2}", "action": ACTIONS[(n // 2) % 4],
             "entity": ENTITIES[n % 5 == 0], "entity_id": str(n % 7),
             "changes": json.dumps({"team": {"before": "A", "after": f"B{n}"}})}
            for n in range(count)]
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO audit_log (at, actor, station, action, entity, entity_id, changes) "
            "VALUES (:at, :actor, :station, :action, :entity, :entity_id, "
            "CAST(:changes AS jsonb))"), rows)


def expected(engine, flt: AuditFilter) -> list[int]:
    where, params = ["true"], {}
    for name in ("actor", "action", "entity", "entity_id"):
        if getattr(flt, name) is not None:
            where.append(f"{name} = :{name}")
            params[name] = getattr(flt, name)
    if flt.since is not None:
        where.append("at >= :since")
        params["since"] = flt.since
    if flt.until is not None:
        where.append("at < :until")
        params["until"] = flt.until
    with engine.connect() as connection:
        return list(connection.execute(text(
            f"SELECT id FROM audit_log WHERE {' AND '.join(where)} ORDER BY at DESC, id DESC"),
            params).scalars())


def walked(uow_factory, flt: AuditFilter, limit: int) -> list[int]:
    ids, cursor = [], None
    while True:
        page = list_audit(uow_factory, flt, cursor=cursor, limit=limit)
        assert len(page.rows) <= limit
        ids += [row.id for row in page.rows]
        if page.next_cursor is None:
            return ids
        cursor = page.next_cursor


FILTERS = [
    AuditFilter(),
    AuditFilter(actor="petrov"),
    AuditFilter(actor="Иванова А. А."),
    AuditFilter(action="close"),
    AuditFilter(entity="batch"),
    AuditFilter(entity="batch", entity_id="3"),
    AuditFilter(since=T0 + timedelta(hours=1), until=T0 + timedelta(hours=3)),
    AuditFilter(actor="ivanova", action="update", entity="batch",
                since=T0 + timedelta(minutes=30)),
    AuditFilter(actor="nobody"),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: json.dumps(f.as_dict(),
                                                                    ensure_ascii=False))
def test_pages_walk_the_filter_as_plain_sql_orders_it(engine, uow_factory, flt):
    seed(engine)
    want = expected(engine, flt)
    for limit in (1, 7, 100, 1000):
        assert walked(uow_factory, flt, limit) == want


def test_rows_carry_what_was_recorded(engine, uow_factory):
    with uow_factory() as uow:
        uow.audit("update", "batch", 12, {"team": "Бригада №4", "shift": None})
        uow.commit()
    row, = list_audit(uow_factory).rows
    assert (row.actor, row.station, row.action, row.entity, row.entity_id) == \
        ("tester", "test-station", "update", "batch", "12")
    assert row.changes == {"team": "Бригада №4", "shift": None}
    assert row.at.tzinfo is not None
    assert row.as_dict()["at"].startswith(row.at.strftime("%Y-%m-%dT%H:%M:%S"))


def test_choices_are_the_distinct_values(engine, uow_factory):
    assert audit_choices(uow_factory).actors == ()
    seed(engine, 60)
    choices = audit_choices(uow_factory)
    assert set(choices.actors) == set(ACTORS)
    assert set(choices.actions) == set(ACTIONS)
    assert set(choices.entities) == set(ENTITIES)


@pytest.mark.parametrize("flt, options, code", [
    (AuditFilter(entity_id="3"), {}, "audit.entity_id_without_entity"),
    (AuditFilter(since=T0, until=T0), {}, "audit.until_before_since"),
    (AuditFilter(since=datetime(2026, 1, 1)), {}, "webhook.time_without_zone"),
    (AuditFilter(actor="x\x00y"), {}, "audit.filter_text"),
    (AuditFilter(action="a" * 300), {}, "audit.filter_text"),
    (AuditFilter(), {"limit": 0}, "page.limit_out_of_range"),
    (AuditFilter(), {"limit": 1001}, "page.limit_out_of_range"),
    (AuditFilter(), {"cursor": "not-a-cursor"}, "page.cursor_invalid"),
])
def test_refusals_are_catalogued(uow_factory, flt, options, code):
    with pytest.raises(DomainError) as caught:
        list_audit(uow_factory, flt, **options)
    assert caught.value.code == code
    assert P.CATALOGUE[code].template


def test_a_cursor_of_another_list_is_refused(engine, uow_factory):
    from mesdesk.services.webhooks import list_deliveries  # noqa: F401  (another kind)
    from mesdesk.adapters.db.cursor import encode_cursor

    with pytest.raises(DomainError) as caught:
        list_audit(uow_factory, cursor=encode_cursor(T0, 1, "deliveries"))
    assert caught.value.code == "page.cursor_invalid"


def test_export_writes_the_filtered_rows_to_excel(engine, uow_factory, store, writer, tz):
    seed(engine, 50)
    flt = AuditFilter(actor="petrov")
    made = export_audit(uow_factory, store, writer, flt, tz,
                        parameters={"station": "Линия-1", "user": "Иванова"}, page_size=4)
    assert made.bucket == "exports" and made.object.startswith("audit_export_")
    want = expected(engine, flt)
    assert made.rows == len(want)
    book = openpyxl.load_workbook(made.path)
    sheet = book["Audit log"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Time", "User", "Station"]
    body = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[-1] for row in body] == want
    assert all(row[1] == "petrov" for row in body)
    assert isinstance(body[0][0], datetime)
    assert body[0][6].startswith("team: A → B")
    parameters = dict(book["Parameters"].iter_rows(min_row=1, values_only=True))
    assert any("petrov" == value for value in parameters.values())
