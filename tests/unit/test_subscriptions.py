"""What a valid webhook subscription is."""

import pytest

from mesdesk.domain.errors import ValidationError
from mesdesk.domain.subscriptions import subscription_input, subscription_update


def test_a_valid_subscription_keeps_its_events_in_order_without_repeats():
    made = subscription_input(" https://erp.example/hooks ", ["batch_closed", "ping",
                                                               "batch_closed"],
                              custom_headers={"Authorization": "Bearer t"})
    assert made.url == "https://erp.example/hooks"
    assert made.events == ("batch_closed", "ping")


@pytest.mark.parametrize(("kwargs", "field", "fragment"), [
    ({"url": "erp.example/hooks"}, "url", "http:// or https://"),
    ({"url": "http:///nohost"}, "url", "with a host"),
    ({"events": []}, "events", "at least one"),
    ({"events": ["batch_created", "nope"]}, "events", "unknown event type 'nope'"),
    ({"retry_count": 21}, "retry_count", "between 0 and 20"),
    ({"timeout": 61}, "timeout", "between 1 and 60"),
    ({"custom_headers": {"webhook-signature": "x"}}, "custom_headers", "set by MESDesk"),
    ({"custom_headers": {"X-Bad": "a\r\nInjected: 1"}}, "custom_headers", "not a valid"),
])
def test_bad_input_names_the_field(kwargs, field, fragment):
    values = {"url": "http://127.0.0.1/hook", "events": ["batch_created"], **kwargs}
    with pytest.raises(ValidationError) as caught:
        subscription_input(values.pop("url"), values.pop("events"), **values)
    assert caught.value.field == field and fragment in caught.value.message


CURRENT = subscription_input("https://erp.example/hooks", ["batch_created"], retry_count=3,
                             timeout=10, custom_headers={"X-Line": "4"}, rate_limit=5)


def test_an_update_keeps_what_is_not_given_and_reports_only_real_changes():
    updated, changed = subscription_update(CURRENT, {"events": ["batch_created", "ping"],
                                                     "timeout": 10, "rate_limit": None})
    assert updated.events == ("batch_created", "ping") and updated.rate_limit is None
    assert (updated.url, updated.retry_count, updated.custom_headers) == (
        "https://erp.example/hooks", 3, {"X-Line": "4"})
    assert changed == {"events": ("batch_created", "ping"), "rate_limit": None}
    assert subscription_update(CURRENT, {"url": " https://erp.example/hooks "}) == (CURRENT, {})


@pytest.mark.parametrize(("changes", "field", "fragment"), [
    ({"url": "mailto:ops@example.com"}, "url", "http:// or https://"),
    ({"events": ["batch_exploded"]}, "events", "unknown event type 'batch_exploded'"),
    ({"events": "batch_created"}, "events", "a list of event types"),
    ({"retry_count": "3"}, "retry_count", "whole number"),
    ({"retry_count": None}, "retry_count", "required"),
    ({"timeout": True}, "timeout", "whole number"),
    ({"rate_limit": 0}, "rate_limit", "at least 1"),
    ({"secret": "whsec_x"}, "secret", "cannot be changed"),
])
def test_a_bad_update_names_the_field(changes, field, fragment):
    with pytest.raises(ValidationError) as caught:
        subscription_update(CURRENT, changes)
    assert caught.value.field == field and fragment in caught.value.message
