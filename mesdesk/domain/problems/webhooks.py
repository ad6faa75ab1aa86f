"""Problems of webhooks: subscriptions, their headers and targets, deliveries (§6).

The ``field`` fact (said before the sentence on the CLI, used by the dialog to put the
sentence next to its field) is given where the problem is raised, not written here.
"""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "WEBHOOK_URL_INVALID", "WEBHOOK_URL_SPACES", "WEBHOOK_URL_CHARACTER",
    "WEBHOOK_SECRET_CHARACTER", "WEBHOOK_TARGET_FORBIDDEN",
    "WEBHOOK_EVENT_UNKNOWN", "WEBHOOK_TIME_EXPECTED", "WEBHOOK_TIME_WITHOUT_ZONE",
    "WEBHOOK_TIME_UNREADABLE", "WEBHOOK_TIME_OUT_OF_RANGE", "WEBHOOK_UNTIL_BEFORE_SINCE",
    "SUBSCRIPTION_NO_EVENTS", "SUBSCRIPTION_EVENTS_NOT_LIST", "SUBSCRIPTION_RETRY_RANGE",
    "SUBSCRIPTION_TIMEOUT_RANGE", "SUBSCRIPTION_RATE_LIMIT_RANGE",
    "SUBSCRIPTION_WHOLE_NUMBER", "SUBSCRIPTION_VALUE_REQUIRED", "SUBSCRIPTION_NOT_BOOLEAN",
    "SUBSCRIPTION_NOT_CHANGEABLE", "SUBSCRIPTION_NOT_FOUND", "SUBSCRIPTION_TEST_DISABLED",
    "SUBSCRIPTION_DISABLED_GONE", "SUBSCRIPTION_DISABLED_FAILING",
    "DELIVERY_NOT_FOUND", "DELIVERY_RESEND_DISABLED", "DELIVERY_STATUS_UNKNOWN",
    "HEADER_PAIR_INVALID", "HEADER_NAME_EMPTY", "HEADER_NAME_INVALID", "HEADER_VALUE_CONTROL",
    "HEADER_VALUE_NON_ASCII", "HEADER_VALUE_WHITESPACE", "HEADER_RESERVED", "HEADER_TWICE",
]

# -- the target -------------------------------------------------------------------------------
WEBHOOK_URL_INVALID = define("webhook.url_invalid", Kind.VALIDATION,
                             "'{url}' is not an http:// or https:// URL with a host")
WEBHOOK_URL_SPACES = define("webhook.url_spaces", Kind.VALIDATION,
                            "the URL must not contain spaces")
WEBHOOK_URL_CHARACTER = define("webhook.url_character", Kind.VALIDATION,
                               "the URL cannot contain {character} (position {position})")
WEBHOOK_SECRET_CHARACTER = define(
    "webhook.secret_character", Kind.VALIDATION,
    "the secret cannot contain {character} (position {position}): use visible characters "
    "and spaces")
#: Link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, metadata names).
WEBHOOK_TARGET_FORBIDDEN = define(
    "webhook.target_forbidden", Kind.VALIDATION,
    "{host} is a link-local or cloud metadata address: webhooks are not sent there")

# -- events and times -------------------------------------------------------------------------
WEBHOOK_EVENT_UNKNOWN = define("webhook.event_unknown", Kind.VALIDATION,
                               "unknown event type '{event}'; known types are {known}")
WEBHOOK_TIME_EXPECTED = define("webhook.time_expected", Kind.VALIDATION,
                               "expected a date and time, got {value}")
WEBHOOK_TIME_WITHOUT_ZONE = define("webhook.time_without_zone", Kind.VALIDATION,
                                   "the time needs a time zone (UTC offset)")
WEBHOOK_TIME_UNREADABLE = define(
    "webhook.time_unreadable", Kind.VALIDATION,
    "expected a time like 2026-11-25T08:00, a date like 2026-11-25 or 24h (ago), got '{text}'")
WEBHOOK_TIME_OUT_OF_RANGE = define("webhook.time_out_of_range", Kind.VALIDATION,
                                   "the time '{text}' is outside the years 1 to 9999")
WEBHOOK_UNTIL_BEFORE_SINCE = define("webhook.until_before_since", Kind.VALIDATION,
                                    "must be later than 'since' ({since})")

# -- subscriptions ----------------------------------------------------------------------------
SUBSCRIPTION_NO_EVENTS = define("subscription.no_events", Kind.VALIDATION,
                                "choose at least one event type")
SUBSCRIPTION_EVENTS_NOT_LIST = define("subscription.events_not_list", Kind.VALIDATION,
                                      "expected a list of event types")
SUBSCRIPTION_RETRY_RANGE = define("subscription.retry_count_out_of_range", Kind.VALIDATION,
                                  "must be between {minimum} and {maximum}, got {value}")
SUBSCRIPTION_TIMEOUT_RANGE = define(
    "subscription.timeout_out_of_range", Kind.VALIDATION,
    "must be between {minimum} and {maximum} seconds, got {value}")
SUBSCRIPTION_RATE_LIMIT_RANGE = define(
    "subscription.rate_limit_out_of_range", Kind.VALIDATION,
    "must be between {minimum} and {maximum} requests per second, got {value}")
SUBSCRIPTION_WHOLE_NUMBER = define("subscription.whole_number_expected", Kind.VALIDATION,
                                   "expected a whole number, got {value}")
SUBSCRIPTION_VALUE_REQUIRED = define("subscription.value_required", Kind.VALIDATION,
                                     "a value is required")
SUBSCRIPTION_NOT_BOOLEAN = define("subscription.boolean_expected", Kind.VALIDATION,
                                  "expected true or false, got {value}")
SUBSCRIPTION_NOT_CHANGEABLE = define(
    "subscription.field_not_changeable", Kind.VALIDATION,
    "'{name}' cannot be changed; changeable fields are {changeable}")
SUBSCRIPTION_NOT_FOUND = define("subscription.not_found", Kind.NOT_FOUND,
                                "webhook subscription {id} does not exist")
SUBSCRIPTION_TEST_DISABLED = define(
    "subscription.test_disabled", Kind.CONFLICT,
    "cannot send a test event: webhook subscription {id} is disabled; activate it first")
# Why MESDesk disabled a subscription: stored in webhook_subscriptions.disabled_problem.
SUBSCRIPTION_DISABLED_GONE = define(
    "subscription.disabled_gone", Kind.FAILED,
    "the receiver answered 410 Gone at {at} (delivery {delivery})")
SUBSCRIPTION_DISABLED_FAILING = define(
    "subscription.disabled_failing", Kind.FAILED,
    "no successful delivery since {since}: 24 h of failures (last error: {error})")

# -- deliveries -------------------------------------------------------------------------------
DELIVERY_NOT_FOUND = define("delivery.not_found", Kind.NOT_FOUND,
                            "webhook delivery {id} does not exist")
DELIVERY_RESEND_DISABLED = define(
    "delivery.resend_disabled", Kind.CONFLICT,
    "cannot re-send delivery {delivery}: webhook subscription {id} is disabled; "
    "activate it first")
DELIVERY_STATUS_UNKNOWN = define("delivery.status_unknown", Kind.VALIDATION,
                                 "unknown delivery status '{status}'; use one of {known}")

# -- custom headers (RFC 9110: a name is a token, a value a field-value) ---------------------
HEADER_PAIR_INVALID = define("header.pair_invalid", Kind.VALIDATION,
                             "expected NAME=VALUE, got '{text}'")
HEADER_NAME_EMPTY = define("header.name_empty", Kind.VALIDATION, "a header needs a name")
HEADER_NAME_INVALID = define(
    "header.name_invalid", Kind.VALIDATION,
    "header name '{name}' cannot contain {character} (position {position}): use Latin "
    "letters, digits and !#$%&'*+-.^_`|~")
HEADER_VALUE_CONTROL = define(
    "header.value_control_character", Kind.VALIDATION,
    "the value of header '{name}' contains the control character {character} at position "
    "{position}")
HEADER_VALUE_NON_ASCII = define(
    "header.value_non_ascii", Kind.VALIDATION,
    "the value of header '{name}' contains {character} at position {position}: only Latin "
    "letters, digits, punctuation and spaces can be sent")
HEADER_VALUE_WHITESPACE = define(
    "header.value_whitespace", Kind.VALIDATION,
    "the value of header '{name}' must not start or end with a space or tab")
HEADER_RESERVED = define("header.reserved", Kind.VALIDATION,
                         "header '{name}' is set by MESDesk and cannot be replaced")
HEADER_TWICE = define("header.twice", Kind.VALIDATION, "header '{name}' is given twice")
