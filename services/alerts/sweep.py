"""The alert sweep: find the alerts due now, record each under its unique key, and group each
user's into one digest, all in one transaction.

Exactly once: the unique key (due date, organisation, user, kind) is the claim. Two sweeps running at the
same time (a second instance, an overlapping run) both try to insert; the database lets one
through and the other skips the key, and a digest left with no alert of its own is dropped
before commit. Sending happens later, from the digest rows (bot/digests.py).

Between minutes the sweep keeps what it read (see `_Kept`) and reads again only what the change
marks name; the marks are taken by whoever sweeps, so of several instances one sweeps at a time
(the leader, bot/leader.py), and one that takes over reads everything first.

Who is told:
- reminders (before / due / overdue): the teachers the head gave the item to; if there are none,
  or none can be reached, the organisation's heads; if there are none, its teachers;
- "escalate_head": the organisation's heads (unless the reminder already went to them);
- "escalate_admin": the admins of the nearest organisation above (or at) it that has any.
People who blocked the bot are skipped, so what was theirs reaches the head instead.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Role
from db.repositories.alerts import AlertRepo
from db.unit_of_work import transaction
from services.alerts.monthly import monthly_reports
from services.alerts.people import People
from services.alerts.prefs import DEFAULT_ALERT_TIME, Prefs, in_quiet, parse_hhmm, quiet_hours
from services.alerts.rules import ESCALATE_ADMIN, ESCALATE_HEAD, AlertRules
from services.alerts.weekly import weekly_summaries
from services.clock import Clock
from services.gc_pause import collector_paused

log = logging.getLogger(__name__)


# An open due date of an organisation: occurrence, due date (ISO text), assignment, organisation,
# plan, item.
Row = tuple[int, str, int, int, int, int]
# More changes marked than this (a plan just assigned): reading everything again is cheaper.
TARGETED_ITEMS = 2_000
CHUNK = 500  # ids per IN (…) when reading marked items again


@dataclass(slots=True)
class _Stage:
    """An alert kind current today for a due date, the moment its stage began, and whether it
    may be delivered now to readers of each set of preferences, by the shared Prefs' identity
    (hashing a dataclass for each of 100,000 alerts would cost more than the rest)."""

    kind: str
    began: datetime
    verdicts: dict[int, bool] = field(default_factory=dict)


@dataclass(slots=True)
class _Current:
    """What is current today for a due date in a time zone: the reminder, the head's and the
    admin's escalation."""

    reminder: _Stage | None
    head: _Stage | None
    admin: _Stage | None


_NOTHING = _Current(None, None, None)


@dataclass(slots=True)
class _Audience:
    """Who is told about an organisation's due dates: its time zone, its heads, who gets the
    reminder of an item given to nobody (its heads, or its teachers if it has none) and the
    admins above it; all of them reachable."""

    tz: str
    heads: list[int]
    fallback: list[int]
    admins: list[int]


@dataclass(slots=True)
class _Reader:
    """Someone alerts may go to, as the inner loop asks about them: their preferences' identity
    and muted plans taken out once, not looked up through the preferences for every alert."""

    prefs: Prefs
    prefs_id: int
    muted: frozenset[int]
    had_digest_today: bool  # asked for one digest a day and had it


_UNSEEN = object()


@dataclass
class SweepResult:
    candidates: int = 0
    alerts: int = 0
    deferred: int = 0  # current alerts left for the next sweep (over the per-sweep bound)
    digests: int = 0
    weekly: int = 0
    monthly: int = 0
    skipped_quiet: int = 0
    read: str = "nothing"  # what the sweep read: "everything", "people", "items" or "nothing"


@dataclass
class _Kept:
    """What the sweep read, kept from one minute to the next. Triggers mark every change to what
    it depends on (migration 0010); time changes it only at a few known moments (a new local day,
    someone's alert time, the end of someone's quiet hours), so a minute with neither reads
    nothing but the marks."""

    utc_day: date
    first: date
    last: date
    rules: dict[int, AlertRules]
    people: People
    rows: dict[int, list[Row]]  # item -> its open due dates
    moments: list[tuple[str, time]]  # (time zone, local time) at which time changes the outcome
    wake_at: datetime  # the first of those moments after the last look at every due date
    last_now: datetime


class AlertSweep:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        default_timezone: str,
        overdue_horizon_days: int = 60,
        max_alerts: int = 20_000,
    ) -> None:
        self._session_factory = session_factory
        self._max_alerts = max_alerts
        self._clock = clock
        self._default_timezone = default_timezone
        self._horizon = overdue_horizon_days
        # Keys known to be recorded already: an optimisation only; the unique key decides.
        self._known: set[tuple[int, int, int, str]] = set()
        self._known_from: date | None = None
        self._kept: _Kept | None = None

    def forget(self) -> None:
        """Read everything at the next sweep: another instance may have swept (and taken the
        marks) while this one did not."""
        self._kept = None

    async def sweep(self) -> SweepResult:
        with collector_paused():
            return await self._sweep()

    async def _sweep(self) -> SweepResult:
        now = self._clock.now()
        result = SweepResult()
        # Taken while the sweep runs: if it fails, the next one reads everything again.
        kept, self._kept = self._kept, None
        # The marks are taken in a transaction of their own: what is read next sees every change
        # committed before, and a change after leaves a mark for the next sweep. On SQLite that
        # keeps the write lock for the recording alone, not for the reading and deciding too
        # (most of a daily sweep's second); should the sweep fail after the take, it was not
        # kept, so the next one reads everything.
        async with transaction(self._session_factory) as repos:
            marks = await repos.alerts.take_marks(TARGETED_ITEMS)
        async with transaction(self._session_factory) as repos:
            repo = repos.alerts
            scopes = {scope for scope, _ref in marks or ()}
            items = {ref for scope, ref in marks or () if scope == "item"}
            if (
                kept is None
                or marks is None
                or "all" in scopes
                or now < kept.last_now  # the clock went back: nothing said about then holds
            ):
                kept = await self._load(repo, now)
                everything, result.read = True, "everything"
            else:
                everything = now >= kept.wake_at
                if kept.utc_day != now.date():
                    await self._next_day(repo, kept, now)
                    everything, result.read = True, "new day"
                if "people" in scopes:
                    kept.people = await self._people(repo)
                    kept.moments = self._moments(kept.people)
                    everything, result.read = True, "people"
                if items:
                    await self._refresh(repo, kept, items, shares="people" not in scopes)
                    result.read = "people" if "people" in scopes else "items"
            kept.last_now = now
            if everything:
                rows = [row for rows in kept.rows.values() for row in rows]
            else:
                rows = [row for item in items for row in kept.rows.get(item, ())]
            claimed_keys: set[tuple[int, int, int, str]] = set()
            if rows:
                recent = await repo.digest_days(now.date() - timedelta(days=1))
                per_user = self._due_now(rows, kept.rules, kept.people, now, recent, result)
                per_user = self._bounded(per_user, result)
                if per_user:
                    claimed_keys = await self._record(repo, per_user, kept.people, now, result)
            if everything:
                kept.wake_at = self._next_wake(kept.moments, now)
            if result.deferred:
                kept.wake_at = now  # the rest at the next sweep
            result.weekly = await weekly_summaries(repo, kept.people, now)
            result.monthly = await monthly_reports(repo, kept.people, now)
        self._known.update(claimed_keys)
        self._kept = kept
        log.log(
            logging.INFO if result.alerts or result.weekly or result.monthly else logging.DEBUG,
            "sweep (read %s): %d alerts recorded in %d digests (%d current, %d waiting for the "
            "alert time, %d for the next sweep), %d weekly",
            result.read,
            result.alerts,
            result.digests,
            result.candidates,
            result.skipped_quiet,
            result.deferred,
            result.weekly,
        )
        return result

    async def _load(self, repo: AlertRepo, now: datetime) -> _Kept:
        """Everything the sweep depends on, read afresh."""
        people = await self._people(repo)
        rules = {pid: AlertRules.from_json(data) for pid, data in (await repo.plan_rules()).items()}
        first, last = self._window(rules, now)
        found = await repo.open_due_dates(first, last)
        if self._known_from is None:
            self._known = await repo.existing_keys(first, last)
        self._forget_keys(first, len(found), lambda: {row[0] for row in found})
        rows: dict[int, list[Row]] = defaultdict(list)
        for row in found:
            rows[row[5]].append(row)
        return _Kept(now.date(), first, last, rules, people, rows, self._moments(people), now, now)

    def _window(self, rules: dict[int, AlertRules], now: datetime) -> tuple[date, date]:
        """The due dates an alert can be current for today, somewhere: local dates differ from
        UTC by a day at most, on either side."""
        reach = max((r.reach_ahead for r in rules.values()), default=0)
        return now.date() - timedelta(days=self._horizon + 1), now.date() + timedelta(days=reach + 1)

    def _forget_keys(self, first: date, open_count: int, open_ids: Callable[[], set[int]]) -> None:
        """Now and then (the window moved and far more keys are known than due dates are open):
        forget keys of due dates that left the window or were reported. Should one come back (a
        returned report), the unique key still stops a second alert."""
        if self._known_from not in (None, first) and len(self._known) > 4 * open_count + 10_000:
            open_now = open_ids()
            self._known = {key for key in self._known if key[0] in open_now}
        self._known_from = first

    async def _next_day(self, repo: AlertRepo, kept: _Kept, now: datetime) -> None:
        """A new UTC day moves the window on: due dates past the overdue horizon leave it, those
        the reminders now reach enter it. Only the entering days are read; everything else in
        the window is as the marks left it, so the daily sweep does not read 100,000 rows again."""
        first, last = self._window(kept.rules, now)
        entering = await repo.open_due_dates(max(kept.last + timedelta(days=1), first), last)
        oldest = first.isoformat()  # the ISO text of a date sorts as the date does
        for item in list(kept.rows):
            kept.rows[item] = [row for row in kept.rows[item] if row[1] >= oldest]
            if not kept.rows[item]:
                del kept.rows[item]
        for row in entering:
            kept.rows.setdefault(row[5], []).append(row)
        kept.utc_day, kept.first, kept.last = now.date(), first, last
        self._forget_keys(
            first,
            sum(len(rows) for rows in kept.rows.values()),
            lambda: {row[0] for rows in kept.rows.values() for row in rows},
        )

    async def _refresh(self, repo: AlertRepo, kept: _Kept, items: set[int], *, shares: bool) -> None:
        """Read the marked items' open due dates (and their teachers) again."""
        ordered = sorted(items)
        fresh: list[Row] = []
        for start in range(0, len(ordered), CHUNK):
            fresh += await repo.open_due_dates(kept.first, kept.last, ordered[start : start + CHUNK])
        for item in items:
            kept.rows.pop(item, None)
        for row in fresh:
            kept.rows.setdefault(row[5], []).append(row)
        if not shares:
            return
        assignments = sorted({row[2] for row in fresh})
        for assignment_id in assignments:
            kept.people.shares.pop(assignment_id, None)
        for start in range(0, len(assignments), CHUNK):
            for assignment_id, user_id in await repo.teacher_shares(assignments[start : start + CHUNK]):
                kept.people.shares[assignment_id].append(user_id)

    def _moments(self, people: People) -> list[tuple[str, time]]:
        """The local times at which the passing of time alone changes what is due or
        deliverable: midnight in every organisation's and person's time zone (stages begin,
        "once a day" opens again), and each person's alert time and end of quiet hours."""
        found = {(self._default_timezone, time(0))}
        found.update((tz or self._default_timezone, time(0)) for tz in people.org_tz.values())
        for prefs in {id(p): p for p in people.prefs.values()}.values():
            found.add((prefs.timezone, time(0)))
            found.add((prefs.timezone, prefs.alert_time))
            if prefs.quiet is not None:
                found.add((prefs.timezone, prefs.quiet[1]))
        return sorted(found)

    @staticmethod
    def _next_wake(moments: list[tuple[str, time]], now: datetime) -> datetime:
        soonest = now + timedelta(days=1)
        for tz, at in moments:
            zone = ZoneInfo(tz)
            local_day = now.astimezone(zone).date()
            moment = datetime.combine(local_day, at, zone)
            if moment <= now:
                moment = datetime.combine(local_day + timedelta(days=1), at, zone)
            soonest = min(soonest, moment)
        return soonest

    async def _people(self, repo: AlertRepo) -> People:
        people = People()
        for org_id, parent_id, tz in await repo.organisations():
            people.parent[org_id] = parent_id
            people.org_tz[org_id] = tz
        home_tz: dict[int, str | None] = {}
        by_role = {
            Role.HEAD.name: people.heads,
            Role.TEACHER.name: people.teachers,
            Role.ADMIN.name: people.admins,
            Role.OBSERVER.name: people.observers,
        }
        for user_id, org_id, role in await repo.memberships():
            by_role[role][org_id].append(user_id)
            home_tz.setdefault(user_id, people.org_tz.get(org_id))
        for assignment_id, user_id in await repo.teacher_shares():
            people.shares[assignment_id].append(user_id)
        # Most people keep the defaults: equal preferences are one shared object, so what is
        # worked out for one (delivery moments, local dates) serves them all.
        shared: dict[tuple[object, ...], Prefs] = {}
        for row in await repo.users():
            user_id, tz, alert_time, quiet_from, quiet_to, daily, muted, reachable, monthly = row
            if reachable:
                people.reachable.add(user_id)
            if monthly:
                people.monthly.add(user_id)
            key = (
                tz or home_tz.get(user_id) or self._default_timezone,
                alert_time,
                quiet_from,
                quiet_to,
                daily,
                muted,
            )
            prefs = shared.get(key)
            if prefs is None:
                prefs = shared[key] = Prefs(
                    timezone=key[0],  # type: ignore[arg-type]
                    alert_time=parse_hhmm(alert_time) if alert_time else DEFAULT_ALERT_TIME,
                    quiet=quiet_hours(quiet_from, quiet_to),
                    daily_digest=bool(daily),
                    muted_plans=frozenset(json.loads(muted) if muted and muted != "[]" else ()),
                )
            people.prefs[user_id] = prefs
        return people

    def _current(self, due_text: str, tz: str, rules: AlertRules, now: datetime) -> _Current:
        """The reminder, the head's and the admin's escalation current today for a due date in
        an organisation's time zone, each with the moment its stage began (midnight of its first
        day there)."""
        zone = ZoneInfo(tz)
        due_on = date.fromisoformat(due_text)
        days_left = (due_on - now.astimezone(zone).date()).days
        if -days_left > self._horizon:
            return _NOTHING

        def stage(kind: str) -> _Stage:
            began = datetime.combine(rules.stage_start(kind, due_on), time(0), zone)
            return _Stage(kind, began)

        reminder = rules.reminder(days_left)
        escalations = rules.escalations(days_left)
        if reminder is None and not escalations:
            return _NOTHING
        return _Current(
            stage(reminder) if reminder else None,
            stage(ESCALATE_HEAD) if ESCALATE_HEAD in escalations else None,
            stage(ESCALATE_ADMIN) if ESCALATE_ADMIN in escalations else None,
        )

    def _due_now(
        self,
        rows: list[Row],
        rules: dict[int, AlertRules],
        people: People,
        now: datetime,
        recent: set[tuple[int, date]],
        result: SweepResult,
    ) -> dict[int, list[tuple[int, int, str]]]:
        """User -> (due date, organisation, kind) of the alerts to record for them now.

        Runs over every open due date in the window (100,000 and more) when time has moved on:
        what depends only on the organisation, on the due date, time zone and plan, or on a
        user's preferences is worked out once and looked up after, so that each alert costs a
        few lookups by number."""
        reachable = people.reachable
        shares = people.shares
        known = self._known
        audiences: dict[int, _Audience] = {}
        currents: dict[tuple[str, str, int], _Current] = {}
        users: dict[int, _Reader | None] = {}
        per_user: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        candidates = held = 0
        for occurrence_id, due_text, assignment_id, org_id, plan_id, _item in rows:
            audience = audiences.get(org_id)
            if audience is None:
                audience = audiences[org_id] = self._audience(org_id, people)
            current = currents.get((due_text, audience.tz, plan_id))
            if current is None:
                current = currents[(due_text, audience.tz, plan_id)] = self._current(
                    due_text, audience.tz, rules.get(plan_id) or AlertRules(), now
                )
            if current is _NOTHING:
                continue
            direct, other_heads = audience.fallback, ()
            shared = shares.get(assignment_id)
            if shared:
                given = [u for u in shared if u in reachable]
                if given:
                    direct = given
                    other_heads = [u for u in audience.heads if u not in given]
            for told, stage in (
                (direct, current.reminder),
                (other_heads, current.head),
                (audience.admins, current.admin),
            ):
                if stage is None:
                    continue
                kind, verdicts = stage.kind, stage.verdicts
                for user_id in told:
                    candidates += 1
                    if known and (occurrence_id, org_id, user_id, kind) in known:
                        continue
                    reader = users.get(user_id, _UNSEEN)
                    if reader is _UNSEEN:
                        reader = users[user_id] = self._reader(user_id, people, now, recent)
                    if reader is None or (reader.muted and plan_id in reader.muted):
                        continue
                    ok = verdicts.get(reader.prefs_id)
                    if ok is None:
                        ok = verdicts[reader.prefs_id] = self._deliverable(reader.prefs, stage.began, now)
                    if not ok:
                        held += 1
                    elif not reader.had_digest_today:
                        per_user[user_id].append((occurrence_id, org_id, kind))
        result.candidates += candidates
        result.skipped_quiet += held
        return per_user

    def _audience(self, org_id: int, people: People) -> _Audience:
        reachable = people.reachable
        heads = [u for u in people.heads.get(org_id, ()) if u in reachable]
        teachers = [u for u in people.teachers.get(org_id, ()) if u in reachable]
        return _Audience(
            people.org_tz.get(org_id) or self._default_timezone,
            heads,
            heads or teachers,
            people.scope_admins(org_id),
        )

    @staticmethod
    def _reader(user_id: int, people: People, now: datetime, recent: set[tuple[int, date]]) -> _Reader | None:
        prefs = people.prefs.get(user_id)
        if prefs is None:
            return None
        had = prefs.daily_digest and (user_id, prefs.local(now).date()) in recent
        return _Reader(prefs, id(prefs), prefs.muted_plans, had)

    @staticmethod
    def _deliverable(prefs: Prefs, began: datetime, now: datetime) -> bool:
        """Whether an alert whose stage began then may go to a reader with these preferences now:
        from their alert time after it on, outside their quiet hours."""
        return now >= prefs.delivery_moment(began) and not in_quiet(prefs.local(now).time(), prefs.quiet)

    def _bounded(
        self, per_user: dict[int, list[tuple[int, int, str]]], result: SweepResult
    ) -> dict[int, list[tuple[int, int, str]]]:
        """At most `max_alerts` a sweep, whole users at a time.

        A backlog (the first sweep after a plan was assigned, a long outage) is recorded over a
        few sweeps, a minute apart, instead of in one long transaction that holds the write lock.
        Nobody is late for it: at Telegram's rate, sending one sweep's digests takes longer than a
        minute anyway. A user's alerts go in one digest, unless they alone are over the bound (a
        region admin told at once of every late school of 5,000: 44,000 lines, hundreds of
        messages whichever way): theirs then go in parts of the bound, one digest each, a minute
        apart; for someone who asked for one digest a day, a part a day."""
        total = sum(len(alerts) for alerts in per_user.values())
        if total <= self._max_alerts:
            return per_user
        kept: dict[int, list[tuple[int, int, str]]] = {}
        count = 0
        for user_id in sorted(per_user):
            alerts = per_user[user_id]
            if count + len(alerts) > self._max_alerts:
                if count:
                    break
                alerts = sorted(alerts)[: self._max_alerts]  # the same part whoever sweeps
            kept[user_id] = alerts
            count += len(alerts)
        result.deferred = total - count
        return kept

    async def _record(
        self,
        repo: AlertRepo,
        per_user: dict[int, list[tuple[int, int, str]]],
        people: People,
        now: datetime,
        result: SweepResult,
    ) -> set[tuple[int, int, int, str]]:
        """One digest per user, every alert under its unique key; the keys now in the database."""
        digest_ids = await repo.add_alert_digests(
            [(user_id, people.prefs[user_id].local(now).date()) for user_id in per_user], now
        )
        await repo.insert_alerts(
            [
                (occurrence_id, org_id, user_id, kind, digest_ids[user_id])
                for user_id, alerts in per_user.items()
                for occurrence_id, org_id, kind in alerts
            ],
            now,
        )
        # A key another sweep already held was skipped by the insert: count what is ours, and
        # drop the digests left with nothing of their own.
        counts = await repo.alerts_per_digest(list(digest_ids.values()))
        await repo.drop_digests([d for d in digest_ids.values() if not counts.get(d)])
        result.alerts += sum(counts.values())
        result.digests += sum(1 for d in digest_ids.values() if counts.get(d))
        return {(o, g, u, k) for u, alerts in per_user.items() for o, g, k in alerts}
