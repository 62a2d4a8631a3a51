"""The alert sweep: find the alerts due now, record each under its unique key, and group each
user's into one digest, all in one transaction.

Exactly once: the unique key (due date, organisation, user, kind) is the claim. Two sweeps running at the
same time (a second instance, an overlapping run) both try to insert; the database lets one
through and the other skips the key, and a digest left with no alert of its own is dropped
before commit. Sending happens later, from the digest rows (bot/digests.py).

Who is told:
- reminders (before / due / overdue): the teachers the head gave the item to; if there are none,
  or none can be reached, the organisation's heads; if there are none, its teachers;
- "escalate_head": the organisation's heads (unless the reminder already went to them);
- "escalate_admin": the admins of the nearest organisation above (or at) it that has any.
People who blocked the bot are skipped, so what was theirs reaches the head instead.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import DigestStatus, Role
from db.repositories.alerts import AlertRepo
from services.alerts.people import People
from services.alerts.prefs import DEFAULT_ALERT_TIME, Prefs, in_quiet, parse_hhmm, quiet_hours
from services.alerts.rules import ESCALATE_ADMIN, ESCALATE_HEAD, AlertRules
from services.alerts.weekly import weekly_summaries
from services.clock import Clock

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    candidates: int = 0
    alerts: int = 0
    digests: int = 0
    weekly: int = 0
    skipped_quiet: int = 0


class AlertSweep:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        default_timezone: str,
        overdue_horizon_days: int = 60,
    ) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._default_timezone = default_timezone
        self._horizon = overdue_horizon_days
        # Keys known to be recorded already: an optimisation only; the unique key decides.
        self._known: set[tuple[int, int, int, str]] = set()
        self._known_from: date | None = None

    async def sweep(self) -> SweepResult:
        now = self._clock.now()
        result = SweepResult()
        async with self._session_factory() as session, session.begin():
            repo = AlertRepo(session)
            people = await self._people(repo)
            utc_today = now.date()
            # Local dates differ from UTC by a day at most, on either side.
            first = utc_today - timedelta(days=self._horizon + 1)
            rules = {pid: AlertRules.from_json(data) for pid, data in (await repo.plan_rules()).items()}
            reach = max((r.reach_ahead for r in rules.values()), default=0)
            rows = await repo.open_due_dates(first, utc_today + timedelta(days=reach + 1))
            if self._known_from != first:
                self._known = await repo.existing_keys(sorted({row[0] for row in rows}))
                self._known_from = first
            wanted = self._wanted(rows, rules, people, now, result)
            result.candidates = len(wanted)
            fresh = [w for w in wanted if (w[0], w[1], w[2], w[3]) not in self._known]
            claimed_keys = await self._claim(repo, fresh, people, now, result) if fresh else set()
            result.weekly = await weekly_summaries(repo, people, now)
        self._known.update(claimed_keys)
        log.info(
            "sweep: %d alerts claimed in %d digests (%d current, %d held for quiet hours), %d weekly",
            result.alerts,
            result.digests,
            result.candidates,
            result.skipped_quiet,
            result.weekly,
        )
        return result

    async def _people(self, repo: AlertRepo) -> People:
        people = People()
        for org_id, parent_id, tz in await repo.organisations():
            people.parent[org_id] = parent_id
            people.org_tz[org_id] = tz
        home_tz: dict[int, str | None] = {}
        for user_id, org_id, role in await repo.memberships():
            {
                Role.HEAD: people.heads,
                Role.TEACHER: people.teachers,
                Role.ADMIN: people.admins,
                Role.OBSERVER: people.observers,
            }[role][org_id].append(user_id)
            home_tz.setdefault(user_id, people.org_tz.get(org_id))
        for assignment_id, user_id in await repo.teacher_shares():
            people.shares[assignment_id].append(user_id)
        for row in await repo.users():
            user_id, tz, alert_time, quiet_from, quiet_to, daily, muted, reachable = row
            if reachable:
                people.reachable.add(user_id)
            people.prefs[user_id] = Prefs(
                timezone=tz or home_tz.get(user_id) or self._default_timezone,
                alert_time=parse_hhmm(alert_time) if alert_time else DEFAULT_ALERT_TIME,
                quiet=quiet_hours(quiet_from, quiet_to),
                daily_digest=bool(daily),
                muted_plans=frozenset(muted or ()),
            )
        return people

    def _wanted(
        self,
        rows: list[tuple[int, date, int, int, int, int]],
        rules: dict[int, AlertRules],
        people: People,
        now: datetime,
        result: SweepResult,
    ) -> list[tuple[int, int, int, str, int, datetime]]:
        """(occurrence, org, user, kind, plan, moment the stage began) of every alert current now."""
        today_in: dict[str, date] = {}
        stage_began: dict[tuple[date, str], datetime] = {}
        wanted = []
        for occurrence_id, due_on, assignment_id, org_id, plan_id, _item in rows:
            tz = people.org_tz.get(org_id) or self._default_timezone
            today = today_in.get(tz)
            if today is None:
                today = today_in[tz] = now.astimezone(ZoneInfo(tz)).date()
            plan_rules = rules.get(plan_id) or AlertRules()
            days_left = (due_on - today).days
            if -days_left > self._horizon:
                continue
            reminder = plan_rules.reminder(days_left)
            escalations = plan_rules.escalations(days_left)
            if reminder is None and not escalations:
                continue
            direct = [u for u in people.shares.get(assignment_id, []) if u in people.reachable]
            heads = [u for u in people.heads.get(org_id, []) if u in people.reachable]
            if not direct:
                direct = heads or [u for u in people.teachers.get(org_id, []) if u in people.reachable]
            targets: list[tuple[int, str]] = [(u, reminder) for u in direct] if reminder else []
            if ESCALATE_HEAD in escalations:
                targets += [(u, ESCALATE_HEAD) for u in heads if u not in direct]
            if ESCALATE_ADMIN in escalations:
                targets += [(u, ESCALATE_ADMIN) for u in people.scope_admins(org_id)]
            for user_id, kind in targets:
                start = plan_rules.stage_start(kind, due_on)
                began = stage_began.get((start, tz))
                if began is None:
                    began = stage_began[(start, tz)] = datetime.combine(start, time(0), ZoneInfo(tz))
                wanted.append((occurrence_id, org_id, user_id, kind, plan_id, began))
        return wanted

    async def _claim(
        self,
        repo: AlertRepo,
        fresh: list[tuple[int, int, int, str, int, datetime]],
        people: People,
        now: datetime,
        result: SweepResult,
    ) -> set[tuple[int, int, int, str]]:
        """Record the alerts; the keys now known to be in the database (mine or another sweep's)."""
        recent = await repo.digest_days(now.date() - timedelta(days=1))
        per_user: dict[int, list[tuple[int, int, int, str, int, datetime]]] = defaultdict(list)
        moments: dict[tuple[int, datetime], datetime] = {}
        for alert in fresh:
            user_id, began = alert[2], alert[5]
            prefs = people.prefs.get(user_id)
            if prefs is None or alert[4] in prefs.muted_plans:
                continue
            moment = moments.get((user_id, began))
            if moment is None:
                moment = moments[(user_id, began)] = prefs.delivery_moment(began)
            if now < moment or in_quiet(prefs.local(now).time(), prefs.quiet):
                result.skipped_quiet += 1
                continue
            if prefs.daily_digest and (alert[2], prefs.local(now).date()) in recent:
                continue
            per_user[alert[2]].append(alert)
        if not per_user:
            return set()
        digest_ids = await repo.add_digests(
            [
                {
                    "user_id": user_id,
                    "kind": "alerts",
                    "status": DigestStatus.PENDING,
                    "local_day": people.prefs[user_id].local(now).date(),
                    "payload": {},
                    "created_at": now,
                }
                for user_id in per_user
            ]
        )
        claimed = await repo.claim_alerts(
            [
                {
                    "occurrence_id": occurrence_id,
                    "org_id": org_id,
                    "user_id": user_id,
                    "kind": kind,
                    "digest_id": digest_ids[user_id],
                    "created_at": now,
                }
                for user_id, alerts in per_user.items()
                for occurrence_id, org_id, _user, kind, _plan, _began in alerts
            ]
        )
        used = {digest_id for _occurrence, digest_id in claimed}
        # Another sweep got there first for every alert of these: nothing of theirs to send.
        await repo.drop_digests([d for d in digest_ids.values() if d not in used])
        result.alerts += len(claimed)
        result.digests += len(used)
        return {(o, g, u, k) for alerts in per_user.values() for o, g, u, k, _p, _b in alerts}
