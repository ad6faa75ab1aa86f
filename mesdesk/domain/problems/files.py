"""Problems of the files in the buckets (§8): names, files not there, files not here."""

from __future__ import annotations

from . import Kind, define

__all__ = ["FILE_BUCKET_UNKNOWN", "FILE_NAME_INVALID", "FILE_NOT_FOUND", "FILE_NOT_HERE",
           "FILE_UPLOAD_BUCKET", "FILE_LOCAL_MISSING"]

FILE_BUCKET_UNKNOWN = define("file.bucket_unknown", Kind.VALIDATION,
                             "{bucket} is not a bucket: choose one of {buckets}")
FILE_NAME_INVALID = define("file.name_invalid", Kind.VALIDATION,
                           "{name} is not a file name a bucket accepts")
FILE_NOT_FOUND = define("file.not_found", Kind.NOT_FOUND, "there is no {name} in {bucket}")
FILE_NOT_HERE = define("file.not_here", Kind.UNAVAILABLE,
                       "{name} is kept on station {station} only and is not uploaded yet")
FILE_UPLOAD_BUCKET = define("file.upload_bucket", Kind.VALIDATION,
                            "files are uploaded into imports only, not into {bucket}")
FILE_LOCAL_MISSING = define("file.local_missing", Kind.FAILED,
                            "the local copy of {name} is gone: it cannot be uploaded")
