"""When a user may be written to: their alert time and quiet hours, in their local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.errors import DomainError

DEFAULT_ALERT_TIME = time(9, 0)
DEFAULT_QUIET = (time(21, 0), time(8, 0))
_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


class BadTime(DomainError):
    message_key = "settings-bad-time"


class AlertTimeInQuietHours(DomainError):
    message_key = "settings-time-in-quiet"


def parse_hhmm(text: str) -> time:
    match = _HHMM.match(text)
    if not match:
        raise BadTime(text[:20])
    return time(int(match.group(1)), int(match.group(2)))


def in_quiet(moment: time, quiet: tuple[time, time] | None) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    if start == end:
        return False
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # across midnight: 21:00–08:00


@dataclass(frozen=True)
class Prefs:
    timezone: str
    alert_time: time = DEFAULT_ALERT_TIME
    quiet: tuple[time, time] | None = DEFAULT_QUIET
    daily_digest: bool = False
    muted_plans: frozenset[int] = frozenset()

    def local(self, now: datetime) -> datetime:
        return now.astimezone(ZoneInfo(self.timezone))

    def deliverable(self, now: datetime) -> bool:
        """From the alert time on, outside quiet hours, until the end of the local day."""
        moment = self.local(now).time()
        return moment >= self.alert_time and not in_quiet(moment, self.quiet)

    def delivery_moment(self, since: datetime) -> datetime:
        """The first alert time of this user at or after `since`."""
        local = self.local(since)
        moment = datetime.combine(local.date(), self.alert_time, local.tzinfo)
        return moment if moment >= local else moment + timedelta(days=1)


def quiet_hours(start: str | None, end: str | None) -> tuple[time, time] | None:
    """Stored quiet hours: both unset is the default; empty strings mean switched off."""
    if start is None and end is None:
        return DEFAULT_QUIET
    if not start or not end or start == end:
        return None
    return parse_hhmm(start), parse_hhmm(end)


def check_alert_time(alert_time: time, quiet: tuple[time, time] | None) -> None:
    if in_quiet(alert_time, quiet):
        raise AlertTimeInQuietHours(alert_time.strftime("%H:%M"))


def text_of(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None
