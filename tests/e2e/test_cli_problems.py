"""Refusals on the command line: one line on stderr, and with --json the catalogued problem
on stdout as {"error": {"code", "params", "message"}} (issue 9, SPEC §12)."""

from __future__ import annotations

import base64
import json

import pytest

from tests.e2e.test_cli import as_json, cli  # noqa: F401 - the fixture

FIXTURE_BATCH_ITEMS = "1c_batches_sample.json"


def _error(done) -> dict:
    document = as_json(done)
    assert set(document) == {"error"}
    error = document["error"]
    assert set(error) == {"code", "params", "message"}
    # the stderr line is the same English (after "mesdesk: ")
    assert done.stderr.count("\n") == 1
    assert done.stderr.strip().endswith(" ".join(error["message"].split()))
    return error


@pytest.fixture
def stored(cli, fixtures_dir):  # noqa: F811
    cli("intake", str(fixtures_dir / FIXTURE_BATCH_ITEMS))
    listed = as_json(cli("batches", "list", "--json"))
    return sorted(listed["items"], key=lambda b: b["id"])


@pytest.mark.parametrize(("args", "exit_code", "code", "params"), [
    (("batches", "show", "424242"), 1, "batch.not_found", {"id": 424242}),
    # an id no database column can hold is simply not there: no DataError
    (("batches", "show", "9" * 40), 1, "batch.not_found", {"id": int("9" * 40)}),
    (("batches", "list", "--sort", "colour"), 1, "batch.sort_unknown", {"sort": "colour"}),
    (("batches", "list", "--limit", "0"), 1, "page.limit_out_of_range",
     {"minimum": 1, "maximum": 1000, "value": 0, "field": "limit"}),
    (("batches", "show", "1", "--products", str(10**30)), 1, "page.limit_out_of_range",
     {"field": "products"}),
    (("batches", "list", "--cursor", "not-a-cursor!"), 1, "page.cursor_invalid",
     {"field": "cursor"}),
    # bytes that are not UTF-8 reach Python as lone surrogates, which no database can compare
    (("batches", "list", "--team", "Бригада\udcff"), 1, "batch.filter_character_unusable",
     {"char": "U+DCFF", "position": 8, "field": "team"}),
    (("demo", "--batches", "99999999999"), 1, "demo.size_out_of_range",
     {"value": 99999999999, "field": "batches"}),
    (("batches", "frobnicate"), 2, "cli.usage", {}),
])
def test_a_refusal_is_a_catalogued_problem_on_both_streams(cli, args, exit_code, code,  # noqa: F811
                                                           params):
    error = _error(cli(*args, "--json", expect=exit_code))
    assert error["code"] == code
    assert params.items() <= error["params"].items()


def test_a_tampered_cursor_or_one_of_another_order_is_refused_by_name(cli, stored):  # noqa: F811
    page = as_json(cli("batches", "list", "--limit", "1", "--json"))
    cursor = page["next_cursor"]
    assert cursor
    other_order = _error(cli("batches", "list", "--limit", "1", "--sort", "team", "--cursor",
                             cursor, "--json", expect=1))
    assert other_order["code"] == "page.cursor_invalid"
    kind, value, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    for forged in ([kind, 10**30, row_id], [kind, "x\u0000", row_id], [kind, value, -1],
                   [kind, value, 2**70], [kind, {"d": "2024-13-45"}, row_id]):
        text = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
        error = _error(cli("batches", "list", "--limit", "1", "--cursor", text, "--json",
                           expect=1))
        assert error["code"] == "page.cursor_invalid", forged


def test_an_edit_that_clashes_names_the_batch_it_clashes_with(cli, stored):  # noqa: F811
    first, second = stored[0], stored[1]
    error = _error(cli("batches", "update", str(second["id"]),
                       f"batch_number={first['batch_number']}",
                       f"batch_date={first['batch_date']}", "--json", expect=1))
    assert error["code"] == "batch.number_date_taken"
    assert error["params"] == {"number": first["batch_number"], "date": first["batch_date"],
                               "id": first["id"], "field": "batch_number"}
    done = cli("batches", "update", str(second["id"]), "work_center=NO-SUCH-RC", expect=1)
    assert done.stdout == ""
    assert done.stderr.strip() == ("mesdesk: field 'work_center': work center NO-SUCH-RC does "
                                   "not exist")


@pytest.mark.parametrize(("url", "code"), [
    ("not a url", "database.url_invalid"),
    ("mysql://root@127.0.0.1/mes", "database.url_not_postgresql"),
])
def test_a_database_url_that_cannot_be_used_is_refused_without_repeating_it(cli, url, code):  # noqa: F811
    done = cli("batches", "list", "--database-url", url, "--json", expect=1, use_db=False)
    error = _error(done)
    assert error["code"] == code
    assert "root@" not in done.stderr


def test_an_unreachable_database_exits_3_with_its_problem(cli, tmp_path):  # noqa: F811
    url = f"postgresql://nobody@/mesdesk?host={tmp_path}/no-socket-here"
    error = _error(cli("batches", "list", "--database-url", url, "--json", expect=3,
                       use_db=False))
    assert error["code"] == "service.database_unreachable"
    assert error["params"]["reason"]


def test_without_json_stdout_stays_empty(cli, tmp_path):  # noqa: F811
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    done = cli("intake", str(path), expect=1)
    assert done.stdout == ""
    assert done.stderr == f"mesdesk: {path} is empty\n"
