"""The weekly summary for admins and observers: last week, per district (the organisation's
children) or for the organisation itself, due / done / overdue, and the worst offenders.

Made on Monday once the reader's alert time has come, once per reader and week (a unique key on
the digest), and delivered like any digest.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from db.models import DigestStatus
from db.repositories.alerts import AlertRepo
from services.alerts.people import People

WORST = 5
MONDAY = 0


async def weekly_summaries(repo: AlertRepo, people: People, now: datetime) -> int:
    readers: dict[int, int] = {}
    for role_map in (people.admins, people.observers):
        for org_id, users in role_map.items():
            for user_id in users:
                readers.setdefault(user_id, org_id)  # the first organisation read from
    due_now = []
    for user_id, org_id in readers.items():
        prefs = people.prefs.get(user_id)
        if prefs is None or user_id not in people.reachable:
            continue
        local = prefs.local(now)
        if local.weekday() == MONDAY and prefs.deliverable(now):
            due_now.append((user_id, org_id, local.date()))
    if not due_now:
        return 0
    today = due_now[0][2]
    week_start, week_end = today - timedelta(days=7), today - timedelta(days=1)
    made = await repo.existing_dedupe_keys([_key(user_id, week_start) for user_id, _org, _day in due_now])
    due_now = [row for row in due_now if _key(row[0], week_start) not in made]
    if not due_now:
        return 0
    counts = await repo.week_counts(week_start, week_end, today)
    totals = _roll_up(counts, people.parent)
    leaf_overdue = {org: overdue for org, _due, _done, overdue in counts}
    names = await repo.org_names()
    children: dict[int, list[int]] = defaultdict(list)
    for org_id, parent in people.parent.items():
        if parent is not None:
            children[parent].append(org_id)
    rows = []
    for user_id, org_id, local_day in due_now:
        units = sorted(children.get(org_id) or [org_id], key=lambda o: names.get(o, ""))
        lines = [[names.get(o, "?"), *totals.get(o, (0, 0, 0))] for o in units if o in totals]
        inside = _subtree(org_id, children)
        worst = sorted(
            ((names.get(o, "?"), n) for o, n in leaf_overdue.items() if o in inside and n > 0),
            key=lambda pair: (-pair[1], pair[0]),
        )[:WORST]
        rows.append(
            {
                "user_id": user_id,
                "kind": "weekly",
                "status": DigestStatus.PENDING,
                "local_day": local_day,
                "dedupe_key": _key(user_id, week_start),
                "payload": {
                    "org": names.get(org_id, "?"),
                    "week_start": week_start.isoformat(),
                    "week_end": week_end.isoformat(),
                    "rows": lines,
                    "worst": [list(pair) for pair in worst],
                },
                "created_at": now,
            }
        )
    return len(await repo.add_digests(rows))


def _key(user_id: int, week_start: date) -> str:
    return f"weekly:{user_id}:{week_start.isoformat()}"


def _roll_up(
    counts: list[tuple[int, int, int, int]], parent: dict[int, int | None]
) -> dict[int, tuple[int, int, int]]:
    """Each organisation's figures plus those of everything below it."""
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for org, due, done, overdue in counts:
        current: int | None = org
        seen: set[int] = set()
        while current is not None and current not in seen:
            seen.add(current)
            figures = totals[current]
            figures[0] += due
            figures[1] += done
            figures[2] += overdue
            current = parent.get(current)
    return {org: (f[0], f[1], f[2]) for org, f in totals.items()}


def _subtree(root: int, children: dict[int, list[int]]) -> set[int]:
    found, stack = set(), [root]
    while stack:
        org = stack.pop()
        if org not in found:
            found.add(org)
            stack.extend(children.get(org, []))
    return found
