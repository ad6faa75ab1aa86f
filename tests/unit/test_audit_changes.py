"""An audit row's changes as lines a person reads (``domain.audit``): pairs kept as
before → after, a new value alone as such, values without JSON punctuation."""

from __future__ import annotations

from mesdesk.domain.audit import NOT_RECORDED, Change, changes_of, changes_text, value_text


def test_pairs_and_new_values():
    assert changes_of({"team": {"before": "A", "after": "B"}, "shift": "2",
                       "x": {"old": 1, "new": None}}) == [
        Change("team", "A", "B"), Change("shift", NOT_RECORDED, "2"), Change("x", 1, None)]
    assert changes_of({}) == [] and changes_of(None) == []
    assert changes_of([1, 2]) == [Change("", NOT_RECORDED, [1, 2])]
    # an object that is not a pair is a value
    assert changes_of({"headers": {"X-Line": "7"}})[0].before is NOT_RECORDED


def test_values_read_without_json():
    assert value_text(None) == "—" and value_text("") == "—"
    assert value_text(True) == "yes" and value_text(False, false="нет") == "нет"
    assert value_text(["batch_closed", "ping"]) == "batch_closed, ping"
    assert value_text({"a": 1, "b": [True, None]}) == "a: 1; b: yes, —"
    assert changes_text({"team": {"before": "A", "after": "B"}, "added": 120}) == \
        "team: A → B\nadded: 120"
