"""The subcommand handlers, by group: each returns (JSON document, text lines, exit code)."""

from __future__ import annotations

from .audit import audit_list
from .analytics import analytics_batch, analytics_compare, analytics_dashboard
from .batches import (batches_close, batches_list, batches_reopen, batches_show, batches_update,
                      products_add, run_aggregate, run_intake)
from .codes import codes_check
from .reports import run_report
from .schedule import schedule_list, schedule_run
from .exporting import export_batches, export_products
from .files import (files_delete, files_get, files_link, files_list, files_put,
                    files_sync)
from .importing import run_import
from .system import db_status, db_upgrade, run_demo, run_worker
from .users import users_add, users_list, users_update
from .webhooks import (webhooks_add, webhooks_attempts, webhooks_delete, webhooks_deliveries,
                       webhooks_list, webhooks_resend, webhooks_show, webhooks_test,
                       webhooks_update)

COMMANDS = {
    ("db", "upgrade"): db_upgrade,
    ("db", "status"): db_status,
    ("demo", None): run_demo,
    ("worker", None): run_worker,
    ("webhooks", "add"): webhooks_add,
    ("webhooks", "list"): webhooks_list,
    ("webhooks", "show"): webhooks_show,
    ("webhooks", "delete"): webhooks_delete,
    ("webhooks", "update"): webhooks_update,
    ("webhooks", "test"): webhooks_test,
    ("webhooks", "deliveries"): webhooks_deliveries,
    ("webhooks", "attempts"): webhooks_attempts,
    ("webhooks", "resend"): webhooks_resend,
    ("intake", None): run_intake,
    ("batches", "list"): batches_list,
    ("batches", "show"): batches_show,
    ("batches", "update"): batches_update,
    ("batches", "close"): batches_close,
    ("batches", "reopen"): batches_reopen,
    ("products", "add"): products_add,
    ("aggregate", None): run_aggregate,
    ("codes", "check"): codes_check,
    ("report", None): run_report,
    ("export", "batches"): export_batches,
    ("export", "products"): export_products,
    ("import", None): run_import,
    ("files", "list"): files_list,
    ("files", "get"): files_get,
    ("files", "link"): files_link,
    ("files", "put"): files_put,
    ("files", "delete"): files_delete,
    ("files", "sync"): files_sync,
    ("analytics", "dashboard"): analytics_dashboard,
    ("analytics", "batch"): analytics_batch,
    ("analytics", "compare"): analytics_compare,
    ("schedule", "list"): schedule_list,
    ("schedule", "run"): schedule_run,
    ("users", "list"): users_list,
    ("users", "add"): users_add,
    ("users", "update"): users_update,
    ("audit", "list"): audit_list,
}
