"""Small builders for test data, going through the real services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from mesdesk.domain.codes import GS, gtin_check_digit
from mesdesk.services.batches import add_products
from mesdesk.services.intake import intake_batches


def batch_item(number: int = 1001, day: date = date(2024, 1, 30), **overrides: Any
               ) -> dict[str, Any]:
    start = datetime.combine(day, datetime.min.time()).replace(hour=8)
    item = {
        "СтатусЗакрытия": False,
        "ПредставлениеЗаданияНаСмену": f"Задание {number}",
        "РабочийЦентр": "Цех №1",
        "Смена": "1 смена",
        "Бригада": "Бригада Иванова",
        "НомерПартии": number,
        "ДатаПартии": day.isoformat(),
        "Номенклатура": "Болт М10х50",
        "КодЕКН": "EKN-12345",
        "ИдентификаторРЦ": "RC-001",
        "ДатаВремяНачалаСмены": start.isoformat(),
        "ДатаВремяОкончанияСмены": (start + timedelta(hours=12)).isoformat(),
    }
    item.update(overrides)
    return item


def create_batch(uow_factory, tz, number: int = 1001, day: date = date(2024, 1, 30),
                 codes: list[str] | None = None, **overrides: Any) -> int:
    intake_batches(uow_factory, [batch_item(number, day, **overrides)], tz)
    with uow_factory() as uow:
        batch_id = uow.batches.find_by_keys([(number, day)])[(number, day)].id
    if codes:
        result = add_products(uow_factory, batch_id, codes)
        assert not result.rejected, result.rejected
    return batch_id


def gtin(seed: int) -> str:
    body = f"0460{seed:09d}"[:13]
    return body + gtin_check_digit(body)


def marking_code(seed: int, serial: str | None = None, *, tail: bool = True) -> str:
    """A Честный ЗНАК code with GS separators; identity is 01<gtin>21<serial>."""
    serial = serial or f"S{seed:012d}"
    code = f"01{gtin(seed % 1000)}21{serial}"
    return code + f"{GS}91EE10{GS}92" + "A" * 44 if tail else code


def identity_of(code: str) -> str:
    return code.split(GS)[0]
