"""What the Webhooks page decides, without Qt: selection, allowed actions, what an empty table
says, and each subscription's health."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

from mesdesk.domain.webhooks import gone_problem, gone_reason
from mesdesk.ui.views.webhooks.screen import (
    Detail, Emptiness, HealthKind, LogFilter, WebhooksScreen, health_of, ping_hidden_by,
)
from tests.support.fakes import subscription

ERP = subscription(1, "https://erp.example.com/hooks")
BOARD = subscription(2, "https://board.example.com/in")
OFF = subscription(3, "https://old.example.com/", is_active=False)


def test_the_screen_and_the_form_import_without_qt():
    code = ("import sys, mesdesk.ui.views.webhooks.screen, mesdesk.ui.views.webhooks.form; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_before_the_first_read_the_table_says_loading_and_nothing_may_be_done():
    screen = WebhooksScreen()
    assert screen.emptiness() is Emptiness.LOADING
    assert screen.detail() is Detail.NOTHING
    assert screen.actions().edit is False and screen.actions().test is False


def test_a_first_read_that_fails_says_why_and_a_later_one_ends_the_outage():
    screen = WebhooksScreen()
    assert screen.failed("the database is not reachable") is True
    assert screen.failed("the database is not reachable") is False    # logged once
    assert screen.emptiness() is Emptiness.UNREADABLE
    assert screen.error == "the database is not reachable"
    assert screen.arrived([]) is True                                 # the warning goes
    assert screen.emptiness() is Emptiness.NONE_YET
    assert screen.error is None


def test_a_failure_after_rows_keeps_the_rows_shown():
    screen = WebhooksScreen()
    screen.arrived([ERP])
    screen.failed("lost")
    assert screen.emptiness() is Emptiness.NOTHING
    assert screen.rows == (ERP,)


def test_rows_without_a_selection_show_the_hint_and_a_selection_shows_the_subscription():
    screen = WebhooksScreen()
    screen.arrived([ERP, BOARD])
    assert screen.detail() is Detail.HINT
    assert screen.select(BOARD.id)
    assert screen.selected == BOARD
    assert screen.detail() is Detail.SUBSCRIPTION
    assert not screen.select(99)                      # not listed: the selection stays
    assert screen.selected == BOARD


def test_an_active_subscription_may_be_edited_deleted_and_tested():
    screen = WebhooksScreen()
    screen.arrived([ERP, OFF])
    screen.select(ERP.id)
    allowed = screen.actions()
    assert (allowed.edit, allowed.delete, allowed.test, allowed.test_needs_active) == \
        (True, True, True, False)


def test_an_inactive_subscription_may_not_be_tested_and_says_it_must_be_active():
    screen = WebhooksScreen()
    screen.arrived([ERP, OFF])
    screen.select(OFF.id)
    allowed = screen.actions()
    assert (allowed.edit, allowed.delete, allowed.test, allowed.test_needs_active) == \
        (True, True, False, True)


def test_a_subscription_deleted_elsewhere_drops_out_of_the_selection():
    screen = WebhooksScreen()
    screen.arrived([ERP, BOARD])
    screen.select(BOARD.id)
    screen.arrived([ERP])
    assert screen.selected is None
    assert screen.actions().edit is False


def test_a_new_subscription_is_selected_once_a_read_lists_it():
    screen = WebhooksScreen()
    screen.arrived([ERP])
    screen.select_when_listed(BOARD.id)
    assert screen.selected is None
    screen.arrived([ERP, BOARD])
    assert screen.selected == BOARD
    screen.select(ERP.id)
    screen.arrived([ERP, BOARD])                     # only once
    assert screen.selected == ERP


def test_a_saved_subscription_is_shown_at_once_and_a_deleted_one_goes():
    screen = WebhooksScreen()
    screen.arrived([ERP, BOARD])
    screen.select(BOARD.id)
    changed = subscription(2, "https://board.example.com/v2")
    screen.replaced(changed)
    assert screen.selected == changed
    screen.removed(BOARD.id)
    assert screen.rows == (ERP,)
    assert screen.selected is None


def test_health_says_healthy_failing_disabled_or_switched_off_with_its_facts():
    since = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
    failing = subscription(4, consecutive_failures=3, failing_since=since)
    disabled = subscription(5, is_active=False, disabled_reason=gone_reason(since, 7),
                            disabled_problem=gone_problem(since, 7))
    assert health_of(ERP).kind is HealthKind.HEALTHY and not health_of(ERP).wrong
    assert health_of(failing).kind is HealthKind.FAILING
    assert health_of(failing).failing_since == since
    assert health_of(disabled).kind is HealthKind.DISABLED
    assert health_of(disabled).problem == gone_problem(since, 7)
    assert health_of(OFF).kind is HealthKind.SWITCHED_OFF and health_of(OFF).wrong


def test_a_queued_ping_is_hidden_only_by_filters_that_exclude_it():
    assert not ping_hidden_by(LogFilter(), 1)
    assert not ping_hidden_by(LogFilter(subscription_id=1, status="pending", event="ping"), 1)
    assert ping_hidden_by(LogFilter(subscription_id=2), 1)
    assert ping_hidden_by(LogFilter(status="failed"), 1)
    assert ping_hidden_by(LogFilter(event="batch_closed"), 1)
    assert ping_hidden_by(LogFilter(custom_range=True), 1)
