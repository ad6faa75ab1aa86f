"""Roles and abilities (``domain.roles``) in the user's language: a refusal says "Иванов
(оператор) не может закрывать и открывать партии", not the English the core keeps; a control
the signed-in user's role may not use says which role it needs. Which role an action needs is
``domain/roles``' one table; nothing here decides it.

Context "Roles"; an unknown value (a role typed wrong, an ability added without its words
here) is shown as it is.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mesdesk.domain.roles import LEAST_ROLE, Role


def tr(text: str) -> str:
    return QCoreApplication.translate("Roles", text)


def role_name(role: Role | str) -> str:
    """``operator``/``Role.OPERATOR`` -> "operator" in the user's language."""
    label = role.label if isinstance(role, Role) else str(role)
    names = {"operator": tr("operator"), "supervisor": tr("supervisor"),
             "administrator": tr("administrator")}
    return names.get(label, label)


def role_names() -> list[tuple[Role, str]]:
    """Every role, lowest first, with its name (a role chooser's items)."""
    return [(role, role_name(role)) for role in Role]


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
        "change the station's settings": tr("change the station's settings"),
    }
    return names.get(ability, ability)


def needs_role(use_case: str) -> str:
    """What a control that runs ``use_case`` says to someone whose role may not."""
    return tr("Needs the {role} role.").format(role=role_name(LEAST_ROLE[use_case]))


def with_needed_role(tip: str, use_case: str) -> str:
    """A control's own tooltip and, under it, the role it needs."""
    return f"{tip}\n{needs_role(use_case)}" if tip else needs_role(use_case)
