"""Settings: the database (embedded, or a shared server's URL with a connection test), the
production time zone, the language and this station; the password in the OS keyring."""
