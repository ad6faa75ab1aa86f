"""Test services shared by the whole suite: one real PostgreSQL per session (pgserver).

Every test that takes ``engine`` gets a migrated database emptied before it starts, so tests
see committed data across connections (the concurrency tests need that) and stay isolated.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Qt offscreen and a private runtime dir for everything the suite starts.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_RUNTIME = Path(tempfile.mkdtemp(prefix="mesdesk-xdg-"))
_RUNTIME.chmod(0o700)
atexit.register(shutil.rmtree, _RUNTIME, ignore_errors=True)   # one per process, gone after
os.environ["XDG_RUNTIME_DIR"] = str(_RUNTIME)
# No test reaches the user's own keyring, in this process or in a CLI it starts: there is none
# unless a test gives the composition root a keyring of its own.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from tests.support.postgres import TestPostgres  # noqa: E402


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory):
    server = TestPostgres(tmp_path_factory.mktemp("pg"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def migrated_url(postgres: TestPostgres) -> str:
    return postgres.migrated_database("mesdesk_test")


@pytest.fixture
def engine(postgres: TestPostgres, migrated_url: str):
    from mesdesk.adapters.db.engine import make_engine

    postgres.empty_database(migrated_url)
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Yekaterinburg")


@pytest.fixture
def uow_factory(engine):
    from mesdesk.adapters.db.uow import SqlUnitOfWorkFactory

    return SqlUnitOfWorkFactory(engine, actor="tester", station="test-station")


@pytest.fixture
def fixtures_dir() -> Path:
    """The sample 1C payloads shipped beside the project (../shared/fixtures)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent / "shared" / "fixtures", here / "data"):
        if (candidate / "1c_batches_sample.json").is_file():
            return candidate
    raise FileNotFoundError("1C sample fixtures not found")


def _transportable(text: str) -> str:
    """``text`` with lone surrogates escaped: a pytest-xdist worker cannot send a report that
    holds one (what the hostile-input tests feed MESDesk may end up in a captured log), and
    the whole run would end in an INTERNALERROR instead of the test's own result."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.sections = [(title, _transportable(text)) for title, text in report.sections]
    if report.longrepr is not None and not isinstance(report.longrepr, tuple):
        shown = str(report.longrepr)
        if shown != _transportable(shown):
            report.longrepr = _transportable(shown)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory):
    """A real S3 server (SeaweedFS) for this test process, credentials enforced; a test that
    stops it (an outage) starts it again before it ends."""
    from tests.support.s3 import S3Server

    server = S3Server(tmp_path_factory.mktemp("s3")).start()
    yield server
    server.close()


@pytest.fixture
def s3_prefix(s3_server) -> str:
    """Buckets of this test's own (``<prefix>reports``…): tests never see each other's files."""
    s3_server.start()           # up, whatever an earlier test did
    return s3_server.fresh_prefix()


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps the messages it receives."""
    from tests.support.smtp import SmtpServer

    server = SmtpServer().start()
    yield server
    server.stop()
