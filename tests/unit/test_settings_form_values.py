"""The Settings form's values without Qt: what changed and what waits for a restart."""

from __future__ import annotations

from dataclasses import fields, replace

from mesdesk.config import Settings
from mesdesk.services.settings import EDITABLE, LIVE, RESTART
from mesdesk.ui.views.settings.form import FormValues, canonical_terminators, pending_restart


def running(tmp_path, **values) -> Settings:
    return Settings(config_dir=tmp_path, data_dir=tmp_path, station="line-1",
                    database_url="postgresql://mes@db/mesdesk", **values)


def test_terminators_are_written_one_way_whatever_way_they_were_typed():
    assert canonical_terminators("Tab, enter") == "enter,tab"
    assert canonical_terminators("carriage return?") == "carriage return?"   # kept as typed


def test_only_what_was_changed_is_saved(tmp_path):
    before = FormValues.of(running(tmp_path))
    after = replace(before, station="line-2", sounds_muted=True)
    assert after.changes_from(before) == {"station": "line-2", "sounds_muted": True}


def test_the_time_zone_applies_now_and_the_station_after_a_restart(tmp_path):
    settings = running(tmp_path)
    values = replace(FormValues.of(settings), station="line-2", timezone="Asia/Tokyo",
                     scan_min_length=12)
    assert pending_restart(values, settings, password_stored=False) == [
        "station", "scan_min_length"]


def test_a_database_url_that_only_gained_a_password_is_no_restart_unless_it_was_stored(
        tmp_path):
    settings = running(tmp_path)
    same_place = replace(FormValues.of(settings),
                         database_url="postgresql://mes:pw@db/mesdesk")
    assert pending_restart(same_place, settings, password_stored=False) == []
    assert pending_restart(same_place, settings, password_stored=True) == ["database_url"]
    elsewhere = replace(same_place, database_url="postgresql://mes@other/mesdesk")
    assert pending_restart(elsewhere, settings, password_stored=False) == ["database_url"]


def test_every_field_of_the_form_applies_either_now_or_after_a_restart():
    """The save sentence names what applies now and what waits: a field in neither list would
    be saved without a word; in both, it would be announced twice."""
    assert {f.name for f in fields(FormValues)} == set(EDITABLE)
    assert set(LIVE) | set(RESTART) == set(EDITABLE)
    assert not set(LIVE) & set(RESTART)
