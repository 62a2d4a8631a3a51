"""The chaos drill, scaled to ~30 s: the bot under 429s, HTML 502s, hanging requests and latency
spikes, with users reporting, reviewing and changing settings during a broadcast."""

from pathlib import Path

from bot.sandbox.drill import SCALED, run_drill


async def test_chaos_loses_nothing_the_users_were_told(tmp_path: Path) -> None:
    report = await run_drill(tmp_path / "data", SCALED)
    summary = "\n".join(report.lines())
    assert not report.app_exited, summary
    assert sum(report.faults.values()) > 20, summary  # the chaos really happened
    assert report.reports_confirmed > 0 and report.approvals_confirmed > 0, summary
    assert report.settings_confirmed > 0, summary
    assert report.pending_after == 0, summary  # every update answered or recorded as failed
    assert report.reports_missing == 0 and report.approvals_missing == 0, summary
    assert report.settings_missing == 0, summary
    assert report.recipients_missed == 0, summary
    assert report.duplicates <= report.in_flight, summary
    assert report.locked_errors == 0, summary
