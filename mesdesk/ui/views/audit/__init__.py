"""The Audit area (issue 15): who changed what, when."""

from .page import AuditPage

__all__ = ["AuditPage"]
