"""The problem catalogue: every refusal a catalogued code with its facts (issue 9).

Guards that keep it whole: codes are unique and dotted, templates say only facts they are
given, every code is declared in the catalogue package and raised through its constant, and
no refusal is built from an English sentence any more.
"""

from __future__ import annotations

import ast
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from mesdesk.domain import problems as P
from mesdesk.domain.errors import (
    BatchClosedError, ConflictError, DomainError, NotFoundError, UnavailableError,
    ValidationError,
)
from mesdesk.domain.problems import CATALOGUE, LOCATION_PARAMS, Kind, Problem, define

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mesdesk"
CATALOGUE_PACKAGE = PACKAGE / "domain" / "problems"
CODE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_code_is_a_stable_dotted_name_and_declared_once():
    assert len(CATALOGUE) > 20
    for code, entry in CATALOGUE.items():
        assert CODE.match(code), code
        assert entry.code == code
    with pytest.raises(ValueError, match="declared twice"):
        define("batch.not_found", Kind.NOT_FOUND, "again")


def test_templates_say_only_their_facts_and_never_the_location():
    for code, entry in CATALOGUE.items():
        if code.startswith("location."):
            continue
        assert not entry.names & set(LOCATION_PARAMS), (
            f"{code}: the location ({', '.join(LOCATION_PARAMS)}) is said by the surface, "
            f"not by the template {entry.template!r}")
        assert all(name.isidentifier() for name in entry.names), code
        assert entry.template == entry.template.strip() and not entry.template.endswith("."), (
            f"{code}: the English template is a clause for `mesdesk: …`, without a full stop")


def test_problem_types_are_declared_only_in_the_catalogue_package():
    outside = []
    for path in _sources():
        if CATALOGUE_PACKAGE in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in (
                    "define", "ProblemType"):
                outside.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                outside.append(f"{path.relative_to(ROOT)}:{node.lineno} (a literal code)")
    assert not outside, "problem codes made outside mesdesk/domain/problems: " + ", ".join(
        outside)


def test_every_problem_named_in_the_code_base_is_in_the_catalogue():
    """``P.NAME`` everywhere is a catalogued type (a typo would fail at import, and here)."""
    used: set[str] = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id == "P" and node.attr.isupper()):
                used.add(node.attr)
    assert used
    missing = sorted(name for name in used if not isinstance(getattr(P, name, None),
                                                              P.ProblemType))
    assert not missing, f"not in the catalogue: {missing}"


def test_raising_a_type_gives_the_error_of_its_kind_with_its_facts():
    error = P.BATCH_NUMBER_DATE_TAKEN(number=17, date=date(2024, 1, 30), id=5,
                                      field="batch_number")
    assert isinstance(error, ConflictError)
    assert error.code == "batch.number_date_taken"
    assert error.problem.params == {"number": 17, "date": "2024-01-30", "id": 5,
                                    "field": "batch_number"}
    assert error.message == "batch 17 of 2024-01-30 exists already (id 5)"
    assert str(error) == "field 'batch_number': batch 17 of 2024-01-30 exists already (id 5)"
    assert isinstance(P.BATCH_NOT_FOUND(id=3), NotFoundError)
    assert isinstance(P.DATABASE_UNREACHABLE(reason="x"), UnavailableError)


def test_a_location_added_later_is_said_first():
    error = P.PAGE_LIMIT(minimum=1, maximum=1000, value=0).at(index=3, field="limit")
    assert str(error) == "item 3, field 'limit': must be between 1 and 1000, got 0"
    assert error.index == 3 and error.field == "limit"


def test_a_problem_survives_json_and_a_newer_code_is_still_said():
    moment = datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc)
    problem = P.DATABASE_UNREACHABLE.problem(reason="refused", at=moment)
    stored = problem.as_json()
    assert stored == {"code": "service.database_unreachable",
                      "params": {"reason": "refused", "at": "2026-12-03T08:00:00+00:00"},
                      "message": "the database is unreachable (refused)"}
    assert Problem.from_json(stored) == problem
    assert Problem.from_json("just text") is None
    future = Problem("storage.quota_exceeded", {"bucket": "reports"})
    assert "storage.quota_exceeded" in future.message


def test_kinds_keep_the_classes_callers_catch():
    for kind, cls in ((Kind.VALIDATION, ValidationError), (Kind.BATCH_CLOSED, BatchClosedError),
                      (Kind.NOT_FOUND, NotFoundError)):
        entry = next(e for e in CATALOGUE.values() if e.kind is kind)
        assert isinstance(entry(**{n: 1 for n in entry.names}), cls)
        assert issubclass(cls, DomainError)


def test_a_missing_fact_stays_visible_instead_of_failing():
    assert "{id}" in Problem("batch.not_found", {}).message


REFUSALS = {"DomainError", "ValidationError", "NotFoundError", "BatchClosedError",
            "ConflictError", "CodeFormatError", "LayoutError", "UnavailableError",
            "CancelledError", "FailedError"}


def test_no_refusal_is_built_from_an_english_sentence():
    """A refusal is raised from the catalogue (``raise P.X(facts)``), never as
    ``ValidationError("some English")``: nothing else composes user-facing English."""
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in REFUSALS and isinstance(node.args[0], (ast.Constant, ast.JoinedStr,
                                                              ast.BinOp)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, "refusals built from a sentence: " + ", ".join(found)
    with pytest.raises(TypeError, match="from the catalogue"):
        ValidationError("an English sentence")  # type: ignore[arg-type]
