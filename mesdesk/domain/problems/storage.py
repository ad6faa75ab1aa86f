"""Problems of the object store (§8, §11): MinIO/S3 unreachable or refusing, said exactly."""

from __future__ import annotations

from . import Kind, define

__all__ = ["STORAGE_NOT_CONFIGURED", "STORAGE_ENDPOINT_INVALID", "STORAGE_PREFIX_INVALID", "STORAGE_UNKNOWN_HOST",
           "STORAGE_REFUSED", "STORAGE_TIMEOUT", "STORAGE_TLS", "STORAGE_CREDENTIALS",
           "STORAGE_PERMISSION", "STORAGE_OBJECT_MISSING", "STORAGE_FAILED"]

STORAGE_NOT_CONFIGURED = define("storage.not_configured", Kind.VALIDATION,
                                "no object storage is configured: files are kept on this "
                                "computer only")
STORAGE_ENDPOINT_INVALID = define("storage.endpoint_invalid", Kind.VALIDATION,
                                  "{endpoint} is not an object storage address: give "
                                  "host:port or an http(s) URL without a path")
STORAGE_PREFIX_INVALID = define("storage.prefix_invalid", Kind.VALIDATION,
                                "{prefix} cannot begin a bucket name: use lower-case "
                                "letters, digits, dots and hyphens")
STORAGE_UNKNOWN_HOST = define("storage.unknown_host", Kind.UNAVAILABLE,
                              "the object storage host {host} is not known (DNS)")
STORAGE_REFUSED = define("storage.refused", Kind.UNAVAILABLE,
                         "the object storage at {endpoint} refused the connection: "
                         "is it running?")
STORAGE_TIMEOUT = define("storage.timeout", Kind.UNAVAILABLE,
                         "the object storage at {endpoint} did not answer in {seconds} s")
STORAGE_TLS = define("storage.tls", Kind.UNAVAILABLE,
                     "a secure (TLS) connection to {endpoint} failed: {reason}")
STORAGE_CREDENTIALS = define("storage.credentials", Kind.UNAVAILABLE,
                             "the object storage at {endpoint} refused the access key "
                             "or the secret key")
STORAGE_PERMISSION = define("storage.permission", Kind.UNAVAILABLE,
                            "the object storage key may not {action} in bucket {bucket}")
STORAGE_OBJECT_MISSING = define("storage.object_missing", Kind.NOT_FOUND,
                                "there is no {name} in bucket {bucket}")
STORAGE_FAILED = define("storage.failed", Kind.FAILED,
                        "the object storage at {endpoint} failed: {reason}")
