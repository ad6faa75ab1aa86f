"""A JSON document read one array item at a time, so that memory stays bounded.

``json.loads`` of a 50 MB file of junk builds every object at once (gigabytes). Here the file is
decoded in chunks and the items of its array are decoded one by one with
``JSONDecoder.raw_decode`` on a bounded text buffer: at any moment the reader holds one chunk,
one item's text (at most :data:`MAX_ITEM_CHARS`) and the one item it yields.

The document is a JSON array, or an object whose values may include arrays (a 1C export
wraps its array as ``{"items": [...]}``). :func:`walk` yields ``(array, item)`` for every item of
every array that is the document itself (``array == ""``) or an object value under a key in
``wrappers``; every other value is decoded, checked and dropped.

Every way the text can be unreadable is a :class:`Refusal` naming a catalogued problem:
invalid UTF-8, invalid JSON, nesting deeper than :data:`MAX_DEPTH` (never a ``RecursionError``),
an item longer than :data:`MAX_ITEM_CHARS`. An integer too long for Python's ``int`` (over
4,300 digits) becomes a ``float`` (``inf``): the item's validation then refuses it by field.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Collection, Iterator
from typing import Any, BinaryIO

from mesdesk.domain import problems as P
from mesdesk.domain.problems import ProblemType

CHUNK_BYTES = 1 << 20
MAX_ITEM_CHARS = 1 << 20        # one 1C item is about a kilobyte of text
MAX_DEPTH = 64                  # levels of arrays and objects, the document's own included
_CUT_MARGIN = 16                # longer than any token a cut can leave unfinished but a string

_NON_SPACE = re.compile(r"[^ \t\n\r]")
_DECODER = json.JSONDecoder()


def _long_int(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:          # over sys.get_int_max_str_digits(): too long to be an id
        return float(text)


_LONG_INT_DECODER = json.JSONDecoder(parse_int=_long_int)

#: Yielded as the item of an array before its first item: an empty array is seen too.
ARRAY_START = object()


class Refusal(Exception):
    """The text cannot be taken in: a catalogued problem (without the file) and its facts."""

    def __init__(self, problem: ProblemType, **facts: Any) -> None:
        super().__init__(problem.code)
        self.problem = problem
        self.facts = facts


class _Cursor:
    """The decoded text of a binary stream, seen through a window that moves forward."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._bytes = 0             # bytes read from the stream
        self._started = False       # a BOM is dropped from the first text
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._line = 1              # line number of buf[0]
        self._line_start = 0        # absolute offset where that line starts
        self._base = 0              # absolute offset of buf[0]

    def _read(self) -> None:
        data = self._raw.read(CHUNK_BYTES)
        pending = len(self._decoder.getstate()[0])
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise Refusal(P.FILE_ENCODING, offset=self._bytes - pending + exc.start) from None
        self._bytes += len(data)
        self.eof = not data
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        self._forget_consumed()
        self.buf += text

    def _forget_consumed(self) -> None:
        if not self.pos:
            return
        newlines = self.buf.count("\n", 0, self.pos)
        if newlines:
            self._line += newlines
            self._line_start = self._base + self.buf.rindex("\n", 0, self.pos) + 1
        self._base += self.pos
        self.buf = self.buf[self.pos:]
        self.pos = 0

    def fill(self, wanted: int) -> None:
        """At least ``wanted`` characters from ``pos`` in ``buf``, unless the text ends first."""
        while len(self.buf) - self.pos < wanted and not self.eof:
            self._read()

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the text)."""
        while True:
            found = _NON_SPACE.search(self.buf, self.pos)
            if found:
                self.pos = found.start()
                return self.buf[self.pos]
            self.pos = len(self.buf)
            if self.eof:
                return ""
            self._read()

    def where(self, index: int) -> dict[str, int]:
        """Line and column (1-based) of ``buf[index]``."""
        newlines = self.buf.count("\n", 0, index)
        if newlines:
            return {"line": self._line + newlines,
                    "col": index - self.buf.rindex("\n", 0, index)}
        return {"line": self._line, "col": self._base + index - self._line_start + 1}

    def syntax(self, reason: str, index: int | None = None) -> Refusal:
        return Refusal(P.FILE_JSON, reason=reason,
                       **self.where(self.pos if index is None else index))

    def value(self, depth: int) -> Any:
        """The next JSON value, which sits at ``depth`` levels inside the document."""
        self.peek()
        self.fill(MAX_ITEM_CHARS + 2 * _CUT_MARGIN)
        start = self.pos
        try:
            try:
                value, end = _DECODER.raw_decode(self.buf, start)
            except json.JSONDecodeError:
                raise
            except ValueError:      # an integer over Python's digit limit
                value, end = _LONG_INT_DECODER.raw_decode(self.buf, start)
        except json.JSONDecodeError as exc:
            # Where the window cuts the text, a token is cut (a literal, a number, an escape):
            # an error there, or a string that does not end, means the value goes on past
            # the window, so it is longer than an item may be.
            cut = not self.eof and (exc.pos >= len(self.buf) - _CUT_MARGIN
                                    or exc.msg.startswith("Unterminated string"))
            if cut:
                raise self._too_big(start) from None
            raise self.syntax(exc.msg, exc.pos) from None
        except RecursionError:
            raise Refusal(P.FILE_TOO_DEEP, limit=MAX_DEPTH, **self.where(start)) from None
        if end - start > MAX_ITEM_CHARS:
            raise self._too_big(start)
        if _depth(value) + depth > MAX_DEPTH:
            raise Refusal(P.FILE_TOO_DEEP, limit=MAX_DEPTH, **self.where(start))
        self.pos = end
        return value

    def _too_big(self, start: int) -> Refusal:
        return Refusal(P.FILE_ITEM_TOO_BIG, char_limit=MAX_ITEM_CHARS, **self.where(start))


_CONTAINERS = frozenset({dict, list})


def _depth(value: Any) -> int:
    """Levels of arrays and objects in a decoded value (0 for a scalar), level by level,
    without recursion."""
    if type(value) is dict and not any(map(_CONTAINERS.__contains__, map(type, value.values()))):
        return 1                        # an item of plain values: the usual one, told at C speed
    levels = 0
    level = [value] if isinstance(value, (dict, list)) else []
    while level:
        levels += 1
        level = [child for node in level
                 for child in (node.values() if isinstance(node, dict) else node)
                 if isinstance(child, (dict, list))]
    return levels


def walk(raw: BinaryIO, wrappers: Collection[str]) -> Iterator[tuple[str, Any]]:
    """``(array, item)`` for each item of the document's arrays (see the module's text),
    each array announced first by ``(array, ARRAY_START)``.

    An object's key that occurs twice names two arrays: the second is ``key#2`` and so on.
    Raises :class:`Refusal` for unreadable text; the caller sees an empty document as no
    event at all, and a document that is neither array nor object as ``("?", value)``.
    """
    cursor = _Cursor(raw)
    first = cursor.peek()
    if first == "[":
        yield from _array(cursor, "", 1)
    elif first == "{":
        yield from _object(cursor, wrappers)
    elif first:
        yield "?", cursor.value(0)
    if cursor.peek():
        raise cursor.syntax("Extra data")


def _array(cursor: _Cursor, name: str, depth: int) -> Iterator[tuple[str, Any]]:
    cursor.pos += 1                 # the "["
    yield name, ARRAY_START
    if cursor.peek() == "]":
        cursor.pos += 1
        return
    while True:
        yield name, cursor.value(depth)
        following = cursor.peek()
        cursor.pos += 1
        if following == "]":
            return
        if following != ",":
            cursor.pos -= 1
            raise cursor.syntax("Expecting ',' delimiter")


def _object(cursor: _Cursor, wrappers: Collection[str]) -> Iterator[tuple[str, Any]]:
    cursor.pos += 1                 # the "{"
    if cursor.peek() == "}":
        cursor.pos += 1
        return
    seen: dict[str, int] = {}
    while True:
        if cursor.peek() != '"':
            raise cursor.syntax("Expecting property name enclosed in double quotes")
        key = cursor.value(1)
        if cursor.peek() != ":":
            raise cursor.syntax("Expecting ':' delimiter")
        cursor.pos += 1
        if key in wrappers and cursor.peek() == "[":
            seen[key] = seen.get(key, 0) + 1
            name = key if seen[key] == 1 else f"{key}#{seen[key]}"
            yield from _array(cursor, name, 2)
        else:
            cursor.value(1)
        following = cursor.peek()
        cursor.pos += 1
        if following == "}":
            return
        if following != ",":
            cursor.pos -= 1
            raise cursor.syntax("Expecting ',' delimiter")
