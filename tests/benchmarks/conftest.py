"""Benchmarks run by `make bench`, never by `make test`: they print and record numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RESULTS = Path(__file__).resolve().parents[2] / "bench-results"


@pytest.fixture
def record():
    """Print a result line and keep it in bench-results/<name>.json for the notes."""

    def write(name: str, **numbers: object) -> None:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{name}.json").write_text(json.dumps(numbers, indent=2), encoding="utf-8")
        shown = ", ".join(f"{key}={value}" for key, value in numbers.items())
        print(f"\nBENCH {name}: {shown}")

    return write
