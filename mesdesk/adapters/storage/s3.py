"""MinIO or any S3 behind the ``ObjectStore`` port (§8), with the ``minio`` client.

The three logical buckets are real buckets named ``<prefix>reports`` and so on, created on
first use. Uploads stream the file in parts of ``PART_SIZE`` (memory stays bounded whatever the
file's size); downloads go to a ``.part`` file renamed at the end. The network under the client
is an urllib3 pool with a short connect timeout and no retry loop, so an unreachable server is
said within seconds; the file sync retries later on its own schedule.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import urllib3
from minio import Minio
from minio.commonconfig import CopySource

from mesdesk.config import Settings
from mesdesk.domain import problems as P
from mesdesk.domain.errors import DomainError
from mesdesk.domain.files import Bucket
from mesdesk.domain.problems import Problem
from mesdesk.domain.storage_endpoint import parse_endpoint, prefix_problem
from mesdesk.services.ports import RemoteObject

from .s3_errors import storage_problem

__all__ = ["S3ObjectStore", "object_store_from", "probe_storage"]

#: Uploads go in parts of this size (S3's minimum is 5 MiB), one at a time: a part (and the
#: client's copies of it) is what memory holds, whatever the file's size.
PART_SIZE = 8 * 1024 * 1024
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 60.0
REGION = "us-east-1"


class S3ObjectStore:
    """``endpoint``: ``host:port`` or an ``http(s)://`` URL (its scheme decides TLS over
    ``secure``); ``prefix`` goes before each bucket's name."""

    def __init__(self, endpoint: str, access_key: str, secret_key: str, secure: bool = False,
                 prefix: str = "", *, region: str = REGION,
                 connect_timeout: float = CONNECT_TIMEOUT,
                 read_timeout: float = READ_TIMEOUT) -> None:
        parsed = parse_endpoint(endpoint)
        if isinstance(parsed, Problem):
            raise parsed.type(**parsed.params, field="s3_endpoint")
        self.endpoint = parsed.address
        self._host = parsed.host
        self._secure = secure if parsed.secure is None else parsed.secure
        self._prefix = prefix.strip()
        refused = prefix_problem(self._prefix)
        if refused is not None:
            raise refused.type(**refused.params, field="s3_prefix")
        self._timeout = connect_timeout
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
            retries=urllib3.Retry(total=0, connect=0, read=0, redirect=0, status=0),
            maxsize=8)
        self._client = Minio(self.endpoint, access_key=access_key, secret_key=secret_key,
                             secure=self._secure, region=region, http_client=http)
        self._ready: set[str] = set()

    def __repr__(self) -> str:
        return f"S3ObjectStore({self.endpoint!r}, secure={self._secure}, prefix={self._prefix!r})"

    # -- the port ----------------------------------------------------------------------------

    def put(self, bucket: str, name: str, path: Path,
            on_progress: Callable[[int], None] | None = None) -> None:
        real = self._bucket(bucket, action="write")
        self._call(lambda: self._client.fput_object(
            real, name, str(path), part_size=PART_SIZE, num_parallel_uploads=1,
            content_type=_content_type(name)), action="write", bucket=bucket, name=name)
        if on_progress is not None:
            on_progress(Path(path).stat().st_size)

    def put_bytes(self, bucket: str, name: str, data: bytes, content_type: str) -> None:
        real = self._bucket(bucket, action="write")
        self._call(lambda: self._client.put_object(real, name, io.BytesIO(data), len(data),
                                                   content_type=content_type),
                   action="write", bucket=bucket, name=name)

    def get(self, bucket: str, name: str, target: Path) -> int:
        target = Path(target)
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
        real = self._prefix + Bucket(bucket).value
        try:
            self._call(lambda: self._client.fget_object(real, name, str(partial)),
                       action="read", bucket=bucket, name=name)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return target.stat().st_size

    def list(self, bucket: str, prefix: str = "") -> list[RemoteObject]:
        real = self._prefix + Bucket(bucket).value

        def listed() -> list[RemoteObject]:
            if not self._client.bucket_exists(real):
                return []
            return [RemoteObject(bucket, found.object_name, found.size or 0,
                                 found.last_modified)
                    for found in self._client.list_objects(real, prefix=prefix or None)
                    if not found.is_dir and found.last_modified is not None]

        found = self._call(listed, action="list", bucket=bucket)
        return sorted(found, key=lambda item: (item.modified, item.name), reverse=True)

    def delete(self, bucket: str, name: str) -> bool:
        real = self._prefix + Bucket(bucket).value

        def removed() -> bool:
            try:
                self._client.stat_object(real, name)
            except Exception as exc:  # noqa: BLE001 - told apart below
                problem = storage_problem(exc, endpoint=self.endpoint, host=self._host,
                                          timeout=self._timeout, bucket=bucket, name=name)
                if problem.code == P.STORAGE_OBJECT_MISSING.code or "NoSuchBucket" in str(exc):
                    return False
                raise problem from exc
            self._client.remove_object(real, name)
            return True

        return self._call(removed, action="delete", bucket=bucket, name=name)

    def move(self, bucket: str, name: str, new_name: str) -> None:
        real = self._bucket(bucket, action="write")
        self._call(lambda: self._client.copy_object(real, new_name, CopySource(real, name)),
                   action="write", bucket=bucket, name=name)
        self._call(lambda: self._client.remove_object(real, name), action="delete",
                   bucket=bucket, name=name)

    def link(self, bucket: str, name: str, expires: timedelta) -> str:
        real = self._prefix + Bucket(bucket).value
        return self._call(lambda: self._client.presigned_get_object(real, name,
                                                                    expires=expires),
                          action="read", bucket=bucket, name=name)

    def probe(self) -> Problem | None:
        """List the buckets (the key works), make sure ours exist, and write and remove a
        small object in one (the key may write): None, or the problem that says what failed."""
        try:
            self._call(self._client.list_buckets, action="list", bucket="")
            self._ready.clear()
            for bucket in Bucket:
                self._bucket(bucket.value, action="create")
            probe = f".mesdesk-probe-{uuid.uuid4().hex}"
            self.put_bytes(Bucket.EXPORTS.value, probe, b"probe", "text/plain")
            self._call(lambda: self._client.remove_object(
                self._prefix + Bucket.EXPORTS.value, probe), action="delete",
                bucket=Bucket.EXPORTS.value)
        except DomainError as exc:
            return exc.problem
        return None

    # -- inside ------------------------------------------------------------------------------

    def _bucket(self, bucket: str, *, action: str) -> str:
        """The real bucket, created on first use (once per process)."""
        real = self._prefix + Bucket(bucket).value
        if real not in self._ready:
            def ensure() -> None:
                if not self._client.bucket_exists(real):
                    try:
                        self._client.make_bucket(real)
                    except Exception as exc:  # noqa: BLE001 - made meanwhile by another
                        if "BucketAlreadyOwnedByYou" not in str(exc) \
                                and "BucketAlreadyExists" not in str(exc):
                            raise

            self._call(ensure, action="create" if action == "create" else action,
                       bucket=bucket)
            self._ready.add(real)
        return real

    def _call(self, work: Callable[[], Any], *, action: str, bucket: str,
              name: str = "") -> Any:
        try:
            return work()
        except DomainError:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure becomes a storage problem
            problem = storage_problem(exc, endpoint=self.endpoint, host=self._host,
                                      timeout=self._timeout, action=action,
                                      bucket=self._prefix + bucket if bucket else bucket,
                                      name=name)
            if problem.code == P.STORAGE_PERMISSION.code:
                problem = self._credentials_problem() or problem
            raise problem from exc

    def _credentials_problem(self) -> DomainError | None:
        """A refusal of a HEAD request has no body to say why: a wrong key and a key
        without the right look alike. A listing (its answer has a body) tells them apart."""
        try:
            self._client.list_buckets()
        except Exception as exc:  # noqa: BLE001 - only a credentials refusal matters here
            problem = storage_problem(exc, endpoint=self.endpoint, host=self._host,
                                      timeout=self._timeout)
            if problem.code == P.STORAGE_CREDENTIALS.code:
                return problem
        return None


def _content_type(name: str) -> str:
    suffix = name.rpartition(".")[2].lower()
    return {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xls": "application/vnd.ms-excel", "csv": "text/csv", "pdf": "application/pdf",
            "json": "application/json", "ods": "application/vnd.oasis.opendocument.spreadsheet"
            }.get(suffix, "application/octet-stream")


def object_store_from(settings: Settings) -> S3ObjectStore | None:
    """The object store the settings name (secrets already filled in), or None."""
    if not settings.object_storage:
        return None
    return S3ObjectStore(settings.s3_endpoint, settings.s3_access_key, settings.s3_secret_key,
                         settings.s3_secure, settings.s3_prefix)


def probe_storage(settings: Settings) -> Problem | None:
    """The settings page's "Test connection" (``SettingsService(storage_probe=…)``)."""
    try:
        store = object_store_from(settings)
    except DomainError as exc:
        return exc.problem
    if store is None:
        return P.STORAGE_NOT_CONFIGURED.problem()
    return store.probe()
