"""The real world: database, storage, mail, journal, notifications."""
