"""Screenshots for a look: with MESDESK_SCREENSHOTS set to a folder, the screen tests keep
their pictures there (`MESDESK_SCREENSHOTS=/tmp/shots make test`)."""

from __future__ import annotations

import os
from pathlib import Path


def keep_screenshot(widget, name: str) -> None:
    folder = os.environ.get("MESDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
