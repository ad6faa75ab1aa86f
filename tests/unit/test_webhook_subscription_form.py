"""The subscription form without Qt: the checks made before a form is sent, the header rows,
the password-masked URL, and which field a refusal belongs to."""

from __future__ import annotations

import pytest

from mesdesk.domain import problems as P
from mesdesk.domain.errors import ValidationError
from mesdesk.ui.views.webhooks.form import (
    SubscriptionForm, entered_url, field_of, headers_from_rows,
)
from tests.support.fakes import subscription


def form(**fields) -> SubscriptionForm:
    values = dict(subscription_id=None, url="https://erp.example.com/hooks",
                  events=("batch_closed",), retry_count=3, timeout=10)
    values.update(fields)
    return SubscriptionForm(**values)


def test_a_good_form_has_no_problems():
    assert form().problems() == []


def test_a_bad_url_and_no_event_are_both_found_in_the_dialogs_order():
    problems = form(url="ftp://erp", events=()).problems()
    assert [field_of(p) for p in problems] == ["url", "events"]


def test_a_header_the_receiver_cannot_take_belongs_to_the_headers_field():
    [problem] = form(custom_headers={"Bad Name": "x"}).problems()
    assert field_of(problem) == "custom_headers"


def test_header_rows_skip_blank_ones_and_strip_spaces():
    assert headers_from_rows([(" X-Token ", " abc "), ("", ""), ("  ", " ")]) == \
        {"X-Token": "abc"}


def test_a_header_given_twice_in_any_case_is_refused_for_the_headers_field():
    with pytest.raises(ValidationError) as raised:
        headers_from_rows([("X-Token", "a"), ("x-token", "b")])
    assert raised.value.code == P.HEADER_TWICE.code
    assert field_of(raised.value) == "custom_headers"


def test_a_value_without_a_name_reaches_the_core_which_refuses_it():
    headers = headers_from_rows([("", "orphan")])
    assert headers == {"": "orphan"}
    assert field_of(form(custom_headers=headers).problems()[0]) == "custom_headers"


def test_an_untouched_masked_url_keeps_the_stored_password():
    stored = subscription(url="https://erp:s3cret@erp.example.com/hooks")
    assert stored.shown_url != stored.url
    assert entered_url(f"  {stored.shown_url} ", stored) == stored.url
    assert entered_url("https://erp.example.com/new", stored) == "https://erp.example.com/new"
    assert entered_url(" https://a.example.com ", None) == "https://a.example.com"


def test_a_refusal_naming_no_field_of_the_dialog_belongs_to_none():
    assert field_of(P.SUBSCRIPTION_TEST_DISABLED(id=1, field="is_active")) is None
    assert field_of(RuntimeError("boom")) is None
