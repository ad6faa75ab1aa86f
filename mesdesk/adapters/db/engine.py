"""Engine construction: one engine per process, built by the composition root."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext, make_url


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and ``postgres://`` URLs and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, pool_size: int = 5, application_name: str = "mesdesk",
                pre_ping: bool = True) -> Engine:
    """An engine with short connect timeouts so a lost server is noticed, not waited on.

    ``pre_ping`` tests each pooled connection before use (one round trip). The scanning
    station turns it off for latency and retries a scan once instead: after a server restart
    the first statement fails, SQLAlchemy drops the whole pool, and the retry reconnects.
    """
    engine = create_engine(
        normalise_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5, "application_name": application_name},
        # A statement's parameters (a webhook secret, a header token) never reach an error
        # message, and so never a log file or a dialog.
        hide_parameters=True,
    )
    event.listen(engine, "handle_error", _without_row_values)
    return engine


def _without_row_values(context: ExceptionContext) -> None:
    """A database error says what went wrong, never the values involved.

    PostgreSQL's DETAIL quotes them ("Failing row contains (…, whsec_…, …)", "Key (x)=(…)
    already exists"), and the error's text ends up in the log file. Only the primary message
    is kept in the text (it names the constraint); ``orig.diag`` still has every field for
    code that needs one."""
    orig = context.original_exception
    primary = getattr(getattr(orig, "diag", None), "message_primary", None)
    if not primary:
        return
    orig.args = (primary,)
    error = context.sqlalchemy_exception
    if error is not None:
        error.args = (f"({type(orig).__module__}.{type(orig).__name__}) {primary}",)
