"""Hostile command lines: whatever the arguments, the answer is a result or a catalogued
problem, never "something went wrong" (issue 9, point 6).

The CLI runs in this process against the test database (a subprocess per example would not fit
the suite's time); hypothesis makes the arguments: huge and negative numbers, 5,000 digits,
control characters, lone surrogates (what Python makes of bytes that are not UTF-8 in argv),
NUL, dates before year 1 and after 9999.
"""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesdesk.cli import main
from mesdesk.domain.problems import CATALOGUE

pytestmark = pytest.mark.slow

NUMBERS = st.one_of(
    st.integers(min_value=-2**70, max_value=2**70).map(str),
    st.sampled_from(["0", "-1", "2147483648", "9223372036854775808", "9" * 5000, "1e9",
                     "0x10", "١٢٣"]),
)
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\udcff", "a\x00b", "\x1d", "'; DROP TABLE batches; --", "\u202e",
                     "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2024-02-30"]),
)
ARGUMENTS = st.one_of(
    st.tuples(st.just("batches"), st.just("show"), NUMBERS),
    st.tuples(st.just("batches"), st.just("show"), NUMBERS, st.just("--products"), NUMBERS),
    st.tuples(st.just("batches"), st.just("list"), st.sampled_from(
        ["--limit", "--number", "--search", "--team", "--shift", "--work-center", "--cursor",
         "--sort", "--date-from"]), TEXTS),
    st.tuples(st.just("batches"), st.just("list"), st.just("--number"), NUMBERS),
    st.tuples(st.just("batches"), st.just("update"), NUMBERS, st.sampled_from(
        ["batch_number", "batch_date", "shift_start", "shift_end", "team", "is_closed",
         "work_center", "colour"]).flatmap(lambda name: TEXTS.map(lambda v: f"{name}={v}"))),
    st.tuples(st.sampled_from(["close", "reopen"]), NUMBERS).map(lambda t: ("batches", *t)),
    st.tuples(st.just("products"), st.just("add"), st.just("--batch"), NUMBERS, TEXTS),
    st.tuples(st.just("aggregate"), st.just("--batch"), NUMBERS, TEXTS),
    st.tuples(st.just("codes"), st.just("check"), TEXTS),
    st.tuples(st.just("webhooks"), st.sampled_from(["show", "delete", "test", "attempts"]),
              NUMBERS),
    st.tuples(st.just("webhooks"), st.just("resend"), NUMBERS),
    st.tuples(st.just("webhooks"), st.just("deliveries"), st.sampled_from(
        ["--subscription", "--limit", "--status", "--event", "--since", "--until", "--cursor"]),
              st.one_of(NUMBERS, TEXTS)),
    st.tuples(st.just("webhooks"), st.just("add"), st.sampled_from(
        ["http://127.0.0.1:9/h", "https://user:pw@127.0.0.1/x", "ftp://x"]).flatmap(
        lambda url: st.tuples(st.just(url), st.just("--events"),
                              st.sampled_from(["ping", "batch_closed,nope", ""]),
                              st.sampled_from(["--retry-count", "--timeout", "--rate-limit",
                                               "--header", "--secret"]),
                              st.one_of(NUMBERS, TEXTS)))).map(
        lambda t: (t[0], t[1], *t[2])),
    st.tuples(st.just("webhooks"), st.just("update"), NUMBERS, st.sampled_from(
        ["--retry-count", "--timeout", "--rate-limit", "--url", "--events"]),
              st.one_of(NUMBERS, TEXTS)),
)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(arguments=ARGUMENTS)
def test_no_argument_makes_anything_but_a_result_or_a_catalogued_problem(
        migrated_url, tmp_path, monkeypatch, arguments):
    monkeypatch.setenv("MESDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MESDESK_DATA_DIR", str(tmp_path / "data"))
    code, out, err = run([*arguments, "--json", "--database-url", migrated_url])
    assert code in (0, 1, 2), (arguments, err)
    assert "something went wrong" not in err, (arguments, err)
    if code:
        error = json.loads(out)["error"]
        assert error["code"] in CATALOGUE, (arguments, error)
        assert not error["code"].startswith(("problem.", "database.value_refused")), (
            arguments, error)
