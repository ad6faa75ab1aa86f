"""Roles in words (issue 15): a role's name as a person reads it, and what a control that the
signed-in user's role may not use says about the role it needs. Which role an action needs is
``domain/roles``' one table; nothing here decides it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from mesdesk.domain.roles import LEAST_ROLE, Role

CONTEXT = "Roles"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def role_name(role: Role | str) -> str:
    """``operator``/``Role.OPERATOR`` -> "operator" in the user's language (an unknown name
    as it is)."""
    label = role.label if isinstance(role, Role) else str(role)
    names = {"operator": tr("operator"), "supervisor": tr("supervisor"),
             "administrator": tr("administrator")}
    return names.get(label, label)


def role_names() -> list[tuple[Role, str]]:
    """Every role, lowest first, with its name (a role chooser's items)."""
    return [(role, role_name(role)) for role in Role]


def needs_role(use_case: str) -> str:
    """What a control that runs ``use_case`` says to someone whose role may not."""
    return tr("Needs the {role} role.").format(role=role_name(LEAST_ROLE[use_case]))


def with_needed_role(tip: str, use_case: str) -> str:
    """A control's own tooltip and, under it, the role it needs."""
    return f"{tip}\n{needs_role(use_case)}" if tip else needs_role(use_case)
