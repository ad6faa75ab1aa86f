"""The MinIO/S3 object store (§8) against a real S3 server (SeaweedFS with credentials
enforced): what it stores comes back byte for byte, links work for 7 days, and every way it can
fail is said as a catalogued problem, quickly."""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from urllib3.exceptions import NameResolutionError

from mesdesk.adapters.storage.s3 import S3ObjectStore, probe_storage
from mesdesk.adapters.storage.s3_errors import storage_problem
from mesdesk.config import Settings
from mesdesk.domain.errors import DomainError
from tests.support.peak_memory import run_measured


def store_of(server, prefix, **options) -> S3ObjectStore:
    key = options.pop("key", server.access_key)
    secret = options.pop("secret", server.secret_key)
    return S3ObjectStore(options.pop("endpoint", server.endpoint), key, secret,
                         options.pop("secure", False), prefix, **options)


def test_a_file_goes_up_and_comes_back_and_its_link_works(s3_server, s3_prefix, tmp_path):
    store = store_of(s3_server, s3_prefix)
    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF-1.7 " + "отчёт".encode() * 1000)
    store.put("reports", "batch_1_report_20261204_081500.pdf", source)
    back = tmp_path / "back.pdf"
    assert store.get("reports", "batch_1_report_20261204_081500.pdf", back) == \
        source.stat().st_size
    assert back.read_bytes() == source.read_bytes()
    link = store.link("reports", "batch_1_report_20261204_081500.pdf", timedelta(days=7))
    assert "X-Amz-Expires=604800" in link
    assert httpx.get(link, timeout=10).content == source.read_bytes()
    assert [o.name for o in store.list("reports")] == ["batch_1_report_20261204_081500.pdf"]


def test_buckets_carry_the_prefix_and_a_listing_stays_in_its_folder(s3_server, s3_prefix,
                                                                   tmp_path):
    store = store_of(s3_server, s3_prefix)
    store.put_bytes("imports", "drop.csv", b"a;b\n", "text/csv")
    store.move("imports", "drop.csv", "processed/drop.csv")
    store.put_bytes("imports", "processed/drop.csv.result.json", b"{}", "application/json")
    assert store.list("imports") == []
    assert sorted(o.name for o in store.list("imports", "processed/")) == [
        "processed/drop.csv", "processed/drop.csv.result.json"]
    from minio import Minio

    raw = Minio(s3_server.endpoint, access_key=s3_server.access_key,
                secret_key=s3_server.secret_key, secure=False, region="us-east-1")
    assert f"{s3_prefix}imports" in {bucket.name for bucket in raw.list_buckets()}
    assert store.delete("imports", "processed/drop.csv") is True
    assert store.delete("imports", "processed/drop.csv") is False


def refusal(call) -> DomainError:
    began = time.monotonic()
    with pytest.raises(DomainError) as refused:
        call()
    refused.value.seconds = time.monotonic() - began
    return refused.value


def test_a_wrong_secret_is_said_as_credentials(s3_server, s3_prefix, tmp_path):
    (tmp_path / "f.csv").write_text("x")
    store = store_of(s3_server, s3_prefix, secret="wrong-secret")
    assert refusal(lambda: store.put("exports", "f.csv", tmp_path / "f.csv")).code == \
        "storage.credentials"
    assert store.probe().code == "storage.credentials"


def test_a_read_only_key_may_not_write(s3_server, s3_prefix, tmp_path):
    store_of(s3_server, s3_prefix).put_bytes("exports", "seed.csv", b"x", "text/csv")
    reader = store_of(s3_server, s3_prefix, key=s3_server.reader_key,
                      secret=s3_server.reader_secret)
    (tmp_path / "f.csv").write_text("x")
    refused = refusal(lambda: reader.put("exports", "f.csv", tmp_path / "f.csv"))
    assert refused.code == "storage.permission"
    assert refused.problem.params["bucket"] == f"{s3_prefix}exports"
    assert reader.probe().code == "storage.permission"


def test_a_stopped_server_is_said_at_once(s3_server, s3_prefix, tmp_path):
    (tmp_path / "f.csv").write_text("x")
    store = store_of(s3_server, s3_prefix)
    s3_server.stop()
    try:
        refused = refusal(lambda: store.put("exports", "f.csv", tmp_path / "f.csv"))
        assert refused.code == "storage.refused"
        assert refused.problem.params["endpoint"] == s3_server.endpoint
        assert refused.seconds < 3
        assert store.probe().code == "storage.refused"
    finally:
        s3_server.start()


def test_tls_to_a_plain_port_is_said_as_tls(s3_server, s3_prefix):
    store = store_of(s3_server, s3_prefix, secure=True)
    problem = store.probe()
    assert problem.code == "storage.tls"
    assert "wrong version number" in problem.params["reason"]


def test_a_host_that_does_not_resolve_is_said_as_dns():
    # The mapping of the resolver's answer (no query leaves this machine in the suite).
    error = NameResolutionError("minio.invalid", None, socket.gaierror(-2, "Name unknown"))
    problem = storage_problem(error, endpoint="minio.invalid:9000", host="minio.invalid",
                              timeout=5)
    assert problem.code == "storage.unknown_host"
    assert problem.problem.params == {"host": "minio.invalid"}


@pytest.mark.parametrize("endpoint, prefix, code", [
    ("http://minio:9000/bucket", "", "storage.endpoint_invalid"),
    ("127.0.0.1:9000", "Bad_Prefix", "storage.prefix_invalid"),
])
def test_settings_that_cannot_work_are_refused_before_any_traffic(endpoint, prefix, code):
    settings = Settings(s3_endpoint=endpoint, s3_access_key="k", s3_secret_key="s",
                        s3_prefix=prefix)
    assert probe_storage(settings).code == code


def test_the_probe_says_all_is_well_and_makes_the_buckets(s3_server, s3_prefix):
    settings = Settings(s3_endpoint=s3_server.endpoint, s3_access_key=s3_server.access_key,
                        s3_secret_key=s3_server.secret_key, s3_prefix=s3_prefix)
    assert probe_storage(settings) is None
    assert store_of(s3_server, s3_prefix).list("reports") == []


_UPLOAD = """
import sys
from pathlib import Path
from mesdesk.adapters.storage.s3 import S3ObjectStore
endpoint, key, secret, prefix, path = sys.argv[1:6]
S3ObjectStore(endpoint, key, secret, False, prefix).put("exports", Path(path).name, Path(path))
"""


def test_a_200_mb_file_is_uploaded_with_flat_memory(s3_server, s3_prefix, tmp_path):
    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    chunk = (b"0104600000000017215ABCDEFGHIJKL\x1d93abcd;2026-12-04;1\n" * 20000)
    with open(big, "wb") as out:
        while out.tell() < 200 * 1024 * 1024:
            out.write(chunk)
    small.write_bytes(chunk[:100])

    def upload(path: Path) -> float:
        done = run_measured([sys.executable, "-c", _UPLOAD, s3_server.endpoint,
                             s3_server.access_key, s3_server.secret_key, s3_prefix, str(path)],
                            timeout=300)
        assert done.returncode == 0, done.stderr
        return done.peak_mb

    growth = upload(big) - upload(small)
    print(json.dumps({"upload_200mb_rss_growth_mb": round(growth, 1)}))
    assert growth < 64, f"uploading 200 MB grew the process by {growth:.0f} MB"
    back = tmp_path / "back.csv"
    store_of(s3_server, s3_prefix).get("exports", "big.csv", back)
    assert _sha(back) == _sha(big)


def _sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while block := source.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
