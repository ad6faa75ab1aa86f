"""Moved to ``mesdesk/ui/text/webhooks.py``; these names stay importable for ``log.py`` (the
delivery log is being rewritten elsewhere: it imports the shared module directly then, and
this file goes)."""

from ...text.webhooks import long_time, number

__all__ = ["long_time", "number"]
