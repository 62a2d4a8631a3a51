"""Async engine and session factory. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session

SQLITE_BUSY_TIMEOUT_MS = 10_000


def create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True)

    if parsed.database and parsed.database != ":memory:":
        from pathlib import Path

        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # A fixed pool: overflow connections would be opened and closed (with their PRAGMAs) under
    # load, which costs more than the queries themselves.
    engine = create_async_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=16,
        max_overflow=0,
        pool_timeout=60,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # WAL makes NORMAL durable against application crashes; only power loss can
        # drop the last transactions.
        cursor.execute("PRAGMA synchronous=NORMAL")
        # 32 MB of page cache per connection instead of 2 MB: the alert sweep and the screens
        # walk indexes of hundreds of thousands of rows.
        cursor.execute("PRAGMA cache_size=-32000")
        cursor.close()

    return engine


class TrackedSession(Session):
    """A session that remembers whether it wrote anything.

    An update that only read (a menu, a page of a list) needs no write transaction of its
    own; on SQLite that keeps the single write lock free for the updates that change data.
    """

    @property
    def written_tables(self) -> frozenset[str]:
        """Tables this session changed since its last commit or rollback."""
        return frozenset(self.info.get(_WRITTEN, ()))


_WRITTEN = "written_tables"


@event.listens_for(TrackedSession, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    tables = session.info.setdefault(_WRITTEN, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        tables.add(obj.__table__.name)


@event.listens_for(TrackedSession, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info.setdefault(_WRITTEN, set()).add(state.statement.table.name)  # type: ignore[attr-defined]


@event.listens_for(TrackedSession, "after_soft_rollback")
@event.listens_for(TrackedSession, "after_commit")
def _reset(session: Session, *_args: Any) -> None:
    session.info.pop(_WRITTEN, None)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=TrackedSession)
