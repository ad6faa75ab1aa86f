"""What waits for a file to be where its link leads (§6, §8): the ``report_generated`` event
(and the report's e-mail) carries the file's link, so it is emitted once the file is
uploaded, or at once when it is kept locally only (its link is then the local file's).

An announcement is plain JSON, kept on the file's catalogue row while its upload waits:

    {"event": "report_generated", "batch_id": 17, "report_type": "pdf"}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mesdesk.domain import events

from .dto import FileLink, StoredFile

REPORT_GENERATED = events.REPORT_GENERATED


def report_announcement(batch_id: int, report_type: str) -> dict[str, Any]:
    return {"event": REPORT_GENERATED, "batch_id": batch_id, "report_type": report_type}


def announce(uow: Any, announcement: Mapping[str, Any], link: FileLink) -> None:
    """Emit in ``uow`` what ``announcement`` stands for, with the file's ``link``."""
    if announcement.get("event") == REPORT_GENERATED:
        uow.emit(events.report_generated(int(announcement["batch_id"]),
                                         str(announcement["report_type"]), link.url,
                                         link.expires_at))


def announce_stored(file_store: Any, uow: Any, stored: StoredFile,
                    announcement: Mapping[str, Any]) -> None:
    """Announce a file just stored: through the synced store, which waits for its upload,
    or at once for a store without an object store behind it (a local folder store)."""
    when_uploaded = getattr(file_store, "announce_when_uploaded", None)
    if when_uploaded is not None:
        when_uploaded(uow, stored, announcement)
    else:
        announce(uow, announcement, FileLink(stored.url, stored.expires_at))
