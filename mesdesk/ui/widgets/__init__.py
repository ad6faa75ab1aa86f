"""Reusable widgets shared by several views."""
