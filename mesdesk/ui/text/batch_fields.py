"""What the core refused about one field of a batch, for the label next to that field.

The core's refusals are catalogued problems (``mesdesk.domain.problems``): the field a problem
is about is one of its facts, and its sentence is translated by code. Nothing here reads an
English sentence back.
"""

from __future__ import annotations

from mesdesk.domain.batches import ONE_C_KEYS
from mesdesk.domain.errors import DomainError

from ..errors import describe
from .problems import sentence

def field_name(label: str | None) -> str | None:
    """The English field name of a core field label: ``НомерПартии (batch_number)``, the 1C
    key alone or the English name -> ``batch_number``."""
    if not label:
        return None
    for name, key in ONE_C_KEYS.items():
        if label in (name, key, f"{key} ({name})"):
            return name
    return label


def field_problem(error: BaseException) -> str:
    """What is wrong with one field, for the label next to it: the problem's sentence without
    its location (the field is right there)."""
    if not isinstance(error, DomainError):
        return describe(error)
    return sentence(error.problem)
