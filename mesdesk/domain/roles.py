"""Roles and what each may do (issue 15): the one table the services enforce.

Operators scan, view and add codes; supervisors also edit, close and reopen batches, import,
export, report, read analytics and the audit log, and manage webhooks and files;
administrators also manage users, settings and the schedule. Each use case names the least
role that may run it; a higher role may do all a lower one may. A use case missing from ``LEAST_ROLE`` is a mistake the services
refuse to start with, so a new one cannot slip through unguarded. A few actions of a station
are no use case of the database but take a role all the same (``STATION_ACTIONS``: its
settings file); they are in the same table, so the GUI asks ``may`` about everything it offers.
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


_OPERATOR = (
    # viewing batches and their codes
    "get_batch", "list_batches", "count_batches", "list_products", "batches_by_ids",
    "changed_batches", "existing_batches", "filter_options", "find_batch",
    # the scanning station
    "batch_progress", "open_batches", "recent_scans", "aggregate_scan", "aggregate_parsed",
    "aggregate_list", "bulk_aggregate", "add_products",
    # the status bar
    "active_job_ids", "offline_scan_count", "recent_jobs", "queue_length", "pending_files",
    "upload_backlog",
)
_SUPERVISOR = (
    "create_batch", "update_batch", "close_batch", "reopen_batch",
    "intake_batches", "intake_products", "import_file",
    "export_batches", "export_products", "make_report", "report_data", "report_products",
    "dashboard", "batch_analytics", "compare_batches", "export_dashboard",
    "export_batch_analytics", "export_comparison",
    "add_subscription", "update_subscription", "delete_subscription", "get_subscription",
    "list_subscriptions", "send_test_event", "list_deliveries", "get_delivery",
    "delivery_attempts", "resend_delivery", "resend_failed", "count_resendable",
    "retry_failed_webhooks",
    "list_files", "file_link", "fetch_file", "put_import_file", "delete_file", "sync_files",
    "mail_queue", "schedule_overview",
    # the audit log: who changed what (read and export; nobody edits it)
    "list_audit", "audit_choices", "export_audit",
)
_ADMINISTRATOR = (
    "add_user", "update_user", "list_users",
    "run_scheduled_task", "auto_close_expired_batches", "cleanup_old_files",
    "refresh_statistics", "fill_demo", "demo_batch",
)
#: What a station does that is no use case but takes a role: writing its settings file
#: (the Settings page; ``SettingsService.save`` asks).
STATION_ACTIONS = frozenset({"change_settings"})

#: The least role that may run each use case.
LEAST_ROLE: dict[str, Role] = {
    **{name: Role.OPERATOR for name in _OPERATOR},
    **{name: Role.SUPERVISOR for name in _SUPERVISOR},
    **{name: Role.ADMINISTRATOR for name in _ADMINISTRATOR},
    **{name: Role.ADMINISTRATOR for name in STATION_ACTIONS},
}

#: Use cases anyone may call before signing in (signing in itself).
OPEN = frozenset({"sign_in_badge", "sign_in_pin", "sign_in_login", "users_exist",
                  "make_first_administrator"})
assert not OPEN & set(LEAST_ROLE), "a use case is either open or needs a role"


def may(role: Role, use_case: str) -> bool:
    """Whether ``role`` may run ``use_case`` (an unknown use case: nobody may)."""
    needed = LEAST_ROLE.get(use_case)
    return needed is not None and role >= needed
