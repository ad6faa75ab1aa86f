"""The catalogue of problems: every refusal a user can cause or meet, as a code and its facts.

A problem is data, not a sentence. Each kind of problem is a :class:`ProblemType` with a stable
dotted ``code`` (``batch.closed``), a :class:`Kind` (which decides the CLI's exit code and which
``DomainError`` subclass is raised) and one English ``template`` whose ``{placeholders}`` are the
facts. The types are declared once, in the area modules of this package (``values``,
``batches``, ``intake``, ``codes``, ``webhooks``, ``jobs``, ``settings``, ``schedule``,
``general`` and the rest imported at its end), and collected in :data:`CATALOGUE`; nothing
else composes user-facing English.

Raising one::

    from mesdesk.domain import problems as P
    raise P.BATCH_CLOSED(number=17, date=day)

Each surface renders the same problem its own way: the CLI fills the English template
(:meth:`Problem.message`), ``--json`` prints :meth:`Problem.as_json`, the GUI translates the
template by its code (``tr(template, code)``) and fills it with the facts formatted for the
user's locale (:func:`param_kind` says which facts are dates, times or quantities). Stored
reasons (a job's error, a disabled subscription's reason) are stored as
:meth:`Problem.as_json` and rendered when read.

Where a problem is (the 1C item, the spreadsheet row, the field) is part of its facts:
``index``, ``row``, ``column`` and ``field`` are the location parameters, rendered before the
sentence ("item 3, field 'НомерПартии': …") by :meth:`Problem.location` where the surface has no
better place for them (a dialog shows the sentence next to the field instead).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mesdesk.domain.errors import DomainError

JsonValue = str | int | float | bool | None


class Kind(StrEnum):
    """What sort of refusal a problem is: the CLI's exit code and the error class follow."""

    VALIDATION = "validation"       # input that does not fit the rules
    NOT_FOUND = "not_found"         # the thing asked for does not exist
    BATCH_CLOSED = "batch_closed"   # a closed batch refuses edits and aggregation
    CONFLICT = "conflict"           # the change collides with stored data
    BAD_FORMAT = "bad_format"       # a code that is not a valid code (§5)
    LAYOUT = "layout"               # a scan typed in a non-Latin keyboard layout
    UNAVAILABLE = "unavailable"     # a service (database, storage, mail) cannot be reached
    CANCELLED = "cancelled"         # a job cancelled by a user or by a shutdown
    FAILED = "failed"               # work that broke for a reason outside the user's input
    FORBIDDEN = "forbidden"         # the signed-in user's role does not allow the action
    SIGN_IN = "sign_in"             # nobody (known) is signed in, or the credentials are wrong


#: The location facts, in the order they are said.
LOCATION_PARAMS = ("index", "row", "column", "field")

_FORMATTER = string.Formatter()


def placeholders(template: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` in a template."""
    return frozenset(name for _, name, _, _ in _FORMATTER.parse(template)
                     if name is not None and name != "")


@dataclass(frozen=True, slots=True)
class ProblemType:
    """One entry of the catalogue. Calling it makes the exception to raise."""

    code: str
    kind: Kind
    template: str
    names: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", placeholders(self.template))

    def __call__(self, **params: Any) -> "DomainError":
        from mesdesk.domain.errors import error_class

        return error_class(self.kind)(self, **params)

    def problem(self, **params: Any) -> "Problem":
        """The problem as a value (for results and stored reasons, not raised)."""
        return Problem(self.code, plain_params(params))


CATALOGUE: dict[str, ProblemType] = {}


def define(code: str, kind: Kind, template: str) -> ProblemType:
    """Declare one problem type; a code is declared once."""
    if code in CATALOGUE:
        raise ValueError(f"problem code {code!r} is declared twice")
    if code.count(".") < 1 or code != code.lower() or " " in code:
        raise ValueError(f"problem code {code!r} is not a lower-case dotted code")
    CATALOGUE[code] = entry = ProblemType(code, kind, template)
    return entry


def plain_value(value: object) -> JsonValue:
    """A fact as JSON can hold it: dates and times in ISO 8601, enums by value."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Enum):
        return plain_value(value.value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def plain_params(params: Mapping[str, object]) -> dict[str, JsonValue]:
    return {name: plain_value(value) for name, value in params.items() if value is not None
            or name not in LOCATION_PARAMS}


def param_kind(name: str) -> str:
    """How a surface formats a fact, by its name: ``date``, ``datetime``, ``quantity`` (a
    count or size, grouped by the locale), ``path`` (a file: the GUI shows its name, the CLI
    the path as typed), ``item`` (a 1C item's index from 0: the GUI counts from 1, as its
    lists do), ``task`` (a scheduled task's name: the GUI says it in words, the CLI as it is
    typed), ``role`` and ``ability`` (``domain.roles``' English: the GUI translates them) or
    ``plain`` (ids, numbers, text: as they are)."""
    if name == "file" or name.endswith("_file"):
        return "path"
    if name == "task":
        return "task"
    if name in ("role", "needed"):
        return "role"
    if name == "ability":
        return "ability"
    if name in ("index", "first"):
        return "item"
    if name == "date" or name.endswith("_date"):
        return "date"
    if name in ("at", "since", "until") or name.endswith("_at"):
        return "datetime"
    if name in _QUANTITIES or name.endswith(("_count", "_total", "_limit", "_mb")):
        return "quantity"
    return "plain"


_QUANTITIES = frozenset({"count", "total", "limit", "size", "maximum", "minimum", "length",
                         "rest", "items", "done", "failed", "requeued"})


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, params: Mapping[str, object]) -> str:
    """The template with its facts; a fact that is missing stays visible as ``{name}``."""
    return template.format_map(_Missing(params))


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem as a value: its code and facts. JSON in, JSON out, rendered when read."""

    code: str
    params: Mapping[str, JsonValue] = field(default_factory=dict)

    @property
    def type(self) -> ProblemType:
        return CATALOGUE.get(self.code) or CATALOGUE["problem.unknown"]

    @property
    def kind(self) -> Kind:
        return self.type.kind

    @property
    def sentence(self) -> str:
        """The English sentence without its location."""
        entry = self.type
        if entry.code != self.code:   # a code from a newer version: say what we know
            return fill(entry.template, {"code": self.code})
        return fill(entry.template, self.params)

    @property
    def location(self) -> str:
        """Where the problem is, in English (``item 3, field 'team'``); empty when nowhere."""
        parts = [fill(CATALOGUE[f"location.{name}"].template, self.params)
                 for name in LOCATION_PARAMS if self.params.get(name) not in (None, "")]
        return ", ".join(parts)

    @property
    def message(self) -> str:
        """The English text of the CLI: the location, then the sentence."""
        where = self.location
        return f"{where}: {self.sentence}" if where else self.sentence

    def at(self, **location: object) -> "Problem":
        """The same problem with location facts added (an intake item's index)."""
        return Problem(self.code, {**self.params, **plain_params(location)})

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params), "message": self.message}

    @classmethod
    def from_json(cls, data: object) -> "Problem | None":
        """A stored problem read back; None for anything that is not one."""
        if not isinstance(data, Mapping) or not isinstance(data.get("code"), str):
            return None
        params = data.get("params")
        return cls(data["code"], dict(params) if isinstance(params, Mapping) else {})


# The area modules declare the catalogue; importing them here makes it whole.
from .general import *  # noqa: E402,F403
from .values import *  # noqa: E402,F403
from .batches import *  # noqa: E402,F403
from .intake import *  # noqa: E402,F403
from .codes import *  # noqa: E402,F403
from .webhooks import *  # noqa: E402,F403
from .jobs import *  # noqa: E402,F403
from .settings import *  # noqa: E402,F403
from .reports import *  # noqa: E402,F403
from .exports import *  # noqa: E402,F403
from .imports import *  # noqa: E402,F403
from .analytics import *  # noqa: E402,F403
from .schedule import *  # noqa: E402,F403
from .storage import *  # noqa: E402,F403
from .mail import *  # noqa: E402,F403
from .files import *  # noqa: E402,F403
from .users import *  # noqa: E402,F403
from .audit import *  # noqa: E402,F403
