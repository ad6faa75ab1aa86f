"""The columns of the spreadsheets MESDesk writes and reads (SPEC §7): one list for both, so an
export is imported again as it is.

An export's headers are the 1C keys (``batches.ONE_C_KEYS``, ``PRODUCT_ONE_C_KEYS``), then
columns only an export has (counters, states, times: ``BATCH_EXPORT_ONLY``,
``PRODUCT_EXPORT_ONLY``). An import reads the 1C keys or the English names in any order and
passes over the export-only columns without a warning: they are facts MESDesk computes, not
something a file may set.
"""

from __future__ import annotations

from .batches import ONE_C_KEYS

#: English field name -> header of a product code sheet (the keys of 1C's product file).
PRODUCT_ONE_C_KEYS: dict[str, str] = {
    "unique_code": "УникальныйКодПродукта",
    "batch_number": "НомерПартии",
    "batch_date": "ДатаПартии",
}
#: How the code field is named in messages: the 1C key with the English name.
PRODUCT_CODE_LABEL = f"{PRODUCT_ONE_C_KEYS['unique_code']} (unique_code)"

#: Columns of a batch export after the 1C keys: English field name -> header.
BATCH_EXPORT_ONLY: dict[str, str] = {
    "id": "ID",
    "products_total": "ВсегоПродуктов",
    "products_aggregated": "Агрегировано",
    "aggregation_rate": "ПроцентАгрегации",
    "closed_at": "ДатаВремяЗакрытия",
    "created_at": "Создана",
    "updated_at": "Изменена",
}

#: Columns of a product export after the 1C keys: English field name -> header.
PRODUCT_EXPORT_ONLY: dict[str, str] = {
    "is_aggregated": "Агрегирован",
    "aggregated_at": "ДатаВремяАгрегации",
    "aggregated_by": "КемАгрегирован",
}

BATCH_EXPORT_COLUMNS: dict[str, str] = {**ONE_C_KEYS, **BATCH_EXPORT_ONLY}
PRODUCT_EXPORT_COLUMNS: dict[str, str] = {**PRODUCT_ONE_C_KEYS, **PRODUCT_EXPORT_ONLY}


def export_only_headers() -> frozenset[str]:
    """Headers (and English names) an import passes over silently."""
    return frozenset({*BATCH_EXPORT_ONLY, *BATCH_EXPORT_ONLY.values(),
                      *PRODUCT_EXPORT_ONLY, *PRODUCT_EXPORT_ONLY.values()})
