"""What the Import, Export and Report dialogs offer, decided without Qt."""

from pathlib import Path

import pytest

from mesdesk.services.dto import BatchFilter
from mesdesk.ui.views.batches.file_choices import (
    ExportChoices, ExportScope, ExportWhat, ImportChoices, ImportInto, SheetFormat,
)
from tests.support.memory_batches import batch

FILTER = BatchFilter(is_closed=False)


def test_export_offers_what_the_list_shows_and_the_selection_when_there_is_one():
    choices = ExportChoices(FILTER, listed=120, selected=batch(7, 17))
    assert choices.allowed(ExportScope.LISTED, ExportWhat.BATCHES)
    assert choices.allowed(ExportScope.SELECTED, ExportWhat.PRODUCTS)
    assert not choices.allowed(ExportScope.SELECTED, ExportWhat.BATCHES)   # one row: no
    assert choices.default_scope(ExportWhat.PRODUCTS) is ExportScope.LISTED
    request = choices.request(ExportWhat.PRODUCTS, ExportScope.SELECTED, SheetFormat.CSV)
    assert request.batch_ids == (7,) and request.flt == FILTER
    assert request.kind == "export_products"
    listed = choices.request(ExportWhat.BATCHES, ExportScope.LISTED, SheetFormat.XLSX)
    assert listed.batch_ids == () and listed.kind == "export_batches"


def test_an_empty_list_leaves_the_selected_batch_and_no_selection_leaves_the_list():
    empty = ExportChoices(FILTER, listed=0, selected=batch(7, 17))
    assert not empty.allowed(ExportScope.LISTED, ExportWhat.PRODUCTS)
    assert empty.default_scope(ExportWhat.PRODUCTS) is ExportScope.SELECTED
    with pytest.raises(ValueError):
        empty.request(ExportWhat.BATCHES, ExportScope.LISTED, SheetFormat.XLSX)
    nothing_selected = ExportChoices(FILTER, listed=None, selected=None)   # still counting
    assert nothing_selected.allowed(ExportScope.LISTED, ExportWhat.BATCHES)
    assert not nothing_selected.allowed(ExportScope.SELECTED, ExportWhat.PRODUCTS)


def test_codes_go_only_into_an_open_selected_batch():
    open_batch = ImportChoices(batch(7, 17))
    request = open_batch.request(Path("codes.csv"), ImportInto.SELECTED, update_existing=True)
    assert request is not None and request.batch_id == 7
    assert request.update_existing is False         # codes are never "updated"
    closed = ImportChoices(batch(8, 18, is_closed=True))
    assert not closed.can_codes
    assert closed.request(Path("codes.csv"), ImportInto.SELECTED, False) is None
    assert ImportChoices(None).request(Path("codes.csv"), ImportInto.SELECTED, False) is None


def test_an_import_needs_a_file():
    choices = ImportChoices(None)
    assert choices.request(None, ImportInto.BATCHES, False) is None
    request = choices.request(Path("Задания.xlsx"), ImportInto.BATCHES, True)
    assert request is not None and request.update_existing and request.batch_id is None
    assert choices.takes(Path("a.XLSX")) and choices.takes(Path("b.csv"))
    assert not choices.takes(Path("c.png"))
