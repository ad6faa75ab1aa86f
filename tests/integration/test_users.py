"""Users, sign-in and roles through the services (issue 15): real PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.services import users
from mesdesk.services.identity import Identity
from mesdesk.services.use_cases import UseCases
from tests.support.db import scalar
from tests.support.factories import create_batch


@pytest.fixture(autouse=True)
def no_users(engine):
    """As on a new database: no users yet."""
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM users"))


def refused(problem, call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    assert caught.value.problem.code == problem.code, caught.value.problem.code
    return caught.value


def test_the_first_start_makes_one_administrator_with_a_pin_said_once(uow_factory):
    assert not users.users_exist(uow_factory)
    made, pin = users.make_first_administrator(uow_factory)
    assert made.login == "admin" and made.role == "administrator" and made.has_pin
    assert len(pin) == 6 and pin.isdigit()
    assert users.sign_in_pin(uow_factory, "admin", pin).login == "admin"
    assert users.make_first_administrator(uow_factory) is None, "only on the very first start"
    assert scalar(uow_factory.engine, "SELECT count(*) FROM users") == 1


def test_two_stations_starting_at_once_make_one_administrator(uow_factory):
    results: list[object] = []
    start = threading.Barrier(2)

    def first_start() -> None:
        start.wait()
        results.append(users.make_first_administrator(uow_factory))

    threads = [threading.Thread(target=first_start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(result is None for result in results) == [False, True]
    assert scalar(uow_factory.engine, "SELECT count(*) FROM users") == 1


def test_a_user_signs_in_by_badge_or_pin_and_secrets_are_not_stored(uow_factory):
    made = users.add_user(uow_factory, "Ivanov", role="operator", name="Иванов И.И.",
                          pin="4321", badge="BADGE-0042")
    assert made.login == "ivanov" and made.has_badge and made.has_pin
    assert users.sign_in_badge(uow_factory, " BADGE-0042\r\n").login == "ivanov"
    assert users.sign_in_pin(uow_factory, "IVANOV", "4321").name == "Иванов И.И."
    refused(P.AUTH_WRONG_PIN, users.sign_in_pin, uow_factory, "ivanov", "4322")
    refused(P.AUTH_UNKNOWN_BADGE, users.sign_in_badge, uow_factory, "BADGE-0043")
    refused(P.AUTH_UNKNOWN_BADGE, users.sign_in_badge, uow_factory, "\x01")
    refused(P.AUTH_UNKNOWN_USER, users.sign_in_pin, uow_factory, "petrov", "4321")
    with uow_factory.engine.connect() as connection:
        stored = connection.execute(text(
            "SELECT pin_hash, badge_digest FROM users WHERE login = 'ivanov'")).one()
        audit = connection.execute(text(
            "SELECT changes::text FROM audit_log WHERE entity = 'user'")).scalars().all()
    assert "4321" not in stored.pin_hash and stored.pin_hash.startswith("scrypt$")
    assert "BADGE" not in stored.badge_digest
    assert audit and not any("4321" in row or "BADGE-0042" in row for row in audit)


def test_an_inactive_user_cannot_sign_in(uow_factory):
    users.add_user(uow_factory, "admin", role="administrator", pin="1111")
    users.add_user(uow_factory, "sidorov", role="supervisor", badge="CARD-7")
    users.update_user(uow_factory, "sidorov", {"is_active": False})
    refused(P.AUTH_UNKNOWN_BADGE, users.sign_in_badge, uow_factory, "CARD-7")
    refused(P.AUTH_UNKNOWN_USER, users.sign_in_login, uow_factory, "sidorov")


@pytest.mark.parametrize("login, values, problem", [
    ("", {"role": "operator", "pin": "1234"}, P.USER_LOGIN_INVALID),
    ("иванов", {"role": "operator", "pin": "1234"}, P.USER_LOGIN_INVALID),
    ("x" * 65, {"role": "operator", "pin": "1234"}, P.USER_LOGIN_INVALID),
    ("ok", {"role": "boss", "pin": "1234"}, P.USER_ROLE_UNKNOWN),
    ("ok", {"role": "operator", "pin": "12a4"}, P.USER_PIN_INVALID),
    ("ok", {"role": "operator", "pin": "123"}, P.USER_PIN_INVALID),
    ("ok", {"role": "operator", "badge": "ab"}, P.USER_BADGE_INVALID),
    ("ok", {"role": "operator"}, P.USER_NO_CREDENTIALS),
    ("ok", {"role": "operator", "pin": "1234", "name": "tab\there"}, P.USER_NAME_INVALID),
])
def test_a_bad_user_is_refused_naming_what_is_wrong(uow_factory, login, values, problem):
    error = refused(problem, users.add_user, uow_factory, login, **values)
    assert error.problem.params.get("field")
    assert scalar(uow_factory.engine, "SELECT count(*) FROM users") == 0


def test_logins_and_badges_are_unique(uow_factory):
    users.add_user(uow_factory, "a1", role="operator", badge="CARD-1")
    refused(P.USER_EXISTS, users.add_user, uow_factory, "A1", role="operator", pin="1234")
    refused(P.USER_BADGE_TAKEN, users.add_user, uow_factory, "a2", role="operator",
            badge="CARD-1")


def test_the_last_administrator_stays_one(uow_factory):
    users.add_user(uow_factory, "admin", role="administrator", pin="1111")
    refused(P.USER_LAST_ADMINISTRATOR, users.update_user, uow_factory, "admin",
            {"role": "supervisor"})
    refused(P.USER_LAST_ADMINISTRATOR, users.update_user, uow_factory, "admin",
            {"is_active": False})
    users.add_user(uow_factory, "chief", role="administrator", pin="2222")
    assert users.update_user(uow_factory, "admin", {"role": "supervisor"}).role == "supervisor"


def test_a_deactivation_taking_the_last_administrator_names_the_active_field(uow_factory):
    users.add_user(uow_factory, "admin", role="administrator", pin="1111")
    error = refused(P.USER_LAST_ADMINISTRATOR, users.update_user, uow_factory, "admin",
                    {"is_active": False})
    assert error.problem.params["field"] == "is_active"


def test_nobody_deactivates_themselves(uow_factory):
    """The ``uow_factory`` acts as "tester": who is signed in, for the audit log and this."""
    users.add_user(uow_factory, "tester", role="administrator", pin="1111")
    users.add_user(uow_factory, "chief", role="administrator", pin="2222")
    error = refused(P.USER_DEACTIVATE_SELF, users.update_user, uow_factory, "tester",
                    {"is_active": False, "name": "Tester"})
    assert error.problem.params == {"login": "tester", "field": "is_active"}
    me = users.sign_in_login(uow_factory, "tester")
    assert me.is_active and me.name == "", "nothing changed"
    assert users.update_user(uow_factory, "tester", {"name": "Tester"}).name == "Tester"
    assert not users.update_user(uow_factory, "chief", {"is_active": False}).is_active
    assert users.update_user(uow_factory, "chief", {"is_active": True}).is_active


def test_taking_the_last_credential_away_names_the_one_taken(uow_factory):
    users.add_user(uow_factory, "op", role="operator", badge="CARD-5")
    error = refused(P.USER_NO_CREDENTIALS, users.update_user, uow_factory, "op",
                    {"badge": None})
    assert error.problem.params["field"] == "badge"
    assert users.sign_in_badge(uow_factory, "CARD-5").login == "op", "the badge stays"


def test_a_change_of_users_is_announced_to_every_station(uow_factory, migrated_url):
    """So an open Users area of another station reads the list again."""
    import json

    import psycopg

    from mesdesk.adapters.db.uow import CHANGES_CHANNEL

    dsn = migrated_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"LISTEN {CHANGES_CHANNEL}")
        users.add_user(uow_factory, "op", role="operator", badge="CARD-6")
        users.update_user(uow_factory, "op", {"name": "Оператор"})
        refused(P.USER_NO_CREDENTIALS, users.update_user, uow_factory, "op", {"badge": None})
        heard = [json.loads(note.payload) for note in connection.notifies(timeout=1)]
    assert [note["entity"] for note in heard] == ["user", "user"], "a refusal says nothing"


# -- roles enforced by the services ------------------------------------------------------------

@pytest.fixture
def use(uow_factory):
    identity = Identity()
    made = UseCases({"uow_factory": uow_factory}, identity=identity)
    return made


def signed_in(use, uow_factory, login: str, role: str):
    users.add_user(uow_factory, login, role=role, pin="1234")
    use.identity.sign_in(users.sign_in_pin(uow_factory, login, "1234"))


def test_nobody_signed_in_may_do_nothing_but_sign_in(use, uow_factory, tz):
    batch_id = create_batch(uow_factory, tz)
    refused(P.AUTH_NOT_SIGNED_IN, use.get_batch, batch_id)
    assert use.users_exist() is False


def test_an_operator_scans_and_views_but_may_not_close_a_batch(use, uow_factory, tz):
    batch_id = create_batch(uow_factory, tz)
    signed_in(use, uow_factory, "op", "operator")
    assert use.get_batch(batch_id).batch.id == batch_id
    error = refused(P.AUTH_FORBIDDEN, use.close_batch, batch_id, tz)
    assert error.problem.params == {"user": "op", "role": "operator", "action": "close_batch",
                                    "ability": "close and reopen batches",
                                    "needed": "supervisor"}
    assert error.message == ("op (operator) may not close and reopen batches: that takes the "
                             "supervisor role")
    assert not use.get_batch(batch_id).batch.is_closed, "nothing changed"
    refused(P.AUTH_FORBIDDEN, use.add_user, "x", role="operator", pin="1234")


def test_a_supervisor_closes_but_may_not_manage_users(use, uow_factory, tz):
    batch_id = create_batch(uow_factory, tz)
    signed_in(use, uow_factory, "boss", "supervisor")
    assert use.close_batch(batch_id, tz).is_closed
    refused(P.AUTH_FORBIDDEN, use.list_users)
    refused(P.AUTH_FORBIDDEN, use.fill_demo)


def test_an_administrator_manages_users(use, uow_factory):
    signed_in(use, uow_factory, "root", "administrator")
    use.add_user("op2", role="operator", badge="CARD-9")
    assert [user.login for user in use.list_users()] == ["op2", "root"]
