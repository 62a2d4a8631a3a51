"""Users, organisations and memberships: queries only, the caller's unit of work commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Membership, Organisation, Role, User


class UserRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_tg_id(self, tg_id: int) -> User | None:
        stmt = (
            select(User)
            .where(User.tg_id == tg_id)
            .options(selectinload(User.memberships).selectinload(Membership.organisation))
        )
        return await self._session.scalar(stmt)

    async def add(self, user: User) -> User:
        self._session.add(user)
        await self._session.flush()
        return user

    async def root_organisation(self) -> Organisation | None:
        stmt = select(Organisation).where(Organisation.parent_id.is_(None)).order_by(Organisation.id)
        return await self._session.scalar(stmt.limit(1))

    async def add_organisation(self, org: Organisation) -> Organisation:
        self._session.add(org)
        await self._session.flush()
        return org

    async def add_membership(self, user: User, org: Organisation, role: Role, at: datetime) -> Membership:
        membership = Membership(user_id=user.id, org_id=org.id, role=role, created_at=at)
        membership.organisation = org
        self._session.add(membership)
        await self._session.flush()
        return membership
