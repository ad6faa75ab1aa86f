"""A demo data set that makes the screens look like a real plant: `mesdesk demo`.

Batches arrive the way 1C sends them (the intake services), codes are real-looking Честный
ЗНАК GS1 codes, and aggregation times are spread over each shift so hourly charts have shape.
Deterministic for a seed and a day; running it again updates rather than duplicates.
"""

from __future__ import annotations

import random
import string
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from mesdesk.domain import problems as P
from mesdesk.domain.codes import GS, gtin_check_digit

from .intake import intake_batches, intake_products
from .ports import UnitOfWorkFactory

WORK_CENTERS = [
    ("RC-001", "Цех №1 — линия розлива"),
    ("RC-002", "Цех №1 — упаковка"),
    ("RC-003", "Цех №2 — молочная линия"),
    ("RC-004", "Цех №2 — фасовка"),
    ("RC-005", "Цех №3 — обувь"),
    ("RC-006", "Склад готовой продукции"),
]
PRODUCTS = [  # nomenclature, ЕКН, GTIN body (13 digits), serial length
    ("Вода питьевая «Родник» 0,5 л", "EKN-10452", "460123456789", 13),
    ("Вода минеральная «Исток» 1,5 л", "EKN-10453", "460123456790", 13),
    ("Молоко 3,2 % 1 л", "EKN-20311", "460765432101", 6),
    ("Кефир 2,5 % 0,9 л", "EKN-20318", "460765432102", 6),
    ("Сыр «Российский» 200 г", "EKN-20420", "460765432103", 6),
    ("Кроссовки мужские, р. 42", "EKN-31007", "460555000111", 13),
    ("Ботинки женские, р. 38", "EKN-31012", "460555000112", 13),
    ("Сок яблочный 1 л", "EKN-11020", "460123450001", 13),
]
SHIFTS = [("1 смена", time(8, 0), 12), ("2 смена", time(20, 0), 12)]
TEAMS = ["Бригада Иванова", "Бригада Петровой", "Бригада Сидорова", "Бригада №4"]
SERIAL_CHARS = string.ascii_letters + string.digits + "!\"%&'()*+-./_,:;=<>?"
CRYPTO_CHARS = string.ascii_letters + string.digits + "+/="


def _gtin(body12: str, variant: int) -> str:
    body13 = f"0{body12[:12]}"[:13]
    body13 = body13[:-1] + str(variant % 10)
    return body13 + gtin_check_digit(body13)


def marking_code(rng: random.Random, gtin: str, serial_length: int) -> tuple[str, str]:
    """(code, identity) of a Честный ЗНАК code: 01 GTIN 21 serial GS 91 key GS 92 signature,
    or 01 GTIN 21 serial GS 93 tail for dairy."""
    serial = "".join(rng.choice(SERIAL_CHARS) for _ in range(serial_length))
    identity = f"01{gtin}21{serial}"
    if serial_length == 6:
        tail = "".join(rng.choice(CRYPTO_CHARS) for _ in range(4))
        return f"{identity}{GS}93{tail}", identity
    key = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(4))
    signature = "".join(rng.choice(CRYPTO_CHARS) for _ in range(44))
    return f"{identity}{GS}91{key}{GS}92{signature}", identity


#: A demo is for looking around; more than this is a typo (benchmarks make their own data).
MAX_DEMO_BATCHES = 100_000


def fill_demo(uow_factory: UnitOfWorkFactory, tz: tzinfo, *, batches: int = 300,
              seed: int = 7, today: date | None = None) -> dict[str, Any]:
    if not 1 <= batches <= MAX_DEMO_BATCHES:
        raise P.DEMO_SIZE(minimum=1, maximum=MAX_DEMO_BATCHES, value=batches, field="batches")
    rng = random.Random(seed)
    today = today or datetime.now(tz).date()
    now = datetime.now(tz)
    per_day = max(1, len(WORK_CENTERS) * len(SHIFTS) // 2)
    days = max(1, -(-batches // per_day))
    items: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    for day_offset in range(days - 1, -1, -1):
        day = today - timedelta(days=day_offset)
        number = (day.toordinal() % 10000) * 100  # batch numbers restart every day
        centers = rng.sample(WORK_CENTERS, per_day // len(SHIFTS) or 1)
        for identifier, name in centers:
            for shift, start_time, hours in SHIFTS:
                if len(items) >= batches:
                    break
                number += 1
                nomenclature, ekn, gtin_body, serial_length = rng.choice(PRODUCTS)
                start = datetime.combine(day, start_time, tzinfo=tz)
                end = start + timedelta(hours=hours)
                finished = end < now
                items.append({
                    "СтатусЗакрытия": False,
                    "ПредставлениеЗаданияНаСмену": f"Задание на смену №{number}: {nomenclature}",
                    "РабочийЦентр": name, "Смена": shift, "Бригада": rng.choice(TEAMS),
                    "НомерПартии": number, "ДатаПартии": day.isoformat(),
                    "Номенклатура": nomenclature, "КодЕКН": ekn, "ИдентификаторРЦ": identifier,
                    "ДатаВремяНачалаСмены": start.isoformat(),
                    "ДатаВремяОкончанияСмены": end.isoformat(),
                })
                plans.append({"number": number, "day": day, "start": start, "end": end,
                              "finished": finished, "gtin_body": gtin_body,
                              "serial_length": serial_length,
                              "codes": rng.randint(60, 260)})
    intake_batches(uow_factory, items, tz)

    product_items: list[dict[str, Any]] = []
    identities_by_number: dict[int, list[str]] = {}
    for variant, plan in enumerate(plans):
        gtin = _gtin(plan["gtin_body"], variant)
        codes = [marking_code(rng, gtin, plan["serial_length"]) for _ in range(plan["codes"])]
        identities_by_number[plan["number"]] = [identity for _, identity in codes]
        product_items += [{"УникальныйКодПродукта": code, "НомерПартии": plan["number"],
                           "ДатаПартии": plan["day"].isoformat()} for code, _ in codes]
    intake_products(uow_factory, product_items)

    aggregated = 0
    with uow_factory() as uow:
        stored = uow.batches.find_by_keys([(p["number"], p["day"]) for p in plans], lock=True)
        closings: list[tuple[int, datetime]] = []
        rows: list[tuple[str, int, datetime]] = []
        for plan in plans:
            batch = stored[(plan["number"], plan["day"])]
            if batch.products_aggregated or batch.is_closed:
                continue  # already filled by an earlier run
            elapsed = (min(now, plan["end"]) - plan["start"]).total_seconds()
            if elapsed <= 0:
                continue
            share = rng.uniform(0.85, 1.0) if plan["finished"] else \
                min(1.0, elapsed / (plan["end"] - plan["start"]).total_seconds()) * 0.9
            identities = identities_by_number[plan["number"]]
            count = int(len(identities) * share)
            moments = sorted(rng.uniform(0, elapsed) for _ in range(count))
            for identity, offset in zip(identities, moments):
                rows.append((identity, batch.id, plan["start"] + timedelta(seconds=offset)))
            if plan["finished"] and rng.random() < 0.9:
                closings.append((batch.id, plan["end"] + timedelta(minutes=rng.randint(5, 50))))
        aggregated = uow.products.backfill_aggregated(rows, by="demo")
        uow.batches.backfill_closed(closings)
        uow.audit("demo", "batch", None, {"batches": len(plans), "aggregated": aggregated})
        uow.commit()
    return {"batches": len(plans), "work_centers": len(WORK_CENTERS),
            "products": len(product_items), "aggregated": aggregated,
            "closed": len(closings)}


def demo_batch(uow_factory: UnitOfWorkFactory, tz: tzinfo, *, codes: int = 3,
               seed: int | None = None) -> dict[str, Any]:
    """One open batch on the shift running now, with ``codes`` codes of which none is
    aggregated yet, made the way 1C sends them (the intake services): the batch
    ``mesdesk --selftest`` scans into. Its number and codes are random unless ``seed`` is
    given, so a second run in the same database makes a new batch with new codes."""
    rng = random.Random(seed)
    now = datetime.now(tz)
    start = now.replace(minute=0, second=0, microsecond=0)
    day, number = start.date(), rng.randint(900_000, 999_999)
    identifier, center = WORK_CENTERS[0]
    nomenclature, ekn, gtin_body, serial_length = PRODUCTS[0]
    shift, _, hours = SHIFTS[0]
    intake_batches(uow_factory, [{
        "СтатусЗакрытия": False,
        "ПредставлениеЗаданияНаСмену": f"Задание на смену №{number}: {nomenclature}",
        "РабочийЦентр": center, "Смена": shift, "Бригада": TEAMS[0],
        "НомерПартии": number, "ДатаПартии": day.isoformat(),
        "Номенклатура": nomenclature, "КодЕКН": ekn, "ИдентификаторРЦ": identifier,
        "ДатаВремяНачалаСмены": start.isoformat(),
        "ДатаВремяОкончанияСмены": (start + timedelta(hours=hours)).isoformat(),
    }], tz)
    gtin = _gtin(gtin_body, rng.randint(0, 9))
    made = [marking_code(rng, gtin, serial_length)[0] for _ in range(max(1, codes))]
    intake_products(uow_factory, [{"УникальныйКодПродукта": code, "НомерПартии": number,
                                   "ДатаПартии": day.isoformat()} for code in made])
    with uow_factory() as uow:
        batch = uow.batches.find_by_keys([(number, day)])[(number, day)]
    return {"batch_id": batch.id, "number": number, "date": day.isoformat(),
            "codes": made}
