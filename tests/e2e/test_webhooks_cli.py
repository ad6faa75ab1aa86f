"""`mesdesk webhooks add|list|show|delete`: validated input, the secret shown once only."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def cli(engine, migrated_url, tmp_path):
    env = {**os.environ, "MESDESK_CONFIG_DIR": str(tmp_path / "config"),
           "MESDESK_DATA_DIR": str(tmp_path / "data")}

    def run(*args: str, expect: int = 0) -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "-m", "mesdesk.cli", *args, "--database-url",
                               migrated_url], capture_output=True, text=True, env=env,
                              timeout=120)
        assert done.returncode == expect, (done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done

    return run


def test_add_shows_the_secret_once_and_list_and_show_never(cli):
    added = json.loads(cli("webhooks", "add", "http://127.0.0.1:9/hook",
                           "--events", "batch_created,batch_closed", "--json").stdout)
    secret = added["secret"]
    assert secret.startswith("whsec_") and added["events"] == ["batch_created", "batch_closed"]
    listed = cli("webhooks", "list", "--json").stdout
    shown = cli("webhooks", "show", str(added["id"])).stdout
    assert secret not in listed and secret not in shown and "secret" not in listed
    assert json.loads(listed)[0]["url"] == "http://127.0.0.1:9/hook"
    assert "Webhook subscription" in cli("webhooks", "delete", str(added["id"])).stdout
    assert "No webhook subscriptions." in cli("webhooks", "list").stdout


@pytest.mark.parametrize(("args", "fragment"), [
    (("ftp://example/hook", "--events", "batch_created"), "not an http:// or https:// URL"),
    (("http://127.0.0.1/hook", "--events", "batch_exploded"), "unknown event type"),
    (("http://127.0.0.1/hook", "--events", "batch_created", "--timeout", "0"), "timeout"),
])
def test_bad_subscription_input_is_refused_with_a_reason(cli, args, fragment):
    done = cli("webhooks", "add", *args, expect=1)
    assert fragment in done.stderr and done.stderr.count("\n") == 1
    assert "No webhook subscriptions." in cli("webhooks", "list").stdout


def test_an_unknown_subscription_is_named(cli):
    assert "webhook subscription 99 does not exist" in cli("webhooks", "show", "99",
                                                           expect=1).stderr
