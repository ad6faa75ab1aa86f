"""How the §9 schedule reads to a person: a schedule ("Daily at 01:00", "Every 15 min"), why a
run ran, and a run's outcome. Built from the schedule's data (``Schedule.as_dict``) and the
run's stored problem, never from English sentences. Context "Schedule"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTime

from mesdesk.services.dto import ScheduledRunDTO

from .jobs import SUCCEEDED, outcome_text, status_name
from .problems import stored_problem_text

CONTEXT = "Schedule"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def schedule_text(schedule: dict[str, Any]) -> str:
    """``Daily at 01:00`` (a wall-clock time of the production zone) or ``Every 15 min``."""
    if schedule.get("kind") == "daily":
        hours, minutes = (int(part) for part in str(schedule.get("at", "0:0")).split(":"))
        at = QLocale().toString(QTime(hours, minutes), "HH:mm")
        return tr("Daily at {time}").format(time=at)
    seconds = int(schedule.get("seconds", 0))
    count = QLocale().toString
    if seconds and seconds % 3600 == 0:
        return tr("Every {count} h").format(count=count(seconds // 3600))
    if seconds and seconds % 60 == 0:
        return tr("Every {count} min").format(count=count(seconds // 60))
    return tr("Every {count} s").format(count=count(seconds))


def trigger_name(trigger: str) -> str:
    """Why a run ran."""
    names = {"schedule": tr("on schedule"), "catch_up": tr("caught up at start"),
             "manual": tr("run by hand")}
    return names.get(trigger, trigger)


def run_outcome(run: ScheduledRunDTO | None) -> str:
    """One line: "Succeeded", "Running", or "Failed: <why>"; "Not run yet" without a run."""
    if run is None:
        return tr("Not run yet")
    if run.status == "failed":
        reason = stored_problem_text(run.error_problem) or ""
        first = reason.strip().splitlines()[0] if reason.strip() else ""
        return tr("Failed: {reason}").format(reason=first) if first else status_name("failed")
    return status_name(run.status)


def counts_text(run: ScheduledRunDTO | None) -> str:
    """The run's counts with their labels ("closed batches: 3"); empty when it has none."""
    if run is None or run.counts is None or run.status != SUCCEEDED:
        return ""
    return outcome_text(SUCCEEDED, run.counts, None)
