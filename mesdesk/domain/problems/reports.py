"""Problems of batch reports (SPEC §7 "Batch report"): the Excel and PDF files of one batch."""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "REPORT_FORMAT_UNKNOWN", "REPORT_LANGUAGE_UNKNOWN", "REPORT_NOT_WRITTEN",
    "REPORT_FONT_MISSING", "REPORT_OUTPUT_FOLDER_MISSING", "REPORT_OUTPUT_NOT_WRITTEN",
    "REPORT_STEP_READING", "REPORT_STEP_WRITING", "REPORT_STEP_STORING",
]

REPORT_FORMAT_UNKNOWN = define("report.format_unknown", Kind.VALIDATION,
                               "a report is made as {formats}, not as {format}")
REPORT_LANGUAGE_UNKNOWN = define("report.language_unknown", Kind.VALIDATION,
                                 "a report is written in {languages}, not in {language}")
#: The file could not be written (a full disk, a folder that is gone, a library's refusal):
#: ``reason`` is the system's or the library's word. Nothing is kept.
REPORT_NOT_WRITTEN = define("report.not_written", Kind.FAILED,
                            "the report could not be written: {reason}")
#: The PDF's font (Cyrillic) is not where the installation keeps it.
REPORT_FONT_MISSING = define("report.font_missing", Kind.FAILED,
                             "the report font {font_file} is missing from this installation")
#: ``-o`` / "Save as…" names a place in a folder that does not exist.
REPORT_OUTPUT_FOLDER_MISSING = define("report.output_folder_missing", Kind.VALIDATION,
                                      "there is no folder to write {file} in")
#: The report was made and kept in its bucket, but the copy the user asked for failed.
REPORT_OUTPUT_NOT_WRITTEN = define("report.output_not_written", Kind.FAILED,
                                   "the report was made but could not be copied to {file}: "
                                   "{reason}")

# The steps a report job reports as its progress message (``jobs.message_problem``).
REPORT_STEP_READING = define("report.step_reading", Kind.FAILED, "reading the batch")
REPORT_STEP_WRITING = define("report.step_writing", Kind.FAILED, "writing the products")
REPORT_STEP_STORING = define("report.step_storing", Kind.FAILED, "storing the report")
