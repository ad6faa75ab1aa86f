"""Whatever bytes a 1C file holds, reading it gives items or a catalogued problem, nothing else.

A hostile tester's files: random bytes, truncated JSON, deep nesting, integers of thousands of
digits, lone surrogates in ``\\u`` escapes, byte order marks, Windows-1251 text.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mesdesk.domain.errors import DomainError
from mesdesk.domain.problems import CATALOGUE
from mesdesk.services.input_files import read_1c_items

json_scalars = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=False), st.integers(),
    st.text(max_size=20), st.sampled_from(["НомерПартии", "ДатаПартии", "2026-12-01"]))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)
documents = st.one_of(json_values, st.lists(json_values, min_size=1, max_size=6),
                      st.builds(lambda items: {"items": items}, st.lists(json_values, max_size=4)))


@st.composite
def json_texts(draw) -> str:
    return json.dumps(draw(documents), ensure_ascii=draw(st.booleans()))


@st.composite
def truncated(draw) -> str:
    text = draw(json_texts())
    return text[:draw(st.integers(0, max(len(text) - 1, 0)))]


@st.composite
def nested(draw) -> str:
    depth = draw(st.integers(1, 5_000))
    opener = draw(st.sampled_from(["[", '{"a":', "[1,"]))
    closer = {"[": "]", '{"a":': "}", "[1,": "]"}[opener]
    inner = draw(st.sampled_from(["1", "[]", ""]))
    closed = draw(st.booleans())
    return "[" + opener * depth + inner + (closer * depth if closed else "") + "]"


@st.composite
def huge_numbers(draw) -> str:
    digits = "1" + "7" * draw(st.integers(0, 6_000))
    form = draw(st.sampled_from(["{}", "-{}", "{}.5", "{}e5", "1e{}", "0.{}"]))
    return '[{"НомерПартии": ' + form.format(digits) + "}]"


@st.composite
def surrogates(draw) -> str:
    unit = draw(st.integers(0xD800, 0xDFFF))
    pair = draw(st.booleans())
    escape = f"\\u{unit:04x}" + (f"\\u{draw(st.integers(0xD800, 0xDFFF)):04x}" if pair else "")
    return '[{"Смена": "' + escape + '", "' + escape + '": 1}]'


def encode(text: str, encoding: str) -> bytes:
    """Lone surrogates written as such (invalid UTF-8), what cp1251 lacks as "?"."""
    return text.encode(encoding, errors="replace" if encoding == "cp1251" else "surrogatepass")


def encoded(texts: st.SearchStrategy[str]) -> st.SearchStrategy[bytes]:
    return st.builds(encode, texts, st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16"]))


def cyrillic_json(items: list) -> str:
    return json.dumps(items, ensure_ascii=False)


files = st.one_of(
    st.binary(max_size=300),
    encoded(json_texts()),
    encoded(truncated()),
    encoded(nested()),
    encoded(huge_numbers()),
    encoded(surrogates()),
    st.builds(lambda text: text.encode("cp1251", errors="replace"),
              st.lists(st.fixed_dictionaries({"Смена": st.text(max_size=10)}),
                       max_size=3).map(cyrillic_json)),
    st.builds(lambda bom, body: bom + body,
              st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb"]),
              st.binary(max_size=60) | encoded(json_texts())),
)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz") / "items.json"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=files)
def test_any_file_gives_items_or_a_catalogued_problem(scratch, content):
    scratch.write_bytes(content)
    try:
        items = read_1c_items(scratch)
        walked = list(items)
    except DomainError as error:
        code = error.problem.code
        assert code in CATALOGUE and not code.startswith("legacy."), code
        assert code.startswith("file."), code
        return
    assert len(walked) == len(items) > 0


def expected_items(document: object) -> list | None:
    """What ``json.loads`` and the rule of 1C wrappers give: the array, or None."""
    if isinstance(document, dict):
        for key in ("items", "data", "batches", "products"):
            if isinstance(document.get(key), list):
                return document[key]
        return None
    return document if isinstance(document, list) else None


@settings(max_examples=200, deadline=None)
@given(text=json_texts(), indent=st.sampled_from([None, 1, "\t"]))
def test_valid_json_gives_the_items_json_loads_gives(scratch, text, indent):
    document = json.loads(text)
    scratch.write_text(json.dumps(document, indent=indent, ensure_ascii=False), encoding="utf-8")
    expected = expected_items(document)
    try:
        items = list(read_1c_items(scratch))
    except DomainError as error:
        assert error.problem.code == ("file.no_items" if expected == [] else "file.not_an_array")
        return
    assert items == expected
