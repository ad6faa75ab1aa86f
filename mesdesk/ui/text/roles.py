"""Roles and abilities (``domain.roles``) in the user's language: a refusal says "Иванов
(оператор) не может закрывать и открывать партии", not the English the core keeps.

Context "Roles"; an unknown value (a role typed wrong, an ability added without its words
here) is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("Roles", text)


def role_name(role: str) -> str:
    names = {"operator": tr("operator"), "supervisor": tr("supervisor"),
             "administrator": tr("administrator")}
    return names.get(role, role)


def ability_name(ability: str) -> str:
    """What a role may not do, as it follows "may not" (``domain.roles.ABILITIES``' keys)."""
    names = {
        "view batches and their codes": tr("view batches and their codes"),
        "scan and add codes": tr("scan and add codes"),
        "see the station's status": tr("see the station's status"),
        "create and edit batches": tr("create and edit batches"),
        "close and reopen batches": tr("close and reopen batches"),
        "import batches and codes": tr("import batches and codes"),
        "export and make reports": tr("export and make reports"),
        "read analytics": tr("read analytics"),
        "manage webhooks": tr("manage webhooks"),
        "manage files": tr("manage files"),
        "read the mail queue and the schedule": tr("read the mail queue and the schedule"),
        "read the audit log": tr("read the audit log"),
        "manage users": tr("manage users"),
        "run scheduled tasks": tr("run scheduled tasks"),
        "make demo data": tr("make demo data"),
    }
    return names.get(ability, ability)
