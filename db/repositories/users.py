"""Users, organisations and memberships: queries only, the caller's unit of work commits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Membership, Organisation, User

# Runs for every update: built once, and read as plain rows (no ORM identity map work).
_PROFILE = (
    select(
        User.id,
        User.tg_id,
        User.first_name,
        User.last_name,
        User.username,
        User.language_code,
        User.locale,
        User.timezone,
        User.is_reachable,
        User.active_membership_id,
        Membership.id.label("membership_id"),
        Membership.org_id,
        Membership.role,
        Organisation.name.label("org_name"),
        Organisation.archived_at.label("org_archived_at"),
    )
    .outerjoin(Membership, Membership.user_id == User.id)
    .outerjoin(Organisation, Organisation.id == Membership.org_id)
    .where(User.tg_id == bindparam("tg_id"))
    .order_by(Membership.id)
)


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def profile_rows(self, tg_id: int) -> Sequence[Row[Any]]:
        """One row per membership (one row with empty membership columns if none)."""
        return (await self._session.execute(_PROFILE, {"tg_id": tg_id})).all()

    async def add(self, user: User) -> User:
        self._session.add(user)
        await self._session.flush()
        return user

    async def set_active_membership(self, user_id: int, membership_id: int | None) -> None:
        await self._session.execute(
            update(User).where(User.id == user_id).values(active_membership_id=membership_id)
        )

    async def update_profile(self, user_id: int, **values: Any) -> None:
        await self._session.execute(update(User).where(User.id == user_id).values(**values))

    async def get(self, user_id: int) -> User | None:
        return await self._session.get(User, user_id)

    async def flush(self) -> None:
        await self._session.flush()
