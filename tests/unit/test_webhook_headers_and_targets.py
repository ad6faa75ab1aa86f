"""Custom headers that can be sent (RFC 9110 token names, visible-ASCII values), targets that
may be posted to (no link-local or cloud metadata address), and URLs shown without their
password."""

import pytest

from mesdesk.domain.errors import ValidationError
from mesdesk.domain.subscriptions import masked_url, parse_headers, parse_url


def refusal(call, *args) -> tuple[str, dict]:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value.code, dict(caught.value.problem.params)


@pytest.mark.parametrize("headers", [
    {"Authorization": "Bearer abc.def-ghi_123"},
    {"X-Line!#$%&'*+-.^_`|~9": "a value with spaces\tand a tab, (parentheses) \"quotes\""},
    {"X-Empty": ""},
])
def test_headers_that_can_be_sent_are_kept_as_given(headers):
    assert parse_headers(headers) == headers


@pytest.mark.parametrize(("headers", "code", "facts"), [
    ({"X Line": "1"}, "header.name_invalid",
     {"name": "X Line", "character": "U+0020", "position": 2}),
    ({"X-Ліния": "1"}, "header.name_invalid",
     {"name": "X-Ліния", "character": "'Л' (U+041B)", "position": 3}),
    ({"X(Line)": "1"}, "header.name_invalid", {"character": "'(' (U+0028)", "position": 2}),
    ({"X:Line": "1"}, "header.name_invalid", {"character": "':' (U+003A)", "position": 2}),
    ({"": "1"}, "header.name_empty", {}),
    ({"X-Line": "линия 4"}, "header.value_non_ascii",
     {"name": "X-Line", "character": "'л' (U+043B)", "position": 1}),
    ({"X-Line": "caf\u00e9"}, "header.value_non_ascii", {"position": 4}),
    ({"X-Line": "a\x00b"}, "header.value_control_character",
     {"character": "U+0000", "position": 2}),
    ({"X-Line": "a\x7f"}, "header.value_control_character", {"character": "U+007F"}),
    ({"X-Line": "one\ntwo"}, "header.value_control_character", {"position": 4}),
    ({"X-Line": " 4"}, "header.value_whitespace", {"name": "X-Line"}),
    ({"X-Line": "4\t"}, "header.value_whitespace", {"name": "X-Line"}),
    ({"Content-Type": "text/plain"}, "header.reserved", {"name": "Content-Type"}),
    ({"HOST": "evil"}, "header.reserved", {"name": "HOST"}),
])
def test_a_header_that_cannot_be_sent_is_refused_naming_it_and_the_position(
        headers, code, facts):
    got_code, params = refusal(parse_headers, headers)
    assert got_code == code and params["field"] == "custom_headers"
    assert facts.items() <= params.items()


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/", "http://169.254.0.1:8080/hook",
    "http://[fe80::1]/hook", "http://[fe80::1%25eth0]/hook", "https://[febf::2]/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.GOOGLE.INTERNAL./", "http://[::ffff:169.254.169.254]/",
    "http://user:pw@169.254.169.254/",
])
def test_link_local_and_metadata_targets_are_refused_at_save(url):
    code, params = refusal(parse_url, url)
    assert code == "webhook.target_forbidden" and params["field"] == "url"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hook", "http://localhost/hook", "http://[::1]/hook",
    "http://10.0.0.5/hook", "http://192.168.1.20/hook", "http://172.16.4.4/hook",
    "https://erp.example.com/hooks", "http://169.253.255.255/", "http://[fec0::1]/",
])
def test_loopback_lan_and_public_targets_stay_allowed(url):
    assert parse_url(url) == url


@pytest.mark.parametrize(("url", "shown"), [
    ("https://erp:s3cr3t@erp.example.com/hooks?x=1", "https://erp:***@erp.example.com/hooks?x=1"),
    ("https://token@erp.example.com/", "https://***@erp.example.com/"),
    ("https://a:b:c@h:8443/p", "https://a:***@h:8443/p"),
    ("https://erp.example.com/hooks", "https://erp.example.com/hooks"),
])
def test_a_url_is_shown_with_its_password_masked(url, shown):
    assert masked_url(url) == shown


def test_a_refused_url_never_carries_its_password_into_the_problem():
    _, params = refusal(parse_url, "ftp://ops:hunter2@files/hook")
    assert "hunter2" not in str(params) and params["url"] == "ftp://ops:***@files/hook"
