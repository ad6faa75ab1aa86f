"""The station's offline scan journal."""

from .sqlite_journal import JournalEntry, SqliteScanJournal

__all__ = ["JournalEntry", "SqliteScanJournal"]
