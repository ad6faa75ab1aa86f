"""What a valid webhook subscription is."""

import pytest

from mesdesk.domain.errors import ValidationError
from mesdesk.domain.subscriptions import subscription_input


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
