"""Alerts, digests and what the sweep reads about people and due dates: queries only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Select,
    String,
    and_,
    bindparam,
    cast,
    delete,
    exists,
    func,
    or_,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningDelete

from db.base import UTCDateTime
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
    SweepMark,
    TeacherAssignment,
    User,
)
from db.upsert import insert_ignoring_conflicts

# Few organisations are ever archived: a NOT IN over them is cheaper than a join per row.
_ARCHIVED = select(Organisation.id).where(Organisation.archived_at.is_not(None))


class AlertRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _rows(self, stmt: Select[Any] | ReturningDelete[Any]) -> list[tuple[Any, ...]]:
        """Plain tuples: the sweep reads 100,000 rows a minute, and building result rows costs
        more than the database's own work, so on SQLite and asyncpg the query goes to the
        driver as it is."""
        connection = await self._session.connection()
        if connection.dialect.driver not in ("aiosqlite", "asyncpg"):
            return [tuple(row) for row in (await connection.execute(stmt)).all()]
        # IN (…) lists become one parameter per value here, as the driver takes them.
        compiled = stmt.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
        processors = compiled._bind_processors  # dates and enums become what the column stores
        params = compiled.construct_params()
        values = [
            processors[name](params[name]) if name in processors else params[name]
            for name in compiled.positiontup or ()
        ]
        driver = (await connection.get_raw_connection()).driver_connection
        if connection.dialect.driver == "asyncpg":
            # asyncpg's records are tuples already; the transaction is the session's own.
            await _in_transaction(connection, driver)
            return [tuple(record) for record in await driver.fetch(compiled.string, *values)]
        cursor = await driver.execute(compiled.string, values)
        try:
            return list(await cursor.fetchall())
        finally:
            await cursor.close()

    def _as_text(self, column: Any) -> Any:
        """The column as the text it is stored as. SQLite keeps dates and JSON as text, so the
        value is taken as it is; PostgreSQL's driver would decode a date or a json column into
        objects, so there the database casts it."""
        if self._session.bind.dialect.name == "sqlite":
            return type_coerce(column, String)
        return cast(column, String)

    # ---- what the sweep reads ----

    async def open_due_dates(
        self, first: date, last: date, items: Sequence[int] | None = None
    ) -> list[tuple[int, str, int, int, int, int]]:
        """(occurrence, due date as ISO text, assignment, organisation, plan, item) for due dates
        in the range that the organisation has not reported (or whose report was returned); with
        `items`, of those items only.

        The date comes back as text: a few distinct dates over 100,000 rows are cheaper to parse
        once each by the caller than row by row by the column type."""
        stmt = (
            select(
                Occurrence.id,
                self._as_text(Occurrence.due_on),
                Assignment.id,
                Assignment.org_id,
                Item.plan_id,
                Occurrence.item_id,
            )
            .join(Assignment, Assignment.item_id == Occurrence.item_id)
            .join(Item, Item.id == Occurrence.item_id)
            .where(
                Occurrence.due_on.between(first, last),
                # An anti-join, not an outer join filtered for "no report or a returned one":
                # PostgreSQL estimates that filter at a few rows and then visits each item
                # by its index, 100,000 times.
                ~exists().where(
                    Report.occurrence_id == Occurrence.id,
                    Report.org_id == Assignment.org_id,
                    Report.status != ReportStatus.RETURNED,
                ),
                # An archived organisation is reminded of nothing.
                Assignment.org_id.not_in(_ARCHIVED),
            )
        )
        if items is not None:
            stmt = stmt.where(Occurrence.item_id.in_(items))
        return await self._rows(stmt)  # type: ignore[return-value]

    async def take_marks(self, limit: int) -> set[tuple[str, int]] | None:
        """What changed since the last sweep (written by triggers), taken: (scope, ref). None if
        there are more than `limit` (a plan just assigned leaves a mark per item, 100,000 of
        them): they are all dropped in one statement, and the caller reads everything.

        On PostgreSQL a mark another transaction has written but not committed is not taken
        (nor is its change seen): it stays for the next sweep, with what it marks."""
        some = select(SweepMark.scope).limit(limit + 1).subquery()
        if int(await self._session.scalar(select(func.count()).select_from(some)) or 0) > limit:
            await self._session.execute(delete(SweepMark))
            return None
        return {
            (scope, ref)
            for scope, ref in await self._rows(delete(SweepMark).returning(SweepMark.scope, SweepMark.ref))
        }

    async def plan_rules(self) -> dict[int, dict[str, Any] | None]:
        return {
            pid: rules
            for pid, rules in (await self._session.execute(select(Plan.id, Plan.alert_rules))).all()
        }

    async def organisations(self) -> list[tuple[int, int | None, str | None]]:
        stmt = select(Organisation.id, Organisation.parent_id, Organisation.timezone)
        return await self._rows(stmt)  # type: ignore[return-value]

    async def memberships(self) -> list[tuple[int, int, str]]:
        """(user, organisation, role name): the name as stored, without the enum's per-row work."""
        stmt = select(Membership.user_id, Membership.org_id, type_coerce(Membership.role, String)).where(
            Membership.org_id.not_in(_ARCHIVED)
        )
        return await self._rows(stmt)  # type: ignore[return-value]

    async def teacher_shares(self, assignments: Sequence[int] | None = None) -> list[tuple[int, int]]:
        """(assignment, teacher) pairs; with `assignments`, of those only."""
        stmt = select(TeacherAssignment.assignment_id, TeacherAssignment.user_id)
        if assignments is not None:
            stmt = stmt.where(TeacherAssignment.assignment_id.in_(assignments))
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def users(self) -> Sequence[Any]:
        # The muted plans as JSON text: nearly always "[]", parsed by the caller when not.
        muted = self._as_text(User.muted_plans)
        stmt = select(
            User.id,
            User.timezone,
            User.alert_time,
            User.quiet_from,
            User.quiet_to,
            User.daily_digest,
            muted,
            User.is_reachable,
            User.monthly_report,
        )
        return await self._rows(stmt)

    async def digest_days(self, since: date) -> set[tuple[int, date]]:
        """(user, local day) of alert digests made since the date: "once a day" reads this."""
        stmt = select(Digest.user_id, self._as_text(Digest.local_day)).where(
            Digest.kind == "alerts", Digest.local_day >= since
        )
        # One digest per user a sweep: 20,000 rows over a day or two, each day parsed once.
        days: dict[str, date] = {}
        return {
            (user, days.get(day) or days.setdefault(day, date.fromisoformat(day)))
            for user, day in await self._rows(stmt)
        }

    async def existing_keys(self, first: date, last: date) -> set[tuple[int, int, int, str]]:
        """(occurrence, organisation, user, kind) of the alerts already recorded for due dates
        in the range."""
        in_range = select(Occurrence.id).where(Occurrence.due_on.between(first, last))
        stmt = select(Alert.occurrence_id, Alert.org_id, Alert.user_id, Alert.kind).where(
            Alert.occurrence_id.in_(in_range)
        )
        return {tuple(row) for row in await self._rows(stmt)}  # type: ignore[misc]

    # ---- claiming ----

    async def add_alert_digests(self, users: Sequence[tuple[int, date]], at: datetime) -> dict[int, int]:
        """A pending alert digest for each (user, local day); user id -> digest id."""
        if not users:
            return {}
        connection = await self._session.connection()
        if connection.dialect.name == "sqlite":
            # Up to one per user (20,000) each sweep: straight to the driver. The sweep's
            # transaction holds SQLite's write lock from this insert on, so the rows just
            # written are the last ones, and they are read back to map users to ids.
            table = Digest.__table__
            stamp = table.c.created_at.type.bind_processor(connection.dialect)
            day = table.c.local_day.type.bind_processor(connection.dialect)
            status = table.c.status.type.bind_processor(connection.dialect)
            driver = (await connection.get_raw_connection()).driver_connection
            pending = status(DigestStatus.PENDING) if status else DigestStatus.PENDING.name
            await driver.executemany(
                "INSERT INTO digests (user_id, kind, status, local_day, payload, created_at) "
                "VALUES (?, 'alerts', ?, ?, '{}', ?)",
                [
                    (user_id, pending, day(local) if day else local, stamp(at) if stamp else at)
                    for user_id, local in users
                ],
            )
            cursor = await driver.execute(
                "SELECT id, user_id FROM digests ORDER BY id DESC LIMIT ?", (len(users),)
            )
            found = {user_id: digest_id for digest_id, user_id in await cursor.fetchall()}
            await cursor.close()
            if len(found) == len(users) and all(user_id in found for user_id, _day in users):
                return found
            raise RuntimeError("digests written by this sweep could not be read back")
        if connection.dialect.driver == "asyncpg":
            # One statement over arrays (asyncpg sends them in binary): as fast as SQLite's
            # driver path, where one row of parameters per digest is processed by SQLAlchemy.
            result = await connection.execute(
                text(
                    "INSERT INTO digests (user_id, kind, status, local_day, payload, created_at) "
                    "SELECT u, 'alerts', :status, d, CAST('{}' AS json), :at "
                    "FROM unnest(CAST(:users AS integer[]), CAST(:days AS date[])) AS t(u, d) "
                    "ON CONFLICT DO NOTHING RETURNING id, user_id"
                ).bindparams(bindparam("at", type_=UTCDateTime())),
                {
                    "status": DigestStatus.PENDING.name,
                    "at": at,
                    "users": [user_id for user_id, _day in users],
                    "days": [local for _user, local in users],
                },
            )
            return {user_id: digest_id for digest_id, user_id in result.all()}
        return await self.add_digests(
            [
                {
                    "user_id": user_id,
                    "kind": "alerts",
                    "status": DigestStatus.PENDING,
                    "local_day": local,
                    "payload": {},
                    "created_at": at,
                }
                for user_id, local in users
            ]
        )

    async def add_digests(self, rows: Sequence[dict[str, Any]]) -> dict[int, int]:
        """Insert digests; user id -> digest id."""
        if not rows:
            return {}
        result = await self._session.execute(
            insert_ignoring_conflicts(self._session, Digest).returning(Digest.id, Digest.user_id), list(rows)
        )
        return {user_id: digest_id for digest_id, user_id in result.all()}

    async def insert_alerts(self, rows: Sequence[tuple[int, int, int, str, int]], at: datetime) -> None:
        """Insert (occurrence, organisation, user, kind, digest) alerts under their unique key; a
        key already held (by an earlier or a concurrent sweep) is skipped: that is the claim."""
        if not rows:
            return
        if self._session.bind.dialect.name == "sqlite":
            # A sweep can record 100,000 alerts: SQLAlchemy's per-row parameter processing
            # costs more than SQLite's insert, so the rows go to the driver as plain tuples.
            connection = await self._session.connection()
            created = Alert.__table__.c.created_at.type.bind_processor(connection.dialect)
            stamp = created(at) if created else at
            driver = (await connection.get_raw_connection()).driver_connection
            await driver.executemany(
                "INSERT INTO alerts (occurrence_id, org_id, user_id, kind, digest_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                sorted((*row, stamp) for row in rows),  # in key order: the unique index grows at its end
            )
            return
        connection = await self._session.connection()
        if connection.dialect.driver == "asyncpg":
            # The rows as five arrays in one statement, in key order (see above).
            ordered = sorted(rows)
            await connection.execute(
                text(
                    "INSERT INTO alerts (occurrence_id, org_id, user_id, kind, digest_id, created_at) "
                    "SELECT o, g, u, k, d, :at FROM unnest(CAST(:o AS integer[]), CAST(:g AS integer[]), "
                    "CAST(:u AS integer[]), CAST(:k AS varchar[]), CAST(:d AS integer[])) AS t(o, g, u, k, d) "
                    "ON CONFLICT DO NOTHING"
                ).bindparams(bindparam("at", type_=UTCDateTime())),
                {
                    "at": at,
                    **{name: [row[n] for row in ordered] for n, name in enumerate(("o", "g", "u", "k", "d"))},
                },
            )
            return
        statement = insert_ignoring_conflicts(
            self._session, Alert, ["occurrence_id", "org_id", "user_id", "kind"]
        )
        columns = ("occurrence_id", "org_id", "user_id", "kind", "digest_id")
        await self._session.execute(
            statement, [dict(zip(columns, row, strict=True), created_at=at) for row in rows]
        )

    async def alerts_per_digest(self, digest_ids: Sequence[int]) -> dict[int, int]:
        if not digest_ids:
            return {}
        wanted = set(digest_ids)
        stmt = (
            select(Alert.digest_id, func.count())
            .where(Alert.digest_id.between(min(wanted), max(wanted)))
            .group_by(Alert.digest_id)
        )
        return {d: n for d, n in (await self._session.execute(stmt)).all() if d in wanted}

    async def drop_digests(self, digest_ids: Sequence[int]) -> None:
        if digest_ids:
            await self._session.execute(delete(Digest).where(Digest.id.in_(list(digest_ids))))

    # ---- delivery ----

    async def claim_next(
        self, now: datetime, kinds: Sequence[str] | None = None, skip: Sequence[str] = ()
    ) -> int | None:
        """Take the oldest pending digest for sending, atomically (a second sender skips it):
        of one of `kinds` if given, and of none of `skip`."""
        wanted = [Digest.status == DigestStatus.PENDING]
        if kinds is not None:
            wanted.append(Digest.kind.in_(list(kinds)))
        if skip:
            wanted.append(Digest.kind.not_in(list(skip)))
        # PostgreSQL: a digest another sender is claiming is passed over, not waited for (and
        # then found taken, leaving this sender idle). SQLite has one writer and ignores it.
        oldest = (
            select(Digest.id).where(*wanted).order_by(Digest.id).limit(1).with_for_update(skip_locked=True)
        )
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

    # ---- a reminder a person sends («📣 Напомнить») ----

    async def open_assignments(
        self, item_id: int, occurrence_id: int, org_ids: Sequence[int]
    ) -> list[tuple[int, int, str | None]]:
        """(assignment, organisation, its time zone) of the organisations among `org_ids` given
        the item whose report for the due date is missing or was returned."""
        stmt = (
            select(Assignment.id, Assignment.org_id, Organisation.timezone)
            .join(Organisation, Organisation.id == Assignment.org_id)
            .outerjoin(
                Report, and_(Report.occurrence_id == occurrence_id, Report.org_id == Assignment.org_id)
            )
            .where(
                Assignment.item_id == item_id,
                Assignment.org_id.in_(list(org_ids)),
                Organisation.archived_at.is_(None),
                or_(Report.id.is_(None), Report.status == ReportStatus.RETURNED),
            )
        )
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def people_to_remind(
        self, assignment_ids: Sequence[int], org_ids: Sequence[int]
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
        """The teachers given those assignments, (assignment, user), and the heads and teachers
        of those organisations, (organisation, user, role name)."""
        shares = select(TeacherAssignment.assignment_id, TeacherAssignment.user_id).where(
            TeacherAssignment.assignment_id.in_(list(assignment_ids))
        )
        members = select(Membership.org_id, Membership.user_id, type_coerce(Membership.role, String)).where(
            Membership.org_id.in_(list(org_ids))
        )
        return (
            [tuple(row) for row in (await self._session.execute(shares)).all()],  # type: ignore[misc]
            [tuple(row) for row in (await self._session.execute(members)).all()],  # type: ignore[misc]
        )

    async def reachable_users(self, user_ids: Sequence[int]) -> dict[int, str | None]:
        """User -> their own time zone, for those among `user_ids` who have not blocked the bot."""
        stmt = select(User.id, User.timezone).where(User.id.in_(list(user_ids)), User.is_reachable)
        return {user_id: tz for user_id, tz in (await self._session.execute(stmt)).all()}

    async def reminded(self, occurrence_id: int, kinds: Sequence[str]) -> set[tuple[int, int]]:
        """(organisation, user) already reminded of the due date under one of the kinds."""
        stmt = select(Alert.org_id, Alert.user_id).where(
            Alert.occurrence_id == occurrence_id, Alert.kind.in_(list(kinds))
        )
        return {tuple(row) for row in (await self._session.execute(stmt)).all()}  # type: ignore[misc]

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


async def _in_transaction(connection: Any, driver: Any) -> None:
    """SQLAlchemy begins asyncpg's transaction at its first statement: one runs first if none
    has, so what goes to the driver is inside the session's transaction, not autocommitted."""
    if not driver.is_in_transaction():
        await connection.execute(text("SELECT 1"))
