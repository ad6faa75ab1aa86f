"""Problems in the user's language: the catalogue's template translated by its code, the facts
formatted for the locale, the same problem the CLI says in English (issue 9)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale

from mesdesk.domain import problems as P
from mesdesk.ui.errors import describe
from mesdesk.ui.text import problems as texts
from tests.support.screens import shown_in


def _language(qapp, language: str):
    texts.set_time_zone(ZoneInfo("Asia/Yekaterinburg"))
    with shown_in(qapp, language):
        yield
    texts.set_time_zone(None)


@pytest.fixture
def russian(qapp):
    yield from _language(qapp, "ru")


@pytest.fixture
def english(qapp):
    yield from _language(qapp, "en")


def test_a_refusal_reads_in_russian_with_a_russian_date(russian):
    error = P.BATCH_NUMBER_DATE_TAKEN(number=17, date=date(2024, 1, 30), id=5,
                                      field="batch_number")
    assert describe(error) == ("Поле «batch_number»: Партия 17 от 30.01.2024 уже существует "
                               "(id 5).")
    assert texts.sentence(error.problem) == "Партия 17 от 30.01.2024 уже существует (id 5)."


def test_the_same_refusal_in_english_is_the_cli_sentence_capitalised(english):
    error = P.BATCH_NUMBER_DATE_TAKEN(number=17, date=date(2024, 1, 30), id=5)
    assert error.message == "batch 17 of 2024-01-30 exists already (id 5)"
    assert describe(error) == "Batch 17 of 01/30/2024 exists already (id 5)."   # the locale's date


def test_a_file_is_named_by_its_name_and_a_count_is_grouped(russian):
    error = P.FILE_TOO_BIG(file="/home/master/Загрузки/смены.json", size_mb=51234,
                           limit_mb=50)
    assert describe(error) == "смены.json: 51\u00a0234 МБ; файлы больше 50 МБ не принимаются."


def test_a_stored_problem_is_rendered_when_read(russian):
    stored = P.DATABASE_UNREACHABLE.problem(reason="connection refused").as_json()
    assert texts.stored_problem_text(stored) == (
        "База данных недоступна (connection refused).")
    assert texts.stored_problem_text(None, "kept English") == "kept English"


def test_a_code_from_a_newer_version_is_still_explained(russian):
    stored = {"code": "storage.quota_exceeded", "params": {}}
    assert "storage.quota_exceeded" in texts.stored_problem_text(stored)


def test_times_are_shown_in_the_production_zone(english):
    moment = datetime(2026, 12, 3, 20, 30, tzinfo=timezone.utc)
    problem = P.DATABASE_UNREACHABLE.problem(reason="x", at=moment)
    # the fact is formatted even if this template does not say it: the formatting is by name
    assert texts._formatted("at", problem.params["at"], QLocale("en_US")) \
        .startswith("12/04/2026")


def test_what_breaks_outside_the_rules_is_said_without_its_insides(russian):
    assert describe(PermissionError(13, "Permission denied", "/etc/shadow")) == (
        "Файл или папку не удалось использовать: Permission denied.")
    assert describe(KeyError("secret-ish")) == (
        "Что-то пошло не так (KeyError); подробности записаны в журнал.")


def test_a_refusal_by_role_names_the_role_and_what_it_may_not_do_in_russian(russian):
    error = P.AUTH_FORBIDDEN(user="ivanov", role="operator", action="close_batch",
                             ability="close and reopen batches", needed="supervisor")
    assert describe(error) == ("ivanov (оператор) не может закрывать и переоткрывать партии: "
                               "для этого нужна роль «мастер».")


def test_every_ability_has_its_words_in_russian(russian):
    from mesdesk.domain.roles import ABILITIES
    from mesdesk.ui.text.roles import ability_name

    untranslated = [ability for ability in ABILITIES if ability_name(ability) == ability]
    assert untranslated == []
