"""Sentences for what the settings page's background work found, in the user's language.

The work returns plain codes (``ProbeResult``, problem codes); this turns them into text on
the GUI thread, through ``QCoreApplication.translate`` so that changing the language changes
them too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mesdesk.services.probe_result import ProbeResult

from .problems import problem_text


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
    return tr("Not connected: {reason}").format(reason=problem_text(result.problem))
