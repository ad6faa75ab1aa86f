"""What a job or scheduled task is called, in words: its kind (``export_batches``, and the §9
task names, which are their jobs' kinds) as a person reads it.

Apart from ``text.jobs`` so that problems can name a scheduled task (``ui/text/problems``)
without importing the jobs texts, which import the problems. Context "Jobs", as before.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def kind_name(kind: str) -> str:
    names = {
        "import": QCoreApplication.translate("Jobs", "Import"),
        "export": QCoreApplication.translate("Jobs", "Export"),
        "export_batches": QCoreApplication.translate("Jobs", "Export of batches"),
        "export_products": QCoreApplication.translate("Jobs", "Export of product codes"),
        "report": QCoreApplication.translate("Jobs", "Report"),
        "export_dashboard": QCoreApplication.translate("Jobs", "Export of the dashboard"),
        "export_batch_statistics": QCoreApplication.translate(
            "Jobs", "Export of batch statistics"),
        "export_comparison": QCoreApplication.translate("Jobs", "Export of a comparison"),
        "export_audit": QCoreApplication.translate("Jobs", "Export of the audit log"),
        "bulk_aggregation": QCoreApplication.translate("Jobs", "Bulk aggregation"),
        "sync": QCoreApplication.translate("Jobs", "File sync"),
        "file_sync": QCoreApplication.translate("Jobs", "File sync"),
        "file_upload": QCoreApplication.translate("Jobs", "Upload into imports"),
        # the §9 scheduled tasks
        "auto_close_expired_batches": QCoreApplication.translate(
            "Jobs", "Closing of expired batches"),
        "cleanup_old_files": QCoreApplication.translate("Jobs", "Cleanup of old files"),
        "retry_failed_webhooks": QCoreApplication.translate("Jobs", "Webhook retries"),
        "refresh_statistics": QCoreApplication.translate("Jobs", "Analytics totals"),
    }
    return names.get(kind) or kind.replace("_", " ").capitalize()
