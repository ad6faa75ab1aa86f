"""Formulas without a saved value and error cells are found wherever they sit in the sheet's
XML: past the first megabyte, across a read boundary, with a namespace prefix."""

from __future__ import annotations

import zipfile

import pytest

from mesdesk.adapters.sheets import read_xlsx_cells as cells

PART = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet(tmp_path, rows: str, *, prefix: str = "") -> zipfile.ZipFile:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    filler = "".join(f'<{p}row r="{r}"><{p}c r="A{r}" t="inlineStr"><{p}is><{p}t>'
                     f'filler text {r}</{p}t></{p}is></{p}c></{p}row>' for r in range(1, 20_001))
    xml = (f'<?xml version="1.0"?><{p}worksheet {xmlns}><{p}sheetData>{filler}{rows}'
           f'</{p}sheetData></{p}worksheet>')
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PART, xml.replace("ROW", p))
    return zipfile.ZipFile(path)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_a_formula_without_value_and_an_error_far_into_the_sheet_are_found(tmp_path, prefix):
    rows = ('<ROWrow r="20001"><ROWc r="B20001"><ROWf>1/0</ROWf><ROWv>#DIV/0!</ROWv></ROWc>'
            '</ROWrow>'
            '<ROWrow r="20002"><ROWc r="C20002" t="e"><ROWv>#DIV/0!</ROWv></ROWc></ROWrow>'
            '<ROWrow r="20003"><ROWc r="D20003"><ROWf>SUM(A1:A2)</ROWf></ROWc></ROWrow>')
    with sheet(tmp_path, rows, prefix=prefix) as archive:
        assert archive.getinfo(PART).file_size > 1 << 20       # past the first read
        facts = cells.cell_facts(archive, PART)
    assert {row: (fact.cell, fact.error) for row, fact in facts.items()} == {
        20002: ("C20002", "#DIV/0!"), 20003: ("D20003", None)}


def test_a_sheet_of_plain_values_is_not_parsed_at_all(tmp_path, monkeypatch):
    def parse(*_args, **_kwargs):
        raise AssertionError("a sheet without formulas or errors was parsed")

    monkeypatch.setattr(cells.ElementTree, "iterparse", parse)
    with sheet(tmp_path, "") as archive:
        assert cells.cell_facts(archive, PART) == {}
