"""The peak memory of a command, measured in a fresh wrapper process.

Linux keeps a process's peak resident size across ``execve``, so a child forked straight from
the test process (which may be large) would report the test's peak. A small wrapper is forked
instead; its child's peak (``RUSAGE_CHILDREN``) is the command's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_WRAPPER = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float


def run_measured(command: Sequence[str], env: Mapping[str, str] | None = None,
                 timeout: float = 120) -> Measured:
    done = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True,
                          text=True, timeout=timeout, env=dict(env or os.environ), check=True)
    report = json.loads(done.stdout)
    return Measured(report["returncode"], report["stdout"], report["stderr"],
                    report["peak_kb"] / 1024)
