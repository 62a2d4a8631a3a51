"""Alerts, digests and what the sweep reads about people and due dates: queries only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Alert,
    Assignment,
    Digest,
    DigestStatus,
    Item,
    Membership,
    Occurrence,
    Organisation,
    Plan,
    Report,
    ReportStatus,
    Role,
    TeacherAssignment,
    User,
)
from db.upsert import insert_ignoring_conflicts


class AlertRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # ---- what the sweep reads ----

    async def open_due_dates(self, first: date, last: date) -> list[tuple[int, date, int, int, int, int]]:
        """(occurrence, due date, assignment, organisation, plan, item) for due dates in the range
        that the organisation has not reported (or whose report was returned)."""
        stmt = (
            select(Occurrence.id, Occurrence.due_on, Assignment.id, Assignment.org_id, Item.plan_id, Item.id)
            .join(Assignment, Assignment.item_id == Occurrence.item_id)
            .join(Item, Item.id == Occurrence.item_id)
            .outerjoin(
                Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == Assignment.org_id)
            )
            .where(
                Occurrence.due_on.between(first, last),
                or_(Report.id.is_(None), Report.status == ReportStatus.RETURNED),
            )
        )
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def plan_rules(self) -> dict[int, dict[str, Any] | None]:
        return {
            pid: rules
            for pid, rules in (await self._session.execute(select(Plan.id, Plan.alert_rules))).all()
        }

    async def organisations(self) -> list[tuple[int, int | None, str | None]]:
        stmt = select(Organisation.id, Organisation.parent_id, Organisation.timezone)
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def memberships(self) -> list[tuple[int, int, Role]]:
        stmt = select(Membership.user_id, Membership.org_id, Membership.role)
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def teacher_shares(self) -> list[tuple[int, int]]:
        """(assignment, teacher) pairs."""
        stmt = select(TeacherAssignment.assignment_id, TeacherAssignment.user_id)
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def users(self) -> Sequence[Any]:
        stmt = select(
            User.id,
            User.timezone,
            User.alert_time,
            User.quiet_from,
            User.quiet_to,
            User.daily_digest,
            User.muted_plans,
            User.is_reachable,
        )
        return (await self._session.execute(stmt)).all()

    async def digest_days(self, since: date) -> set[tuple[int, date]]:
        """(user, local day) of alert digests made since the date: "once a day" reads this."""
        stmt = select(Digest.user_id, Digest.local_day).where(
            Digest.kind == "alerts", Digest.local_day >= since
        )
        return {(user, day) for user, day in (await self._session.execute(stmt)).all()}

    async def existing_keys(self, occurrence_ids: Sequence[int]) -> set[tuple[int, int, int, str]]:
        """(occurrence, organisation, user, kind) of the alerts already recorded."""
        found: set[tuple[int, int, int, str]] = set()
        ids = list(occurrence_ids)
        for start in range(0, len(ids), 5000):
            stmt = select(Alert.occurrence_id, Alert.org_id, Alert.user_id, Alert.kind).where(
                Alert.occurrence_id.in_(ids[start : start + 5000])
            )
            found.update((o, g, u, k) for o, g, u, k in (await self._session.execute(stmt)).all())
        return found

    # ---- claiming ----

    async def add_digests(self, rows: Sequence[dict[str, Any]]) -> dict[int, int]:
        """Insert digests; user id -> digest id."""
        if not rows:
            return {}
        result = await self._session.execute(
            insert_ignoring_conflicts(self._session, Digest).returning(Digest.id, Digest.user_id), list(rows)
        )
        return {user_id: digest_id for digest_id, user_id in result.all()}

    async def claim_alerts(self, rows: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
        """Insert alerts under their unique key; (occurrence, digest) of those this call inserted.
        A key another sweep already holds is skipped: that is the claim."""
        if not rows:
            return []
        statement = insert_ignoring_conflicts(
            self._session, Alert, ["occurrence_id", "org_id", "user_id", "kind"]
        )
        result = await self._session.execute(
            statement.returning(Alert.occurrence_id, Alert.digest_id), list(rows)
        )
        return [tuple(row) for row in result.all()]  # type: ignore[misc]

    async def drop_digests(self, digest_ids: Sequence[int]) -> None:
        if digest_ids:
            await self._session.execute(delete(Digest).where(Digest.id.in_(list(digest_ids))))

    # ---- delivery ----

    async def claim_next(self, now: datetime) -> int | None:
        """Take the oldest pending digest for sending, atomically (a second sender skips it)."""
        oldest = select(Digest.id).where(Digest.status == DigestStatus.PENDING).order_by(Digest.id).limit(1)
        stmt = (
            update(Digest)
            .where(Digest.id == oldest.scalar_subquery(), Digest.status == DigestStatus.PENDING)
            .values(status=DigestStatus.SENDING, claimed_at=now)
            .returning(Digest.id)
        )
        return await self._session.scalar(stmt)

    async def finish(
        self, digest_id: int, status: DigestStatus, now: datetime, error: str | None = None
    ) -> None:
        await self._session.execute(
            update(Digest).where(Digest.id == digest_id).values(status=status, sent_at=now, error=error)
        )

    async def abandon_in_flight(self, before: datetime) -> int:
        """Digests that were being sent when a sender stopped: maybe delivered, never repeated."""
        result = await self._session.execute(
            update(Digest)
            .where(Digest.status == DigestStatus.SENDING, Digest.claimed_at < before)
            .values(status=DigestStatus.UNCONFIRMED)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def digest(self, digest_id: int) -> tuple[Digest, User] | None:
        row = (
            await self._session.execute(
                select(Digest, User).join(User, User.id == Digest.user_id).where(Digest.id == digest_id)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def digest_lines(self, digest_id: int) -> list[tuple[Alert, date, Item, Plan, Organisation]]:
        stmt = (
            select(Alert, Occurrence.due_on, Item, Plan, Organisation)
            .join(Occurrence, Occurrence.id == Alert.occurrence_id)
            .join(Item, Item.id == Occurrence.item_id)
            .join(Plan, Plan.id == Item.plan_id)
            .join(Organisation, Organisation.id == Alert.org_id)
            .where(Alert.digest_id == digest_id)
            .order_by(Plan.id, Occurrence.due_on, Item.position)
        )
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def mark_unreachable(self, user_id: int) -> None:
        await self._session.execute(update(User).where(User.id == user_id).values(is_reachable=False))

    async def pending_count(self) -> int:
        stmt = select(func.count()).select_from(Digest).where(Digest.status == DigestStatus.PENDING)
        return int(await self._session.scalar(stmt) or 0)

    # ---- weekly summary ----

    async def week_counts(
        self, week_start: date, week_end: date, today: date
    ) -> list[tuple[int, int, int, int]]:
        """Per organisation: (org, due this week, done of those, overdue now)."""
        done = Report.status.in_([ReportStatus.SUBMITTED, ReportStatus.APPROVED])
        in_week = Occurrence.due_on.between(week_start, week_end)
        stmt = (
            select(
                Assignment.org_id,
                func.count().filter(in_week),
                func.count().filter(and_(in_week, done)),
                func.count().filter(and_(Occurrence.due_on < today, or_(Report.id.is_(None), ~done))),
            )
            .select_from(Assignment)
            .join(Occurrence, Occurrence.item_id == Assignment.item_id)
            .outerjoin(
                Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == Assignment.org_id)
            )
            .where(Occurrence.due_on <= week_end)
            .group_by(Assignment.org_id)
        )
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def existing_dedupe_keys(self, keys: Sequence[str]) -> set[str]:
        stmt = select(Digest.dedupe_key).where(Digest.dedupe_key.in_(list(keys)))
        return {key for key in (await self._session.scalars(stmt)).all() if key}

    async def org_names(self) -> dict[int, str]:
        stmt = select(Organisation.id, func.coalesce(Organisation.short_name, Organisation.name))
        return {org_id: name for org_id, name in (await self._session.execute(stmt)).all()}
