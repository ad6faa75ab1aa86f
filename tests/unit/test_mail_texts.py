"""What an e-mail says (§10), in English and Russian; addresses as typed; when a mail is retried."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.mail_addresses import addresses_or_raise, parse_addresses
from mesdesk.domain.mail_retry import after_failure, retry_delay
from mesdesk.domain.mail_texts import RUSSIAN, mail_language, render_mail
from mesdesk.domain.problems import Problem

ZONE = ZoneInfo("Asia/Yekaterinburg")
REPORT = {"batch_id": 7, "batch_number": "17", "batch_date": "2026-01-30",
          "report_type": "pdf", "file_url": "https://s3.plant.test/reports/b7.pdf?sig=1",
          "expires_at": "2026-02-06T09:00:00.000Z"}
IMPORT = {"kind": "batches", "file": "партии.xlsx", "total_rows": 12500, "created": 12000,
          "updated": 3, "skipped": 400, "rejected": 97, "errors_total": 497,
          "errors": [{"row": 4, "field": "НомерПартии", "error": "the batch number is empty"},
                     {"row": 9, "error": "Duplicate batch number and date"}]}


# -- addresses -------------------------------------------------------------------------------

def test_addresses_are_split_on_commas_semicolons_and_lines_once_each():
    assert parse_addresses("a@x.ru, b@y.com;\nA@X.ru ,") == ("a@x.ru", "b@y.com")
    assert parse_addresses("  ") == ()
    assert parse_addresses(["qa@plant.ru", "ops@plant.ru, qa@plant.ru"]) == (
        "qa@plant.ru", "ops@plant.ru")


@pytest.mark.parametrize("bad", ["a@x.ru b@y.com", "plant.ru", "a@", "@x.ru", "a@x",
                                 "a..b@x.ru", "a@x.ru\x00", "иван@завод.рф"])
def test_a_bad_address_is_refused_by_name(bad):
    problem = parse_addresses(f"ok@plant.ru, {bad}")
    assert isinstance(problem, Problem) and problem.code == "mail.address_invalid"
    assert problem.params["address"].startswith(bad.strip()[:3].replace("\x00", "\\"))
    with pytest.raises(DomainError) as raised:
        addresses_or_raise(bad, field="--email")
    assert raised.value.problem.params["field"] == "--email"
    assert "is not an e-mail address" in str(raised.value)


# -- texts -----------------------------------------------------------------------------------

def test_report_ready_names_the_batch_and_gives_the_link_and_its_expiry():
    mail = render_mail("report_ready", REPORT, language="en", tz=ZONE, station="line-1")
    assert mail.subject == "Batch report ready: batch 17 of 2026-01-30"
    assert "The PDF report of batch 17 of 2026-01-30 (ID 7) is ready." in mail.body
    assert "Download it: https://s3.plant.test/reports/b7.pdf?sig=1" in mail.body
    assert "valid until 2026-02-06 14:00 (Asia/Yekaterinburg)" in mail.body
    assert mail.body.rstrip().endswith("Sent by MESDesk at station line-1.")


def test_report_ready_in_russian_and_without_a_batch_number_or_expiry():
    mail = render_mail("report_ready", REPORT, language="ru", tz=ZONE, station="линия-1")
    assert mail.subject == "Отчёт по партии готов: партия 17 от 30.01.2026"
    assert "Ссылка действует до 06.02.2026 14:00" in mail.body
    plain = render_mail("report_ready", {**REPORT, "batch_number": None, "expires_at": None},
                        language="en", tz=ZONE, station="s")
    assert plain.subject == "Batch report ready: batch ID 7"
    assert "valid until" not in plain.body


def test_import_completed_gives_the_counts_and_the_first_errors():
    mail = render_mail("import_completed", IMPORT, language="en", tz=ZONE, station="s")
    assert mail.subject == "Import completed with errors: партии.xlsx"
    for line in ("Rows: 12,500", "Created: 12,000", "Updated: 3", "Skipped: 400",
                 "Errors: 497", "  row 4, field 'НомерПартии': the batch number is empty",
                 "  row 9: Duplicate batch number and date", "  …and 495 more."):
        assert line in mail.body.splitlines()
    russian = render_mail("import_completed", IMPORT, language="ru", tz=ZONE, station="s")
    assert "Строк: 12\u00a0500" in russian.body and "строка 4, поле «НомерПартии»" in russian.body
    clean = render_mail("import_completed", {**IMPORT, "errors_total": 0, "errors": []},
                        language="en", tz=ZONE, station="s")
    assert clean.subject == "Import completed: партии.xlsx" and "First errors" not in clean.body


def test_subscription_disabled_says_the_masked_url_and_the_reason():
    gone = P.SUBSCRIPTION_DISABLED_GONE.problem(
        at=datetime(2026, 1, 30, 9, 0, tzinfo=timezone.utc), delivery=42)
    facts = {"subscription_id": 3, "url": "https://***@hooks.plant.test/in",
             "reason": {"code": gone.code, "params": dict(gone.params)}}
    mail = render_mail("subscription_disabled", facts, language="en", tz=ZONE, station="s")
    assert mail.subject == "Webhook subscription disabled: https://***@hooks.plant.test/in"
    assert ("Reason: the receiver answered 410 Gone at 2026-01-30 14:00 (Asia/Yekaterinburg) "
            "(delivery 42)") in mail.body
    russian = render_mail("subscription_disabled", facts, language="ru", tz=ZONE, station="s")
    assert "получатель ответил 410 Gone в 30.01.2026 14:00" in russian.body


def test_every_russian_text_keeps_the_placeholders_of_its_english():
    from mesdesk.domain.problems import placeholders
    for english, russian in RUSSIAN.items():
        assert placeholders(english) == placeholders(russian), english


def test_the_language_is_the_setting_else_the_system_locale_else_english():
    assert mail_language("ru", {"LANG": "en_US.UTF-8"}) == "ru"
    assert mail_language("en", {"LANG": "ru_RU.UTF-8"}) == "en"
    assert mail_language("", {"LANG": "ru_RU.UTF-8"}) == "ru"
    assert mail_language("", {"LC_ALL": "de_DE.UTF-8", "LANG": "ru_RU.UTF-8"}) == "en"
    assert mail_language("", {}) == "en"


# -- retries ---------------------------------------------------------------------------------

def test_back_off_is_1_5_15_minutes_then_hourly():
    assert [retry_delay(n) for n in range(1, 7)] == [
        timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15),
        timedelta(hours=1), timedelta(hours=1), timedelta(hours=1)]


def test_an_outage_is_retried_for_24_hours_then_the_mail_fails_with_its_error():
    queued = datetime(2026, 1, 30, 8, 0, tzinfo=timezone.utc)
    down = P.MAIL_REFUSED.problem(host="smtp", port=25)
    first = after_failure(down, attempts=1, queued_at=queued, now=queued)
    assert (first.state, first.next_attempt_at) == ("queued", queued + timedelta(minutes=1))
    late = queued + timedelta(hours=23, minutes=30)
    assert after_failure(down, attempts=30, queued_at=queued, now=late).state == "failed"
    refused = P.MAIL_RECIPIENTS_REFUSED.problem(recipients="x@y.ru")
    assert after_failure(refused, attempts=1, queued_at=queued, now=queued).state == "failed"
