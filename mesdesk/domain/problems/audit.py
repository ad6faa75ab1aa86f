"""Problems of reading the audit log (issue 15): filters that cannot select anything."""

from __future__ import annotations

from . import Kind, define

__all__ = ["AUDIT_ENTITY_ID_WITHOUT_ENTITY", "AUDIT_UNTIL_BEFORE_SINCE", "AUDIT_FILTER_TEXT"]

AUDIT_ENTITY_ID_WITHOUT_ENTITY = define(
    "audit.entity_id_without_entity", Kind.VALIDATION,
    "an entity id needs its entity too: batch 12 and webhook subscription 12 are not the same")
AUDIT_UNTIL_BEFORE_SINCE = define("audit.until_before_since", Kind.VALIDATION,
                                  "must be later than 'from' ({since})")
AUDIT_FILTER_TEXT = define(
    "audit.filter_text", Kind.VALIDATION,
    "'{text}' cannot be looked for: at most {maximum} characters, and no NUL character")
