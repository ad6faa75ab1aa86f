"""MESDesk: a desktop MES client for factory workstations."""

__version__ = "0.1.0"
