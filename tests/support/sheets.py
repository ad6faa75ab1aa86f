"""Real files for import tests, written as users' programs write them: XlsxWriter and openpyxl
workbooks, CSV as Excel saves it (UTF-8, UTF-8 with BOM, Windows-1251 with ``;``), and an
encrypted workbook's OLE container."""

from __future__ import annotations

import csv
import struct
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

from mesdesk.domain.batches import ONE_C_KEYS

HEADERS = list(ONE_C_KEYS.values())         # the 1C keys, in the order exports write them


def batch_row(number: int, day: date = date(2024, 1, 30), **overrides: Any) -> dict[str, Any]:
    """One shift task as a sheet row: by 1C key, with Excel's own types (dates as dates)."""
    start = datetime.combine(day, datetime.min.time()).replace(hour=8)
    row: dict[str, Any] = {
        "СтатусЗакрытия": False, "ПредставлениеЗаданияНаСмену": f"Задание {number}",
        "РабочийЦентр": "Цех №1", "Смена": "1 смена", "Бригада": "Бригада Иванова",
        "НомерПартии": number, "ДатаПартии": day, "Номенклатура": "Болт М10х50",
        "КодЕКН": "EKN-12345", "ИдентификаторРЦ": "RC-001",
        "ДатаВремяНачалаСмены": start, "ДатаВремяОкончанияСмены": start + timedelta(hours=12),
    }
    row.update(overrides)
    return row


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, sheet: str = "Batches",
               merge: str | None = None, first_sheets: Sequence[str] = ()) -> Path:
    """Rows as XlsxWriter writes them: dates and datetimes as date cells, text as text
    (a GS inside becomes Excel's ``_x001D_``), numbers as numbers, None as no cell."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                           "strings_to_numbers": False})
    day = book.add_format({"num_format": "dd.mm.yyyy"})
    moment = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    hidden = [book.add_worksheet(name) for name in first_sheets]
    ws = book.add_worksheet(sheet)
    ws.activate()
    for other in hidden:
        other.hide()
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, datetime):
                ws.write_datetime(r, c, value, moment)
            elif isinstance(value, date):
                ws.write_datetime(r, c, value, day)
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write(r, c, value)
    if merge:
        ws.merge_range(merge, rows[int(merge.split(":")[0][1:]) - 1][0])
    book.close()
    return path


def batches_xlsx(path: Path, rows: Sequence[dict[str, Any]], headers: Sequence[str] = HEADERS,
                 **options: Any) -> Path:
    return write_xlsx(path, [list(headers)] + [[row.get(h) for h in headers] for row in rows],
                      **options)


def write_openpyxl(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """As openpyxl writes a workbook: formulas without a calculated value."""
    book = openpyxl.Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(list(values))
    book.save(path)
    return path


def cell_text(value: Any) -> str:
    """A value as Russian Excel saves it in a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ИСТИНА" if value else "ЛОЖЬ"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def batches_csv(path: Path, rows: Sequence[dict[str, Any]], *, encoding: str = "utf-8",
                delimiter: str = ";", headers: Sequence[str] = HEADERS) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([cell_text(row.get(h)) for h in headers])
    return path


def encrypted_workbook(path: Path) -> Path:
    """An OLE compound file holding ``EncryptionInfo`` and ``EncryptedPackage`` streams: the
    container Excel saves a password-protected .xlsx in (the streams' bytes are noise here)."""
    sector = 512
    streams = [("EncryptionInfo", b"\x04\x00\x04\x00" + b"\x00" * 4092),
               ("EncryptedPackage", bytes(range(256)) * 32)]
    data = b""
    starts = []
    for _, content in streams:
        starts.append(len(data) // sector)
        data += content + b"\x00" * (-len(content) % sector)
    data_sectors = len(data) // sector
    directory_sector = data_sectors
    fat_sector = data_sectors + 1
    fat = []
    for (_, content), start in zip(streams, starts):
        count = -(-len(content) // sector)
        fat += [start + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFE, 0xFFFFFFFD]                 # the directory; the FAT itself
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF,
              right: int = 0xFFFFFFFF) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", 0xFFFFFFFF, right, child) + b"\x00" * 36
                + struct.pack("<IIi", start, size, 0))

    directory = (entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1)
                 + entry(streams[0][0], 2, starts[0], len(streams[0][1]), right=2)
                 + entry(streams[1][0], 2, starts[1], len(streams[1][1]))
                 + b"\x00" * 128)
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, directory_sector, 0, 4096, 0xFFFFFFFE, 0,
                            0xFFFFFFFE, 0)
              + struct.pack("<I", fat_sector) + b"\xff" * (436 - 4))
    path.write_bytes(header + data + directory + struct.pack("<128I", *fat))
    return path


def write_ods(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """An OpenDocument spreadsheet as LibreOffice stores one: a ZIP with ``mimetype`` first
    (stored) and the cells in ``content.xml`` with their value types."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: Any) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, bool):
            return (f'<table:table-cell office:value-type="boolean" '
                    f'office:boolean-value="{str(value).lower()}"/>')
        if isinstance(value, datetime):
            return (f'<table:table-cell office:value-type="date" '
                    f'office:date-value="{value.isoformat()}"/>')
        if isinstance(value, date):
            return (f'<table:table-cell office:value-type="date" '
                    f'office:date-value="{value.isoformat()}"/>')
        if isinstance(value, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f'<text:p>{value}</text:p></table:table-cell>')
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
                f'</text:p></table:table-cell>')

    body = "".join("<table:table-row>" + "".join(cell(v) for v in values) +
                   "</table:table-row>" for values in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Batches">'
        f'{body}</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def tall_xlsx(path: Path, header: str, rows: int) -> Path:
    """A one-column .xlsx of ``rows`` rows under ``header`` (Excel's most: 1,048,576 in all),
    its XML written directly: XlsxWriter takes seconds for a million cells."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Codes" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}">'
                         f'<dimension ref="A1:A{rows + 1}"/><sheetData><row r="1"><c r="A1" '
                         f't="inlineStr"><is><t>{header}</t></is></c></row>').encode())
            for start in range(2, rows + 2, 65536):
                sheet.write("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'
                                    for r in range(start, min(start + 65536, rows + 2))
                                    ).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path
