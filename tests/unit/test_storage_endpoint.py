"""What may be typed as the object storage's address (Settings, ``MESDESK_S3_ENDPOINT``)."""

import pytest

from mesdesk.domain.problems import Problem
from mesdesk.domain.storage_endpoint import Endpoint, parse_endpoint


@pytest.mark.parametrize("typed, expected", [
    ("127.0.0.1:9000", Endpoint("127.0.0.1", 9000, None)),
    ("  minio.local  ", Endpoint("minio.local", None, None)),
    ("https://s3.example.com", Endpoint("s3.example.com", None, True)),
    ("http://minio:9000/", Endpoint("minio", 9000, False)),
    ("[::1]:9000", Endpoint("[::1]", 9000, None)),
])
def test_an_address_is_taken_with_its_port_and_scheme(typed, expected):
    assert parse_endpoint(typed) == expected


@pytest.mark.parametrize("typed", ["", "http://minio:9000/bucket", "minio:port", "minio:0",
                                   "minio:70000", "ftp://minio", "mi nio", "::1:9000",
                                   "minio\x00:9000", "https://user:pw@minio"])
def test_anything_else_is_refused_naming_what_was_typed(typed):
    found = parse_endpoint(typed)
    assert isinstance(found, Problem) and found.code == "storage.endpoint_invalid"
    assert found.params["endpoint"] == typed.strip()[:200]
