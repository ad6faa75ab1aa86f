"""Shift tasks (batches): their fields, the 1C key names, validation and the edit rules of §3."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from operator import attrgetter
from typing import Any, Callable, Mapping

from . import problems as P
from .errors import ValidationError
from .values import parse_bool, parse_date, parse_datetime, parse_int, parse_text

# English field name -> 1C key. Intake accepts both; exports write the 1C keys.
ONE_C_KEYS: dict[str, str] = {
    "is_closed": "СтатусЗакрытия",
    "task_description": "ПредставлениеЗаданияНаСмену",
    "work_center_name": "РабочийЦентр",
    "shift": "Смена",
    "team": "Бригада",
    "batch_number": "НомерПартии",
    "batch_date": "ДатаПартии",
    "nomenclature": "Номенклатура",
    "ekn_code": "КодЕКН",
    "work_center": "ИдентификаторРЦ",
    "shift_start": "ДатаВремяНачалаСмены",
    "shift_end": "ДатаВремяОкончанияСмены",
}
ENGLISH_ALIASES = {"work_center_identifier": "work_center"}

# Stored batch columns a user may edit (the work center by its identifier).
EDITABLE_FIELDS = ("is_closed", "task_description", "work_center", "shift", "team",
                   "batch_number", "batch_date", "nomenclature", "ekn_code", "shift_start",
                   "shift_end")
#: SPEC §2: every 1C key of a shift task must be in an intake item but СтатусЗакрытия
#: (default false). A null counts as missing for the fields a batch cannot be without.
REQUIRED_KEYS = tuple(name for name in ONE_C_KEYS if name != "is_closed")
REQUIRED_VALUES = ("batch_number", "batch_date", "work_center", "shift_start", "shift_end")
TEXT_LIMITS = {"task_description": 4000, "work_center_name": 255, "shift": 100, "team": 255,
               "nomenclature": 500, "ekn_code": 100, "work_center": 100}


def field_label(name: str) -> str:
    """How a field is named in messages: the 1C key with the English name (a name without
    a 1C key as it is)."""
    return _LABELS.get(name, name)


_LABELS = {name: f"{key} ({name})" for name, key in ONE_C_KEYS.items()}


def _text_parser(name: str) -> Callable[[Any, str, tzinfo], str]:
    limit, required = TEXT_LIMITS[name], name == "work_center"
    return lambda value, label, tz: parse_text(value, label, max_length=limit,
                                               required=required)


#: Each field's parser, called with the raw value, the field's label and the time zone.
_PARSERS: dict[str, Callable[[Any, str, tzinfo], Any]] = {
    "is_closed": lambda value, label, tz: parse_bool(value, label),
    "batch_number": lambda value, label, tz: parse_int(value, label),
    "batch_date": lambda value, label, tz: parse_date(value, label),
    "shift_start": parse_datetime,
    "shift_end": parse_datetime,
    **{name: _text_parser(name) for name in TEXT_LIMITS},
}


def parse_field(name: str, value: Any, tz: tzinfo) -> Any:
    """Validate one field value; raises ValidationError naming the field."""
    parser = _PARSERS.get(name)
    if parser is None:
        raise P.FIELD_NOT_EDITABLE(name=name, fields=", ".join(EDITABLE_FIELDS), field=name)
    return parser(value, field_label(name), tz)


@dataclass(frozen=True, slots=True)
class BatchInput:
    """One validated 1C shift task."""

    batch_number: int
    batch_date: date
    work_center: str            # identifier
    work_center_name: str
    shift_start: datetime
    shift_end: datetime
    is_closed: bool = False
    task_description: str = ""
    shift: str = ""
    team: str = ""
    nomenclature: str = ""
    ekn_code: str = ""

    def stored_fields(self) -> dict[str, Any]:
        """The batch columns this input sets (work center resolved separately)."""
        return dict(zip(STORED_FIELDS, stored_values(self)))


#: The batch columns a 1C item sets, in order (the work center is resolved separately).
STORED_FIELDS = ("batch_number", "batch_date", "shift_start", "shift_end", "is_closed",
                 "task_description", "shift", "team", "nomenclature", "ekn_code")
#: The values of ``STORED_FIELDS`` of a ``BatchInput`` or a stored batch, as a tuple.
stored_values = attrgetter(*STORED_FIELDS)


def _lookup(item: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    key = ONE_C_KEYS.get(name)
    if key and key in item:
        return True, item[key]
    if name in item:
        return True, item[name]
    for alias, target in ENGLISH_ALIASES.items():
        if target == name and alias in item:
            return True, item[alias]
    return False, None


#: What ``parse_batch_item`` goes through for each field, worked out once: the name, its 1C
#: key, its label, whether the key must be there, whether its value may not be null, its parser.
_ITEM_FIELDS = tuple((name, key, field_label(name), name in REQUIRED_KEYS,
                      name in REQUIRED_VALUES, _PARSERS[name])
                     for name, key in ONE_C_KEYS.items())
_KNOWN_KEYS = frozenset({*ONE_C_KEYS, *ONE_C_KEYS.values(), *ENGLISH_ALIASES})


def parse_batch_item(item: object, index: int, tz: tzinfo) -> BatchInput:
    """Validate one element of a 1C intake array; errors carry ``index`` and ``field``."""
    if type(item) is not dict and not isinstance(item, Mapping):
        raise P.ITEM_NOT_AN_OBJECT(kind=json_kind(item), index=index)
    values: dict[str, Any] = {}
    for name, key, label, key_required, value_required, parser in _ITEM_FIELDS:
        if key in item:                 # the 1C key, as 1C sends it: the common case
            raw = item[key]
        else:
            present, raw = _lookup(item, name)
            if not present and key_required:
                raise P.ITEM_KEY_MISSING(key=key, field=label, index=index)
        if raw is None:
            if value_required:
                raise P.VALUE_REQUIRED(field=label, index=index)
            continue
        try:
            values[name] = parser(raw, label, tz)
        except ValidationError as exc:
            raise exc.at(index=index) from None
    values.setdefault("work_center_name", values["work_center"])
    check_shift_times(values["shift_start"], values["shift_end"], index=index)
    return BatchInput(**values)


def unknown_keys(item: object) -> list[str]:
    """The keys of a 1C item that are neither a 1C key nor an English name: a misspelling
    that must not pass unnoticed (intake reports them as warnings)."""
    if not isinstance(item, Mapping):
        return []
    if _KNOWN_KEYS.issuperset(item):    # one C-speed check for the usual item
        return []
    return [str(key) for key in item if key not in _KNOWN_KEYS]


def json_kind(value: object) -> str:
    """What a JSON value is, in JSON's own words (for "expected an object, got an array")."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", type(None): "null"}.get(type(value), "value")


def check_shift_times(start: datetime, end: datetime, *, index: int | None = None) -> None:
    if end <= start:
        raise P.SHIFT_END_NOT_AFTER_START(start_at=start, end_at=end,
                                          field=field_label("shift_end"), index=index)


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """What an edit changes: column values to store, and whether it closed or reopened."""

    changes: dict[str, Any]     # field -> new value, only the fields that really change
    closed: bool
    reopened: bool


def plan_edit(current: Mapping[str, Any], requested: Mapping[str, Any], now: datetime,
              tz: tzinfo) -> EditOutcome:
    """Apply §3's edit rules to a batch's current field values.

    ``current`` holds the stored values (``work_center`` as identifier, ``closed_at``);
    ``requested`` any subset of EDITABLE_FIELDS with raw values. Closing sets ``closed_at``
    to ``now`` (closing again keeps it), reopening clears it, and a closed batch refuses
    every other edit unless the same request reopens it.
    """
    unknown = [name for name in requested if name not in EDITABLE_FIELDS]
    if unknown:
        raise P.FIELD_NOT_EDITABLE(name=unknown[0], fields=", ".join(EDITABLE_FIELDS),
                                   field=unknown[0])
    parsed = {name: parse_field(name, value, tz) for name, value in requested.items()}
    changes = {name: value for name, value in parsed.items() if current.get(name) != value}
    was_closed = bool(current["is_closed"])
    will_close = changes.get("is_closed") is True
    reopening = changes.get("is_closed") is False
    if was_closed and not reopening and any(name != "is_closed" for name in changes):
        raise P.CLOSED_FOR_EDIT(field=next(name for name in changes if name != "is_closed"))
    start = changes.get("shift_start", current["shift_start"])
    end = changes.get("shift_end", current["shift_end"])
    if "shift_start" in changes or "shift_end" in changes:
        check_shift_times(start, end)
    if will_close:
        changes["closed_at"] = now
    if reopening:
        changes["closed_at"] = None
    return EditOutcome(changes=changes, closed=will_close, reopened=reopening)

