"""`python -m bench chaos`: the full chaos drill (2 minutes, 2,000 broadcast recipients, 429s with
retry_after 1–15 s, HTML 502s, hanging requests, 5 s latency spikes) and the counts it checks.

The figures that must hold: the app never exits, nothing is left pending, nothing a user was told
is missing from the database, every recipient got the broadcast with at most
BROADCAST_IN_FLIGHT duplicates, and zero «database is locked»."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from dataclasses import replace
from pathlib import Path

from bot.sandbox.drill import FULL, run_drill


def main(seconds: float | None = None) -> None:
    # The drill counts warnings (for «database is locked»); the failures chaos causes are
    # expected, so they are counted, not printed.
    logging.getLogger().setLevel(logging.WARNING)
    size = replace(FULL, seconds=seconds) if seconds else FULL
    with tempfile.TemporaryDirectory() as tmp:
        report = asyncio.run(run_drill(Path(tmp) / "data", size))
    print(f"chaos drill: {size.seconds:.0f} s, {size.schools * 2 + size.settings_users} users acting, "
          f"{report.recipients} broadcast recipients")
    for line in report.lines():
        print(f"  {line}")
    held = (
        not report.app_exited
        and report.pending_after == 0
        and report.reports_missing == report.approvals_missing == report.settings_missing == 0
        and report.recipients_missed == 0
        and report.duplicates <= report.in_flight
        and report.locked_errors == 0
    )
    print(f"guarantees held: {'yes' if held else 'NO'}")
