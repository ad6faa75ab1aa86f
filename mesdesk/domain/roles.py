"""Roles and what each may do (issue 15): the one table the services enforce.

Operators scan, view and add codes; supervisors also edit, close and reopen batches, import,
export, report, read analytics and the audit log, and manage webhooks and files;
administrators also manage users, settings and the schedule. The use cases are grouped into
abilities, each with the least role that has it; a higher role may do all a lower one may. A
use case missing from ``ABILITIES`` is a mistake the services refuse to start with, so a new
one cannot slip through unguarded. A few actions of a station are no use case of the database
but take a role all the same (``STATION_ACTIONS``: its settings file); they are abilities like
the others, so the GUI asks ``may`` about everything it offers, from this one table.
"""

from __future__ import annotations

from enum import IntEnum

from mesdesk.domain import problems as P


class Role(IntEnum):
    OPERATOR = 1
    SUPERVISOR = 2
    ADMINISTRATOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


def parse_role(text: object) -> Role:
    """``operator``, ``supervisor`` or ``administrator`` (letter case and spaces ignored)."""
    name = str(text).strip().upper() if text is not None else ""
    try:
        return Role[name]
    except KeyError:
        raise P.USER_ROLE_UNKNOWN(role=str(text), field="role") from None


#: What each role may do, as abilities: a phrase that ends "… may not <ability>" (what a
#: refusal says, translated by the GUI) with the least role that has it and its use cases.
ABILITIES: dict[str, tuple[Role, tuple[str, ...]]] = {
    # operators
    "view batches and their codes": (Role.OPERATOR, (
        "get_batch", "list_batches", "count_batches", "list_products", "batches_by_ids",
        "changed_batches", "existing_batches", "filter_options", "find_batch")),
    "scan and add codes": (Role.OPERATOR, (
        "batch_progress", "open_batches", "recent_scans", "aggregate_scan", "aggregate_parsed",
        "aggregate_list", "bulk_aggregate", "add_products")),
    "see the station's status": (Role.OPERATOR, (
        "active_job_ids", "offline_scan_count", "recent_jobs", "queue_length", "pending_files",
        "upload_backlog")),
    # supervisors
    "create and edit batches": (Role.SUPERVISOR, ("create_batch", "update_batch")),
    "close and reopen batches": (Role.SUPERVISOR, ("close_batch", "reopen_batch")),
    "import batches and codes": (Role.SUPERVISOR, (
        "intake_batches", "intake_products", "import_file")),
    "export and make reports": (Role.SUPERVISOR, (
        "export_batches", "export_products", "make_report", "report_data", "report_products")),
    "read analytics": (Role.SUPERVISOR, (
        "dashboard", "batch_analytics", "compare_batches", "export_dashboard",
        "export_batch_analytics", "export_comparison")),
    "manage webhooks": (Role.SUPERVISOR, (
        "add_subscription", "update_subscription", "delete_subscription", "get_subscription",
        "list_subscriptions", "send_test_event", "list_deliveries", "get_delivery",
        "delivery_attempts", "resend_delivery", "resend_failed", "count_resendable",
        "retry_failed_webhooks")),
    "manage files": (Role.SUPERVISOR, (
        "list_files", "file_link", "fetch_file", "put_import_file", "delete_file",
        "sync_files")),
    "read the mail queue and the schedule": (Role.SUPERVISOR, (
        "mail_queue", "schedule_overview")),
    "read the audit log": (Role.SUPERVISOR, ("list_audit", "audit_choices", "export_audit")),
    # administrators
    "manage users": (Role.ADMINISTRATOR, ("add_user", "update_user", "list_users")),
    "run scheduled tasks": (Role.ADMINISTRATOR, (
        "run_scheduled_task", "auto_close_expired_batches", "cleanup_old_files",
        "refresh_statistics")),
    "make demo data": (Role.ADMINISTRATOR, ("fill_demo", "demo_batch")),
    "change the station's settings": (Role.ADMINISTRATOR, ("change_settings",)),
}

#: What a station does that is no use case but takes a role: writing its settings file
#: (the Settings page; ``SettingsService.save`` asks).
STATION_ACTIONS = frozenset({"change_settings"})

#: The ability each use case belongs to.
ABILITY_OF: dict[str, str] = {
    name: ability for ability, (_, names) in ABILITIES.items() for name in names}
assert len(ABILITY_OF) == sum(len(names) for _, names in ABILITIES.values()), \
    "a use case belongs to one ability"

#: The least role that may run each use case.
LEAST_ROLE: dict[str, Role] = {
    name: role for role, names in ABILITIES.values() for name in names}

#: Use cases anyone may call before signing in (signing in itself).
OPEN = frozenset({"sign_in_badge", "sign_in_pin", "sign_in_login", "users_exist",
                  "make_first_administrator"})
assert not OPEN & set(LEAST_ROLE), "a use case is either open or needs a role"


def may(role: Role, use_case: str) -> bool:
    """Whether ``role`` may run ``use_case`` (an unknown use case: nobody may)."""
    needed = LEAST_ROLE.get(use_case)
    return needed is not None and role >= needed
