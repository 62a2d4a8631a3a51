"""Organisations, memberships, invites and the audit log: queries only, no commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import AuditEntry, Invite, Membership, Organisation, OrgKind, Role, User


class OrgRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def root(self) -> Organisation | None:
        stmt = select(Organisation).where(Organisation.parent_id.is_(None)).order_by(Organisation.id)
        return await self._session.scalar(stmt.limit(1))

    async def get(self, org_id: int) -> Organisation | None:
        return await self._session.get(Organisation, org_id)

    async def ancestors(self, org_id: int) -> list[int]:
        """Ids of the organisation's parent, grandparent, … up to the root."""
        tree = (
            select(Organisation.id, Organisation.parent_id)
            .where(Organisation.id == org_id)
            .cte("tree", recursive=True)
        )
        parent = select(Organisation.id, Organisation.parent_id).join(
            tree, Organisation.id == tree.c.parent_id
        )
        tree = tree.union_all(parent)
        rows = (await self._session.execute(select(tree.c.id))).scalars().all()
        return [row for row in rows if row != org_id]

    async def subtree(self, org_ids: Sequence[int], include_archived: bool = False) -> list[Organisation]:
        """The organisations and everything below them, parents before children."""
        tree = select(Organisation.id).where(Organisation.id.in_(org_ids)).cte("sub", recursive=True)
        tree = tree.union(select(Organisation.id).join(tree, Organisation.parent_id == tree.c.id))
        stmt = select(Organisation).where(Organisation.id.in_(select(tree.c.id))).order_by(Organisation.name)
        if not include_archived:
            stmt = stmt.where(Organisation.archived_at.is_(None))
        return list((await self._session.scalars(stmt)).all())

    async def all(self) -> list[Organisation]:
        return list((await self._session.scalars(select(Organisation).order_by(Organisation.id))).all())

    async def kinds(self) -> list[OrgKind]:
        return list((await self._session.scalars(select(OrgKind).order_by(OrgKind.position))).all())

    async def add(self, org: Organisation) -> Organisation:
        self._session.add(org)
        await self._session.flush()
        return org

    async def members(self, org_id: int) -> list[tuple[Membership, User]]:
        stmt = (
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.org_id == org_id)
            .order_by(Membership.role, User.first_name)
        )
        return [(m, u) for m, u in (await self._session.execute(stmt)).all()]

    async def membership(self, membership_id: int) -> Membership | None:
        stmt = (
            select(Membership)
            .where(Membership.id == membership_id)
            .options(selectinload(Membership.user), selectinload(Membership.organisation))
        )
        return await self._session.scalar(stmt)

    async def has_membership(self, user_id: int, org_id: int, role: Role) -> bool:
        stmt = select(func.count()).where(
            Membership.user_id == user_id, Membership.org_id == org_id, Membership.role == role
        )
        return bool(await self._session.scalar(stmt))

    async def add_membership(self, user_id: int, org_id: int, role: Role, at: datetime) -> Membership:
        membership = Membership(user_id=user_id, org_id=org_id, role=role, created_at=at)
        self._session.add(membership)
        await self._session.flush()
        return membership

    async def remove(self, obj: object) -> None:
        await self._session.delete(obj)
        await self._session.flush()

    async def user(self, user_id: int) -> User | None:
        return await self._session.get(User, user_id)

    # ---- invites ----

    async def add_invite(self, invite: Invite) -> Invite:
        self._session.add(invite)
        await self._session.flush()
        return invite

    async def invite_by_hash(self, token_hash: str) -> Invite | None:
        stmt = (
            select(Invite).where(Invite.token_hash == token_hash).options(selectinload(Invite.organisation))
        )
        return await self._session.scalar(stmt)

    async def use_invite(self, invite_id: int, now: datetime) -> bool:
        """Take one use of an invite, if it has one left: one conditional statement, so ten people
        redeeming a single-use link at the same moment admit exactly one."""
        result = await self._session.execute(
            update(Invite)
            .where(
                Invite.id == invite_id,
                Invite.uses < Invite.max_uses,
                Invite.revoked_at.is_(None),
                Invite.expires_at > now,
            )
            .values(uses=Invite.uses + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def revoke_invite(self, invite_id: int, now: datetime) -> bool:
        result = await self._session.execute(
            update(Invite)
            .where(Invite.id == invite_id, Invite.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def invite(self, invite_id: int) -> Invite | None:
        stmt = select(Invite).where(Invite.id == invite_id).options(selectinload(Invite.organisation))
        return await self._session.scalar(stmt)

    async def open_invites(self, org_ids: Sequence[int], now: datetime) -> list[Invite]:
        stmt = (
            select(Invite)
            .where(
                Invite.org_id.in_(org_ids),
                Invite.revoked_at.is_(None),
                Invite.expires_at > now,
                Invite.uses < Invite.max_uses,
            )
            .options(selectinload(Invite.organisation))
            .order_by(Invite.created_at.desc(), Invite.id.desc())
        )
        return list((await self._session.scalars(stmt)).all())

    # ---- audit ----

    async def audit(self, entry: AuditEntry) -> None:
        self._session.add(entry)
        await self._session.flush()

    async def audit_entries(self, org_ids: Sequence[int], limit: int = 50) -> list[AuditEntry]:
        stmt = (
            select(AuditEntry)
            .where(AuditEntry.org_id.in_(org_ids))
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
        return list((await self._session.scalars(stmt)).all())
