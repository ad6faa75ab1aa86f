"""Problems of exports (SPEC §7): the file asked for, and writing it."""

from __future__ import annotations

from . import Kind, define

__all__ = [
    "EXPORT_FORMAT_UNKNOWN", "EXPORT_NO_BATCHES", "EXPORT_TOO_MANY_BATCHES",
    "EXPORT_WRITE_FAILED", "EXPORT_OUTPUT_INVALID", "EXPORT_OUTPUT_FAILED", "JOB_STEP_EXPORTING",
]

#: The file name's extension (or the format asked for) is not one an export is written in.
EXPORT_FORMAT_UNKNOWN = define("export.format_unknown", Kind.VALIDATION,
                               "cannot export to {name}: the file name must end in .xlsx or "
                               ".csv")
#: ``export products`` with neither batches nor a filter.
EXPORT_NO_BATCHES = define("export.no_batches", Kind.VALIDATION,
                           "name the batches whose products to export (--batch ID) or filter "
                           "the batches")
EXPORT_TOO_MANY_BATCHES = define("export.too_many_batches", Kind.VALIDATION,
                                 "{count} batches named; at most {limit} can be named at once "
                                 "(filter them instead)")
#: Writing the file failed (a full disk, a library's refusal): nothing was stored.
EXPORT_WRITE_FAILED = define("export.write_failed", Kind.FAILED,
                             "the export could not be written: {reason}")
#: OUT cannot name a file on any system (a NUL, text that is not a file name's characters).
EXPORT_OUTPUT_INVALID = define("export.output_invalid", Kind.VALIDATION,
                               "{file} cannot be a file name: choose another")
#: The export was stored, but the copy to where the user asked could not be made.
EXPORT_OUTPUT_FAILED = define("export.output_failed", Kind.FAILED,
                              "the export is stored as {object}, but it could not be copied to "
                              "{file}: {reason}")
#: The progress message of an export job.
JOB_STEP_EXPORTING = define("job.step_exporting", Kind.FAILED, "writing the rows")
