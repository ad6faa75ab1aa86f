"""Hostile 1C items (issue 9, point 6): whatever a file holds, intake answers with a result in
which every refused item has a catalogued problem, and stores the good items; nothing but a
catalogued refusal ever comes out, and never a database error."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesdesk.domain.problems import CATALOGUE
from mesdesk.services.intake import intake_batches, intake_products
from tests.support.factories import batch_item

KEYS = list(batch_item(1))
SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-2**80, max_value=2**80),
    st.sampled_from([2**31, 2**63, 10**30]),
    st.builds(lambda: 10**5000),            # past Python's 4,300-digit limit (built lazily:
    st.builds(lambda: -10**4400),           # hypothesis cannot even repr such a number)
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["\ud800", "a\x00b", "\x1d", "'; DROP TABLE batches; --", "Ж" * 5000,
                     "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "31.12.1999",
                     "2024-02-30", "24:00", "2024-01-30T08:00:00Z", "1e400", "  42  "]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)


@st.composite
def items(draw):
    """A batch item with some keys spoilt, dropped or added, or not an object at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(VALUES)
    item = batch_item(draw(st.integers(1, 10**6)))
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=4, unique=True)):
        if draw(st.booleans()):
            item[key] = draw(VALUES)
        else:
            del item[key]
    for key in draw(st.lists(st.text(max_size=8), max_size=2)):
        item[key] = draw(VALUES)
    return item


def _check(result) -> None:
    for entry in (*result.rejected, *result.warnings):
        assert entry.problem is not None and entry.problem.code in CATALOGUE, entry
        assert not entry.problem.code.startswith(("problem.", "database.")), entry
    json.dumps(result.as_dict(), ensure_ascii=False)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(items(), min_size=1, max_size=8))
def test_any_batch_items_give_a_result_with_catalogued_refusals(uow_factory, tz, batch):
    result = intake_batches(uow_factory, batch, tz)
    _check(result)
    assert result.created + result.updated + result.skipped + len(result.rejected) == len(batch)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(products=st.lists(st.one_of(VALUES, st.fixed_dictionaries({
    "УникальныйКодПродукта": st.one_of(VALUES, st.just("0104600439931256" "21ABC1234567890")),
    "НомерПартии": st.one_of(VALUES, st.just(1)),
    "ДатаПартии": st.one_of(VALUES, st.just("2024-01-30"))})), min_size=1, max_size=8))
def test_any_product_items_give_a_result_with_catalogued_refusals(uow_factory, tz, products):
    _check(intake_products(uow_factory, products))
