"""What waits for a file to be where its link leads (§6, §8): the ``report_generated`` event
(and the report's e-mail) carries the file's link, so it is emitted once the file is
uploaded, or at once when it is kept locally only (its link is then the local file's).

An announcement is plain JSON, kept on the file's catalogue row while its upload waits:

    {"event": "report_generated", "batch_id": 17, "report_type": "pdf", "mail_to": [],
     "batch_number": 5, "batch_date": "2026-12-04"}

``mail_to``: the addresses the report was asked to be mailed to (``--email``); none: the
"report ready" mail goes to the recipients the station's settings name, if any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from mesdesk.domain import events

from .dto import FileLink, StoredFile
from .mail import queue_report_mail

REPORT_GENERATED = events.REPORT_GENERATED


def report_announcement(batch_id: int, report_type: str, *, mail_to: Sequence[str] = (),
                        batch_number: int | None = None,
                        batch_date: date | None = None) -> dict[str, Any]:
    return {"event": REPORT_GENERATED, "batch_id": batch_id, "report_type": report_type,
            "mail_to": list(mail_to), "batch_number": batch_number,
            "batch_date": None if batch_date is None else batch_date.isoformat()}


def announce(uow: Any, announcement: Mapping[str, Any], link: FileLink) -> int | None:
    """Emit in ``uow`` what ``announcement`` stands for, with the file's ``link``; the id of
    the mail queued with it, if one was."""
    if announcement.get("event") != REPORT_GENERATED:
        return None
    batch_id = int(announcement["batch_id"])
    report_type = str(announcement["report_type"])
    uow.emit(events.report_generated(batch_id, report_type, link.url, link.expires_at))
    number, day = announcement.get("batch_number"), announcement.get("batch_date")
    return queue_report_mail(uow, batch_id=batch_id, report_type=report_type,
                             file_url=link.url, expires_at=link.expires_at,
                             recipients=tuple(announcement.get("mail_to") or ()),
                             batch_number=None if number is None else str(number),
                             batch_date=None if day is None else date.fromisoformat(day))


def announce_stored(file_store: Any, uow: Any, stored: StoredFile,
                    announcement: Mapping[str, Any]) -> int | None:
    """Announce a file just stored: through the synced store, which waits for its upload,
    or at once for a store without an object store behind it (a local folder store). The id
    of the mail queued now, if one was (None also when the announcement waits)."""
    when_uploaded = getattr(file_store, "announce_when_uploaded", None)
    if when_uploaded is not None:
        return when_uploaded(uow, stored, announcement)
    return announce(uow, announcement, FileLink(stored.url, stored.expires_at))
