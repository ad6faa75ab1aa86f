"""Shift tasks (batches): their fields, the 1C key names, validation and the edit rules of §3."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any, Mapping

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


def parse_field(name: str, value: Any, tz: tzinfo) -> Any:
    """Validate one field value; raises ValidationError naming the field."""
    label = field_label(name)
    if name == "is_closed":
        return parse_bool(value, label)
    if name == "batch_number":
        return parse_int(value, label)
    if name == "batch_date":
        return parse_date(value, label)
    if name in ("shift_start", "shift_end"):
        return parse_datetime(value, label, tz)
    if name in TEXT_LIMITS:
        return parse_text(value, label, max_length=TEXT_LIMITS[name],
                          required=name == "work_center")
    raise P.FIELD_NOT_EDITABLE(name=name, fields=", ".join(EDITABLE_FIELDS), field=name)


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
        return {name: getattr(self, name) for name in (
            "batch_number", "batch_date", "shift_start", "shift_end", "is_closed",
            "task_description", "shift", "team", "nomenclature", "ekn_code")}


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


def parse_batch_item(item: object, index: int, tz: tzinfo) -> BatchInput:
    """Validate one element of a 1C intake array; errors carry ``index`` and ``field``."""
    if not isinstance(item, Mapping):
        raise P.ITEM_NOT_AN_OBJECT(kind=json_kind(item), index=index)
    values: dict[str, Any] = {}
    for name in ONE_C_KEYS:
        present, raw = _lookup(item, name)
        if not present and name in REQUIRED_KEYS:
            raise P.ITEM_KEY_MISSING(key=ONE_C_KEYS[name], field=field_label(name), index=index)
        if raw is None:
            if name in REQUIRED_VALUES:
                raise P.VALUE_REQUIRED(field=field_label(name), index=index)
            continue
        try:
            values[name] = parse_field(name, raw, tz)
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
    known = {*ONE_C_KEYS, *ONE_C_KEYS.values(), *ENGLISH_ALIASES}
    return [str(key) for key in item if key not in known]


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

