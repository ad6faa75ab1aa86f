"""`mesdesk worker`, `mesdesk db …` and `mesdesk demo`: the process and its database."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from mesdesk.runtime import Runtime

from .common import Outcome


def run_worker(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    """Headless: the outbox dispatcher, the file sync (§8), the mail queue (§10) and the
    scheduled jobs (§9) until SIGINT or SIGTERM
    (a server's service manager). Any number of workers and apps may run at once."""
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    scheduler = runtime.workers.scheduler
    runtime.workers.start()
    settings = runtime.settings
    files = (f"syncing files with {settings.s3_endpoint.strip()}" if settings.object_storage
             else "keeping files on this computer")
    mail = f"sending mail via {settings.smtp_host.strip()}" if settings.mail else "no mail"
    print(f"MESDesk worker on {settings.station} ({runtime.mode} database): "
          f"dispatching webhooks, {files}, {mail}, "
          f"scheduled jobs: {', '.join(scheduler.tasks)}. Ctrl+C stops.",
          file=sys.stderr, flush=True)
    stop.wait()
    runtime.workers.stop()
    return {"stopped": True}, ["Worker stopped."], 0


def db_upgrade(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    status = runtime.schema_status()  # bootstrap has upgraded already
    document = {"mode": runtime.mode, "revision": status.current, "head": status.head}
    return document, [f"Schema is at revision {status.current} (newest)."], 0


def db_status(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    status = runtime.schema_status()
    url = runtime.database_url
    document = {"mode": runtime.mode, "url": url, "revision": status.current,
                "head": status.head, "up_to_date": status.up_to_date}
    lines = [f"Mode:     {runtime.mode}", f"Database: {url}",
             f"Schema:   {status.current} ({'up to date' if status.up_to_date else 'behind ' + status.head})"]
    return document, lines, 0


def run_demo(runtime: Runtime, args: argparse.Namespace) -> Outcome:
    summary = runtime.use.fill_demo(runtime.timezone, batches=args.batches,
                        seed=args.seed)
    lines = [f"Demo data: {summary['batches']} batches over {summary['work_centers']} work "
             f"centers, {summary['products']} codes, {summary['aggregated']} aggregated."]
    return summary, lines, 0
