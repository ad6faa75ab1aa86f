"""Sentences for what the settings page's background work found, in the user's language.

The work returns plain codes (``ProbeResult``, problem codes); this turns them into text on
the GUI thread, through ``QCoreApplication.translate`` so that changing the language changes
them too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mesdesk.bootstrap_settings import ProbeResult


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsMessages", text)


def probe_sentence(result: ProbeResult) -> str:
    """What a connection test found: the server and the schema, or why it failed."""
    if result.ok:
        schema = {
            "up_to_date": tr("schema up to date"),
            "needs_upgrade": tr("the schema needs an upgrade (MESDesk upgrades it when it "
                                "starts)"),
            "empty": tr("empty database (MESDesk creates the schema when it starts)"),
            "newer": tr("the schema is newer than this version of MESDesk: update MESDesk "
                        "on this computer"),
            "foreign": tr("the database holds other tables and no MESDesk schema: choose "
                          "another database"),
        }.get(result.schema, result.schema)
        return tr("Connected: PostgreSQL {version}, {schema}.").format(
            version=result.server_version, schema=schema)
    reasons = {
        "bad_url": tr("this is not a PostgreSQL URL"),
        "timeout": tr("no answer from {where} within {seconds} seconds"),
        "no_server": tr("no PostgreSQL server answers at {where}"),
        "unknown_host": tr("the server name in {where} is unknown"),
        "auth": tr("the server at {where} refused the user name or password"),
        "no_database": tr("the database {where} does not exist on that server"),
    }
    if result.failure in reasons:
        reason = reasons[result.failure].format(
            where=result.detail, seconds=f"{result.seconds:g}")
    else:
        reason = tr("the server said: {reason}").format(reason=result.detail)
    return tr("Not connected: {reason}.").format(reason=reason)


def url_problem(code: str) -> str:
    return {
        "empty": tr("Enter the server's URL, or choose the embedded database."),
        "syntax": tr("This is not a URL. It looks like "
                     "postgresql://user:password@server:5432/mesdesk"),
        "not_postgres": tr("MESDesk works with PostgreSQL only: the URL starts with "
                           "postgresql://"),
        "bad_port": tr("The port after the server name must be a number, e.g. :5432"),
        "no_database": tr("The URL names no database: add it at the end, e.g. /mesdesk"),
    }.get(code, code)


def timezone_problem(code: str, name: str) -> str:
    if code == "empty":
        return tr("Choose the time zone the shifts are planned in.")
    return tr("Unknown time zone \u201c{name}\u201d: choose one from the list, "
              "e.g. Europe/Moscow.").format(name=name)


def gs_token_problem(code: str) -> str:
    return {
        "control": tr("Type the token as the scanner sends it, without control characters."),
        "alphanumeric": tr("Letters and digits alone also occur inside ordinary codes, "
                           "which this token would break. Set the scanner to send GS, or a "
                           "text with punctuation such as <GS>."),
    }.get(code, code)
