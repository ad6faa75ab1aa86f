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


@pytest.mark.parametrize(("kwargs", "field", "code", "facts"), [
    ({"url": "erp.example/hooks"}, "url", "webhook.url_invalid", {"url": "erp.example/hooks"}),
    ({"url": "http:///nohost"}, "url", "webhook.url_invalid", {}),
    ({"url": "http://ops:hunter2@/x"}, "url", "webhook.url_invalid",
     {"url": "http://ops:***@/x"}),
    ({"url": "http://erp/a b"}, "url", "webhook.url_spaces", {}),
    ({"events": []}, "events", "subscription.no_events", {}),
    ({"events": ["batch_created", "nope"]}, "events", "webhook.event_unknown",
     {"event": "nope"}),
    ({"retry_count": 21}, "retry_count", "subscription.retry_count_out_of_range",
     {"minimum": 0, "maximum": 20, "value": 21}),
    ({"timeout": 61}, "timeout", "subscription.timeout_out_of_range",
     {"minimum": 1, "maximum": 60, "value": 61}),
    ({"rate_limit": 2**40}, "rate_limit", "subscription.rate_limit_out_of_range",
     {"value": 2**40}),
    ({"custom_headers": {"webhook-signature": "x"}}, "custom_headers", "header.reserved",
     {"name": "webhook-signature"}),
    ({"custom_headers": {"X-Bad": "a\r\nInjected: 1"}}, "custom_headers",
     "header.value_control_character", {"name": "X-Bad", "character": "U+000D",
                                        "position": 2}),
])
def test_bad_input_names_the_field_and_the_facts(kwargs, field, code, facts):
    values = {"url": "http://127.0.0.1/hook", "events": ["batch_created"], **kwargs}
    with pytest.raises(ValidationError) as caught:
        subscription_input(values.pop("url"), values.pop("events"), **values)
    problem = caught.value.problem
    assert (caught.value.field, problem.code) == (field, code)
    assert facts.items() <= dict(problem.params).items()


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


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"url": "mailto:ops@example.com"}, "url", "webhook.url_invalid"),
    ({"events": ["batch_exploded"]}, "events", "webhook.event_unknown"),
    ({"events": "batch_created"}, "events", "subscription.events_not_list"),
    ({"retry_count": "3"}, "retry_count", "subscription.whole_number_expected"),
    ({"retry_count": None}, "retry_count", "subscription.value_required"),
    ({"timeout": True}, "timeout", "subscription.whole_number_expected"),
    ({"rate_limit": 0}, "rate_limit", "subscription.rate_limit_out_of_range"),
    ({"secret": "whsec_x"}, "secret", "subscription.field_not_changeable"),
])
def test_a_bad_update_names_the_field(changes, field, code):
    with pytest.raises(ValidationError) as caught:
        subscription_update(CURRENT, changes)
    assert (caught.value.field, caught.value.code) == (field, code)
