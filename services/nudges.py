"""«📣 Напомнить»: a person reminds whoever has not reported one due date of an item.

The reminder goes the way the scheduled ones do: each person's alert is recorded under its
unique key (due date, organisation, person, kind) with a digest of its own, and the digest
sender delivers it under the shared rate limiter. The kind carries the day, so a due date is
nudged at most once a day per person however many admins press the button at once: the
database lets one key through and the others are told it was done already.

Who is reminded in each organisation that has not reported: the teachers the head gave the item
to; if there are none, its heads; if there are none, its teachers (the sweep's rule). People who
blocked the bot are skipped; the one pressing is never reminded by themselves.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from db.models import DigestStatus, Role
from db.repositories import Repositories
from services.clock import Clock, local_today
from services.errors import NotFound
from services.permissions import PERMISSIONS, Action, Scope, acting_membership
from services.users import Viewer

NUDGE = "nudge"  # the digest's kind
NUDGE_PREFIX = "nudge_"


def nudge_kind(day: date) -> str:
    """The alert kind of a reminder sent on `day` (the organisation's local date)."""
    return f"{NUDGE_PREFIX}{day:%Y%m%d}"


def may_remind(viewer: Viewer) -> bool:
    """Whether any of the viewer's roles sends reminders (admins and heads; not observers)."""
    return any(Action.REMIND in PERMISSIONS.get(m.role, {}) for m in viewer.memberships)


@dataclass(frozen=True)
class NudgeResult:
    people: int  # reminded now
    orgs: int  # the organisations those people are in
    already: int  # reminded of this due date today already (by anyone)


class NudgeService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._repos = repos
        self._clock = clock
        self._default_timezone = default_timezone

    async def remind(self, viewer: Viewer, item_id: int, due_on: date) -> NudgeResult:
        """Remind, once today, the people of the organisations in the viewer's reach that have
        not reported the item's due date."""
        membership = acting_membership(viewer, Action.REMIND)
        occurrence_id = await self._repos.browse.occurrence_id(item_id, due_on)
        if occurrence_id is None:
            raise NotFound(f"due date {due_on} of {item_id}")
        if PERMISSIONS[membership.role][Action.REMIND] is Scope.SUBTREE:
            reach = [org.id for org in await self._repos.orgs.subtree([membership.org_id])]
        else:
            reach = [membership.org_id]
        alerts = self._repos.alerts
        open_ones = await alerts.open_assignments(item_id, occurrence_id, reach)
        if not open_ones:
            return NudgeResult(0, 0, 0)
        shares, members = await alerts.people_to_remind(
            [assignment_id for assignment_id, _org, _tz in open_ones],
            [org_id for _a, org_id, _tz in open_ones],
        )
        shared: dict[int, list[int]] = defaultdict(list)
        for assignment_id, user_id in shares:
            shared[assignment_id].append(user_id)
        by_role: dict[tuple[int, str], list[int]] = defaultdict(list)
        for org_id, user_id, role in members:
            by_role[(org_id, role)].append(user_id)
        everyone = {u for users in shared.values() for u in users} | {u for _o, u, _r in members}
        reachable = await alerts.reachable_users(sorted(everyone - {viewer.user_id}))

        # (organisation, person, kind) to record, with the person's local day for their digest.
        wanted: list[tuple[int, int, str, date]] = []
        kinds: set[str] = set()
        for assignment_id, org_id, tz in open_ones:
            org_day = local_today(self._clock, tz or self._default_timezone)
            kinds.add(nudge_kind(org_day))
            for candidates in (
                shared.get(assignment_id, []),
                by_role.get((org_id, Role.HEAD.name), []),
                by_role.get((org_id, Role.TEACHER.name), []),
            ):
                chosen = [u for u in dict.fromkeys(candidates) if u in reachable]
                if chosen:
                    break
            for user_id in chosen:
                own_day = local_today(self._clock, reachable[user_id] or tz or self._default_timezone)
                wanted.append((org_id, user_id, nudge_kind(org_day), own_day))
        done_before = await alerts.reminded(occurrence_id, sorted(kinds))
        fresh = [w for w in wanted if (w[0], w[1]) not in done_before]
        if not fresh:
            return NudgeResult(0, 0, len(wanted))

        now = self._clock.now()
        per_user: dict[int, list[tuple[int, str]]] = defaultdict(list)
        day_of: dict[int, date] = {}
        for org_id, user_id, kind, own_day in fresh:
            per_user[user_id].append((org_id, kind))
            day_of[user_id] = own_day
        digest_ids = await alerts.add_digests(
            [
                {
                    "user_id": user_id,
                    "kind": NUDGE,
                    "status": DigestStatus.PENDING,
                    "local_day": day_of[user_id],
                    "payload": {"by": viewer.first_name, "from": membership.org_name},
                    "created_at": now,
                }
                for user_id in per_user
            ]
        )
        await alerts.insert_alerts(
            [
                (occurrence_id, org_id, user_id, kind, digest_ids[user_id])
                for user_id, keys in per_user.items()
                for org_id, kind in keys
            ],
            now,
        )
        # Someone pressing at the same moment may have taken a key first: count what is ours.
        counts = await alerts.alerts_per_digest(list(digest_ids.values()))
        await alerts.drop_digests([d for d in digest_ids.values() if not counts.get(d)])
        ours = {user_id for user_id, digest_id in digest_ids.items() if counts.get(digest_id)}
        orgs = {org_id for org_id, user_id, _k, _d in fresh if user_id in ours}
        return NudgeResult(len(ours), len(orgs), len(wanted) - len(ours))
