"""The monthly report by itself: on the first working day of a month, from the admin's alert
time on, each admin who asked for it in /settings gets the execution report (XLSX and DOCX) of
every active plan in their part of the tree.

The sweep records a digest of kind "monthly" under a unique key per admin and month, so it is
made once whoever runs the sweep and however often; the monthly sender (bot/monthly.py) builds
the files and sends them. Working days are Monday to Friday: public holidays are not known to
the bot. A bot that was down that day catches up on the next days of the same week.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from db.models import DigestStatus
from db.repositories.alerts import AlertRepo
from services.alerts.people import People

MONTHLY = "monthly"  # the digest's kind
CATCH_UP_DAYS = 4  # made up to this many days after the first working day, if the bot was down


def first_working_day(day: date) -> date:
    """The first Monday-to-Friday of `day`'s month."""
    first = day.replace(day=1)
    while first.weekday() >= 5:
        first += timedelta(days=1)
    return first


def report_month(day: date) -> date | None:
    """The first day of the month whose report is due on `day`, if one is (the month that has
    just ended), else None."""
    start = first_working_day(day)
    if not start <= day <= start + timedelta(days=CATCH_UP_DAYS):
        return None
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def monthly_key(user_id: int, month: date) -> str:
    return f"monthly:{user_id}:{month:%Y-%m}"


async def monthly_reports(repo: AlertRepo, people: People, now: datetime) -> int:
    """Record the monthly reports due now; how many were made."""
    due_now: list[tuple[int, date, date]] = []
    for user_id in sorted(people.monthly):
        prefs = people.prefs.get(user_id)
        if prefs is None or user_id not in people.reachable:
            continue
        if not any(user_id in users for users in people.admins.values()):
            continue  # no longer an admin: the opt-in waits unused
        local = prefs.local(now)
        month = report_month(local.date())
        if month is not None and prefs.deliverable(now):
            due_now.append((user_id, local.date(), month))
    if not due_now:
        return 0
    made = await repo.existing_dedupe_keys([monthly_key(user_id, month) for user_id, _day, month in due_now])
    rows = [
        {
            "user_id": user_id,
            "kind": MONTHLY,
            "status": DigestStatus.PENDING,
            "local_day": day,
            "dedupe_key": monthly_key(user_id, month),
            "payload": {"month": month.isoformat()},
            "created_at": now,
        }
        for user_id, day, month in due_now
        if monthly_key(user_id, month) not in made
    ]
    return len(await repo.add_digests(rows))
