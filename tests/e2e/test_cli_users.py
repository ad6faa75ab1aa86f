"""`mesdesk users …` and `--user` (issue 15): each role's refusals through the CLI."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.support.cli import cli_runner
from tests.support.factories import create_batch


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    return cli_runner(migrated_url, tmp_path / "config", tmp_path / "data",
                      MESDESK_STATION="cli-station")


def test_the_administrator_adds_users_whose_roles_decide_what_they_may_do(cli, uow_factory, tz):
    batch_id = create_batch(uow_factory, tz)
    cli("users", "add", "ivanov", "--role", "operator", "--badge", "CARD-1", "--name",
        "Иванов")
    cli("users", "add", "petrov", "--role", "supervisor", "--pin", "2468")
    listed = json.loads(cli("users", "list", "--json").stdout)
    assert [(u["login"], u["role"], u["has_badge"], u["has_pin"]) for u in listed] == [
        ("admin", "administrator", False, True), ("ivanov", "operator", True, False),
        ("petrov", "supervisor", False, True)]

    refused = cli("batches", "close", str(batch_id), "--user", "ivanov", "--json", expect=1)
    error = json.loads(refused.stdout)["error"]
    assert error["code"] == "auth.forbidden"
    assert error["params"] == {"user": "ivanov", "role": "operator", "action": "close_batch",
                               "ability": "close and reopen batches", "needed": "supervisor"}
    shown = json.loads(cli("batches", "show", str(batch_id), "--user", "ivanov",
                           "--json").stdout)
    assert shown["is_closed"] is False, "an operator views, and nothing was closed"

    cli("batches", "close", str(batch_id), "--user", "petrov")
    text_refusal = cli("users", "list", "--user", "petrov", expect=1).stderr
    assert ("petrov (supervisor) may not manage users: that takes the administrator role"
            in text_refusal)


def test_without_a_user_a_command_is_refused_by_name(engine, migrated_url, tmp_path):
    run = cli_runner(migrated_url, tmp_path / "config", tmp_path / "data", MESDESK_USER="")
    refused = run("batches", "list", "--json", expect=1)
    assert json.loads(refused.stdout)["error"]["code"] == "auth.user_missing"
    unknown = run("batches", "list", "--user", "nobody", "--json", expect=1)
    assert json.loads(unknown.stdout)["error"]["code"] == "auth.unknown_user"
    assert run("db", "status").returncode == 0, "the database's state needs no user"


def test_the_first_start_makes_an_administrator_and_says_how_to_use_it(engine, migrated_url,
                                                                       tmp_path):
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM users"))
    run = cli_runner(migrated_url, tmp_path / "config", tmp_path / "data", MESDESK_USER="")
    first = run("users", "list", "--json")      # the first command runs as that administrator
    assert "first start: made the administrator 'admin' with PIN" in first.stderr
    assert "--user admin" in first.stderr
    assert [user["login"] for user in json.loads(first.stdout)] == ["admin"]
    again = run("batches", "list", "--user", "admin")
    assert "first start" not in again.stderr, "said once"
    refused = run("batches", "list", "--json", expect=1)
    assert json.loads(refused.stdout)["error"]["code"] == "auth.user_missing"
