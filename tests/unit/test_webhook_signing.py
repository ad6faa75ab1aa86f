"""Webhook signing maths and the retry schedule of §6 (pure, no I/O)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from mesdesk.domain import webhooks

# The Standard Webhooks / Svix published example, recomputed with the independent code below.
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TS = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
VECTOR_HEX = "e2cb4f5251572539d458bfb8a7adb533b08801e6a794467e06f771debbb0818b"


def independent_standard(secret: str, msg_id: str, ts: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    content = msg_id.encode() + b"." + str(ts).encode() + b"." + body
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


class Fixed:
    """An rng whose uniform() returns the low or high end (or a chosen point) of the range."""

    def __init__(self, where: float) -> None:
        self.where = where

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.where


def test_standard_signature_matches_the_published_vector():
    assert independent_standard(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) \
        == VECTOR_SIGNATURE
    assert webhooks.sign_standard(VECTOR_SECRET, VECTOR_ID, VECTOR_TS, VECTOR_BODY) \
        == VECTOR_SIGNATURE


def test_hex_signature_is_hmac_of_the_raw_body_with_the_decoded_key():
    key = base64.b64decode(VECTOR_SECRET[len("whsec_"):])
    assert hmac.new(key, VECTOR_BODY, hashlib.sha256).hexdigest() == VECTOR_HEX
    assert webhooks.sign_hex(VECTOR_SECRET, VECTOR_BODY) == VECTOR_HEX


def test_generated_secret_is_whsec_and_24_random_bytes():
    secret = webhooks.generate_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret[6:], validate=True)) == 24
    assert webhooks.secret_key(secret) == base64.b64decode(secret[6:])
    assert webhooks.generate_secret() != secret


def test_a_plain_secret_is_used_as_utf8_bytes():
    assert webhooks.secret_key("пароль") == "пароль".encode("utf-8")
    assert webhooks.secret_key("whsec_not base64!") == b"whsec_not base64!"


def test_event_body_is_compact_json_with_utc_timestamp():
    at = datetime(2024, 1, 30, 13, 0, 0, 123456, tzinfo=timezone(timedelta(hours=5)))
    body = webhooks.event_body("e-1", "batch_created", at, {"id": 7, "name": "Болт"})
    assert b" " not in body.replace("Болт".encode(), b"")
    assert json.loads(body) == {"id": "e-1", "event": "batch_created",
                                "timestamp": "2024-01-30T08:00:00.123Z",
                                "data": {"id": 7, "name": "Болт"}}
    with pytest.raises(ValueError):
        webhooks.event_body("e-1", "x", datetime(2024, 1, 1), {})


def test_headers_carry_both_signatures_and_custom_headers_cannot_override_them():
    body = b'{"a":1}'
    result = webhooks.headers(secret="s3cret", event_id="e-9", event_type="batch_closed",
                              timestamp=1700000000, body=body,
                              custom={"Authorization": "Bearer x",
                                      "x-webhook-signature": "forged",
                                      "Webhook-Id": "forged", "content-type": "text/plain"})
    lowered = {k.lower(): v for k, v in result.items()}
    assert len(lowered) == len(result), "no header duplicated in another case"
    assert lowered["content-type"] == "application/json"
    assert lowered["x-webhook-event"] == "batch_closed"
    assert lowered["x-webhook-signature"] == hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert lowered["webhook-id"] == "e-9"
    assert lowered["webhook-timestamp"] == "1700000000"
    key_content = b"e-9.1700000000." + body
    assert lowered["webhook-signature"] == "v1," + base64.b64encode(
        hmac.new(b"s3cret", key_content, hashlib.sha256).digest()).decode()
    assert lowered["authorization"] == "Bearer x"


@pytest.mark.parametrize("attempt, base", [
    (1, timedelta(seconds=5)), (2, timedelta(minutes=5)), (3, timedelta(minutes=30)),
    (4, timedelta(hours=2)), (5, timedelta(hours=5)), (6, timedelta(hours=10)),
    (7, timedelta(hours=10)), (12, timedelta(hours=10)),
])
def test_schedule_and_jitter_bounds(attempt, base):
    assert webhooks.retry_delay(attempt, Fixed(0.5)) == base
    assert webhooks.retry_delay(attempt, Fixed(0.0)) == base * 0.8
    assert webhooks.retry_delay(attempt, Fixed(1.0)) == base * 1.2
    rng = random.Random(attempt)
    for _ in range(200):
        assert base * 0.8 <= webhooks.retry_delay(attempt, rng) <= base * 1.2


def test_retry_after_is_honoured_and_capped_at_an_hour():
    assert webhooks.retry_delay(1, Fixed(1.0), retry_after=120) == timedelta(seconds=120)
    assert webhooks.retry_delay(6, Fixed(1.0), retry_after=86400) == timedelta(hours=1)
    assert webhooks.parse_retry_after(" 120 ") == 120
    assert webhooks.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
    assert webhooks.parse_retry_after("-3") is None
    with pytest.raises(ValueError):
        webhooks.retry_delay(0, Fixed(0.5))


# -- the README's test vector -------------------------------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def readme_vector() -> dict[str, str]:
    section = readme_section("Receiving webhooks")
    block = re.search(r"Test vector.*?```text\n(.*?)\n```", section, re.S)
    assert block, "README 'Receiving webhooks' has no ```text test vector block"
    fields = dict(line.split(": ", 1) for line in block.group(1).splitlines())
    assert set(fields) == {"secret", "webhook-id", "webhook-timestamp", "body",
                           "X-Webhook-Signature", "webhook-signature"}, fields
    return fields


def test_the_readme_test_vector_holds():
    vector = readme_vector()
    secret, body = vector["secret"], vector["body"].encode("utf-8")
    key = base64.b64decode(secret.removeprefix("whsec_"))
    assert hmac.new(key, body, hashlib.sha256).hexdigest() == vector["X-Webhook-Signature"]
    assert independent_standard(secret, vector["webhook-id"], int(vector["webhook-timestamp"]),
                                body) == vector["webhook-signature"]
    # ...and it is what MESDesk sends.
    sent = webhooks.headers(secret=secret, event_id=vector["webhook-id"],
                            event_type="batch_closed",
                            timestamp=int(vector["webhook-timestamp"]), body=body)
    assert sent["X-Webhook-Signature"] == vector["X-Webhook-Signature"]
    assert sent["webhook-signature"] == vector["webhook-signature"]


def test_the_readme_verification_snippet_accepts_the_vector():
    snippet = re.search(r"```python\n(.*?)\n```", readme_section("Receiving webhooks"), re.S)
    assert snippet, "README 'Receiving webhooks' has no Python snippet"
    namespace: dict = {}
    exec(snippet.group(1), namespace)  # noqa: S102 - our own README, checked as documentation
    vector = readme_vector()
    headers = {"webhook-id": vector["webhook-id"],
               "webhook-timestamp": vector["webhook-timestamp"],
               "webhook-signature": vector["webhook-signature"],
               "x-webhook-signature": vector["X-Webhook-Signature"]}
    body = vector["body"].encode("utf-8")
    verify = namespace["verify"]
    assert verify(vector["secret"], headers, body, tolerance=10**10)
    assert not verify(vector["secret"], headers, body + b" ", tolerance=10**10)
    assert not verify(vector["secret"], headers, body)   # an old timestamp is refused


def test_a_disabled_reason_is_written_in_english_and_as_a_problem_with_its_facts():
    """The stored sentence stays readable for the CLI; the problem is what the GUI renders."""
    from mesdesk.domain.webhooks import failing_problem, failing_reason, gone_problem, gone_reason

    at = datetime(2026, 11, 25, 6, 30, tzinfo=timezone.utc)
    assert gone_reason(at, 17) == ("Receiver answered 410 Gone at 2026-11-25T06:30:00.000Z "
                                   "(delivery 17); subscription disabled")
    gone = gone_problem(at, 17)
    assert (gone.code, dict(gone.params)) == (
        "subscription.disabled_gone", {"at": "2026-11-25T06:30:00+00:00", "delivery": 17})
    failing = failing_problem(at, "HTTP 500 (server said: no)")
    assert failing.code == "subscription.disabled_failing"
    assert failing.message == ("no successful delivery since 2026-11-25T06:30:00+00:00: 24 h of "
                               "failures (last error: HTTP 500 (server said: no))")
    assert "HTTP 500" in failing_reason(at, "HTTP 500 (server said: no)")
