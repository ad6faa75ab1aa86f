"""Problems in the user's language: the catalogue's template translated by its code.

The core raises catalogued problems (:mod:`mesdesk.domain.problems`): a code and its facts.
Here the English template is looked up through ``QCoreApplication.translate("Problem",
template, code)`` (the code is the disambiguation, so two codes that share an English template
can read differently in Russian) and filled with the facts formatted for the user's locale:
dates and times as the locale writes them (times in the production time zone), counts with
the locale's digit grouping, a scheduled task, a role and an ability by their names in
words. No sentence is ever parsed back.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from pathlib import PurePath

from PySide6.QtCore import QCoreApplication, QLocale

from mesdesk.domain.errors import DomainError
from mesdesk.domain.problems import (CATALOGUE, LOCATION_PARAMS, Problem, ProblemType, fill,
                                     param_kind)

from .kinds import kind_name
from .roles import ability_name, role_name

CONTEXT = "Problem"

_zone: tzinfo | None = None


def set_time_zone(zone: tzinfo | None) -> None:
    """The production time zone that times in problems are shown in (the app sets it)."""
    global _zone
    _zone = zone


def _translated(entry: ProblemType) -> str:
    return QCoreApplication.translate(CONTEXT, entry.template, entry.code)


def _formatted(name: str, value: object, locale: QLocale) -> object:
    kind = param_kind(name)
    if isinstance(value, str) and kind in ("date", "datetime"):
        try:
            moment = (date.fromisoformat(value) if kind == "date" and len(value) == 10
                      else datetime.fromisoformat(value))
        except ValueError:
            return value
        return _moment_text(moment, locale)
    if kind == "item" and isinstance(value, int) and not isinstance(value, bool):
        return value + 1
    if kind == "path" and isinstance(value, str):
        return PurePath(value).name or value
    if kind == "task" and isinstance(value, str):
        return locale.quoteString(kind_name(value))
    if kind == "role" and isinstance(value, str):
        return role_name(value)
    if kind == "ability" and isinstance(value, str):
        return ability_name(value)
    if kind == "quantity" and isinstance(value, int) and not isinstance(value, bool):
        return locale.toString(value)
    if isinstance(value, float):
        return locale.toString(value, "g", 6)
    return value


def _moment_text(moment: date | datetime, locale: QLocale) -> str:
    from .formats import Formats    # lazily: it pulls QDate & co. in, most texts need none

    formats = Formats(_zone or datetime.now().astimezone().tzinfo, locale)
    if isinstance(moment, datetime):
        return formats.datetime(moment)
    return formats.date(moment)


def _facts(problem: Problem) -> dict[str, object]:
    locale = QLocale()
    return {name: _formatted(name, value, locale) for name, value in problem.params.items()}


def sentence(problem: Problem) -> str:
    """The problem's sentence in the user's language, without where it is (for a label next
    to the field it is about): capital first letter, full stop."""
    entry = problem.type
    if entry.code != problem.code:
        return _finished(fill(_capital(_translated(entry)), {"code": problem.code}))
    return _finished(fill(_capital(_translated(entry)), _facts(problem)))


def location(problem: Problem) -> str:
    """Where the problem is, in the user's language; empty when nowhere."""
    facts = _facts(problem)
    return ", ".join(fill(_translated(CATALOGUE[f"location.{name}"]), facts)
                     for name in LOCATION_PARAMS if problem.params.get(name) not in (None, ""))


def problem_text(problem: Problem) -> str:
    """The whole text: where, then what."""
    where = location(problem)
    what = sentence(problem)
    return f"{_capital(where)}: {what}" if where else what


def error_sentence(error: DomainError) -> str:
    return sentence(error.problem)


def _capital(template: str) -> str:
    """The catalogue's English is written to follow ``mesdesk:`` on a terminal line; a screen
    starts it with a capital letter (not when it starts with a fact: a file name stays as it
    is)."""
    return template[:1].upper() + template[1:] if template[:1].isalpha() else template


def _finished(text: str) -> str:
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def stored_problem_text(data: object, fallback: str | None = None) -> str | None:
    """A problem stored as ``{"code", "params"}`` (a job's error, a subscription's disabled
    reason) in the user's language; ``fallback`` (the stored English) when there is none."""
    problem = Problem.from_json(data)
    if problem is None:
        return fallback
    return problem_text(problem)
