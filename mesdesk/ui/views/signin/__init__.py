"""Signing in and locking the station (issue 15)."""
