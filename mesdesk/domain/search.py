"""Free-text search over batches: word prefixes, every word must match.

"вод род" finds "Вода «Родник» 0,5 л"; "10453" finds "EKN-10453". The database answers it
from a full-text index (``search_vector``, PostgreSQL's 'simple' configuration with hyphens
read as spaces); ``matches`` is the same rule in Python, for views that must decide whether
a changed row still belongs to their list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_WORDS = 8
_WORD = re.compile(r"\w+")


def search_words(text: str | None) -> list[str]:
    """The words of a search, lower-cased, in order, without repeats."""
    words = _WORD.findall((text or "").replace("_", " ").casefold())
    return list(dict.fromkeys(words))[:MAX_WORDS]


def tsquery(words: Iterable[str]) -> str:
    """A ``to_tsquery('simple', …)`` text: every word as a prefix, all required. Words are
    ``\\w+`` only, so no tsquery operator can come from user input."""
    return " & ".join(f"{word}:*" for word in words)


def matches(words: list[str], *values: str) -> bool:
    tokens = _WORD.findall(" ".join(values).replace("_", " ").casefold())
    return all(any(token.startswith(word) for token in tokens) for word in words)


def number_searched(text: str | None) -> int | None:
    """A search that is a whole number also finds the batch with that number."""
    stripped = (text or "").strip()
    return int(stripped) if stripped.isdigit() and len(stripped) <= 9 else None
