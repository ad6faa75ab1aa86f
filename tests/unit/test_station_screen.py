"""What the scanning station decides, without Qt: where a scan goes, what the banner says."""

from __future__ import annotations

import subprocess
import sys

from mesdesk.domain.verdicts import Verdict
from mesdesk.ui.views.aggregation.screen import (
    AfterScan, Banner, BannerKind, Route, StationScreen,
)


def chosen(batch_id: int = 7) -> StationScreen:
    screen = StationScreen()
    screen.choose(batch_id)
    return screen


def test_the_screen_state_needs_no_qt():
    found = subprocess.run(
        [sys.executable, "-c", "import sys, mesdesk.ui.views.aggregation.screen; "
         "print(any(name.startswith('PySide6') for name in sys.modules))"],
        capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


def test_without_a_batch_a_scan_is_refused_and_a_dialog_that_collects_codes_comes_first():
    screen = StationScreen()
    assert screen.route(dialog_took_it=False, modal_open=False) is Route.REFUSE
    assert screen.route(dialog_took_it=True, modal_open=True) is Route.DIALOG


def test_a_scan_under_a_modal_dialog_is_kept_and_the_banner_says_why():
    screen = chosen()
    assert screen.route(dialog_took_it=False, modal_open=True) is Route.KEEP
    screen.decided(Verdict.PENDING, pending=1)
    assert screen.banner() == Banner(BannerKind.HELD, pending=1)


def test_a_scan_with_nothing_in_the_way_is_decided_now():
    assert chosen().route(dialog_took_it=False, modal_open=False) is Route.SCAN


def test_an_accepted_scan_moves_the_counters_and_a_repeat_is_not_listed():
    screen = chosen()
    assert screen.decided(Verdict.ACCEPTED, 0) == AfterScan(listed=True, retry_kept=False,
                                                            progress_changed=True)
    assert screen.decided(Verdict.REPEAT, 0) == AfterScan(listed=False, retry_kept=False,
                                                          progress_changed=False)
    assert screen.decided(Verdict.NOT_FOUND, 0).progress_changed is False


def test_offline_the_banner_counts_the_kept_scans_and_they_are_retried():
    screen = chosen()
    assert screen.database("lost") is False
    after = screen.decided(Verdict.PENDING, pending=3)
    assert after.retry_kept
    assert screen.banner() == Banner(BannerKind.OFFLINE, pending=3)


def test_back_online_the_report_says_how_many_got_verdicts_and_how_many_were_refused():
    screen = chosen()
    screen.database("lost")
    screen.decided(Verdict.PENDING, pending=3)
    assert screen.database("connected") is True            # replay now
    still_kept = screen.replayed([Verdict.ACCEPTED, Verdict.NOT_FOUND], pending=1)
    assert still_kept
    assert screen.banner() == Banner(BannerKind.BACK_WITH_PROBLEMS, pending=1, decided=2,
                                     problems=1)
    assert screen.replay_sound([Verdict.ACCEPTED, Verdict.NOT_FOUND]) == Verdict.NOT_FOUND


def test_the_report_stays_until_seen_then_the_banner_goes():
    screen = chosen()
    screen.decided(Verdict.PENDING, pending=1)
    assert screen.replayed([Verdict.ACCEPTED], pending=0) is False
    assert screen.banner().kind is BannerKind.BACK
    assert screen.replay_sound([Verdict.ACCEPTED]) == Verdict.ACCEPTED
    screen.report_seen()
    assert screen.banner() == Banner(BannerKind.HIDDEN)


def test_kept_scans_decided_after_the_dialog_closes_end_the_held_banner():
    screen = chosen()
    screen.route(dialog_took_it=False, modal_open=True)
    screen.decided(Verdict.PENDING, pending=1)
    screen.replayed([Verdict.ACCEPTED], pending=0)
    screen.report_seen()
    assert screen.held_for_dialog == 0
    assert screen.banner().kind is BannerKind.HIDDEN


def test_only_changes_of_the_chosen_batch_move_its_counters():
    screen = chosen(7)
    assert screen.concerns_batch([7, 8]) and screen.concerns_batch(None)
    assert not screen.concerns_batch([8])
    screen.batch_gone()
    assert not screen.concerns_batch(None)
