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


def seeded_database(postgres, name: str, seed_sql: str, check_sql: str, expected: int) -> str:
    """A new database ``name`` at the newest schema, filled set-based by ``seed_sql``
    (generate_series: seconds, not a million round trips); ``check_sql`` must count
    ``expected``. Returns its URL."""
    import time

    from sqlalchemy import text

    from mesdesk.adapters.db.engine import make_engine
    from mesdesk.adapters.db.migrate import upgrade

    url = postgres.create_database(name)
    engine = make_engine(url)
    try:
        upgrade(engine)
        started = time.perf_counter()
        with engine.begin() as connection:
            connection.execute(text(seed_sql))
        with engine.connect() as connection:
            assert connection.execute(text(check_sql)).scalar() == expected
        print(f"\nseeded {name} ({expected:,}) in {time.perf_counter() - started:.1f} s")
    finally:
        engine.dispose()
    return url
