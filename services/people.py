"""Invites, members and the audit log.

An invite is a random token (192 bits) given once to its creator as a deep link; only its
sha256 is stored, so a leaked database does not leak working links. It expires (7 days by
default), may be used a set number of times and can be revoked. Every change of people is
written to the audit log in the same transaction as the change.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.models import AuditEntry, Invite, Organisation, Role
from db.repositories import Repositories
from services.clock import Clock
from services.errors import AccessDenied, DomainError, NotFound
from services.orgs import OrgInfo
from services.permissions import INVITE_ACTION, REMOVE_ACTION, Action, can, require, roles_viewer_may_invite
from services.users import Viewer

DEFAULT_INVITE_DAYS = 7
MAX_INVITE_USES = 500
TOKEN_BYTES = 24  # 192 bits; 32 URL-safe characters fit Telegram's 64-character start parameter


class InviteError(DomainError):
    """Why a start link did not work; the code picks the message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.message_key = f"invite-error-{code}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedInvite:
    invite_id: int
    token: str
    org_name: str
    role: Role
    expires_at: datetime
    max_uses: int


@dataclass(frozen=True)
class Joined:
    org_id: int
    org_name: str
    role: Role
    inviter_tg_id: int | None
    already_member: bool
    invite_id: int = 0


@dataclass(frozen=True)
class InviteLine:
    id: int
    role: Role
    uses: int
    max_uses: int
    expires_at: datetime


@dataclass(frozen=True)
class OrgCard:
    org: OrgInfo
    kind_names: dict[str, str]
    members: int
    invitable: list[Role]
    may_manage: bool


@dataclass(frozen=True)
class MemberLine:
    membership_id: int
    user_id: int
    name: str
    username: str | None
    role: Role
    may_remove: bool


class PeopleService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str = "") -> None:
        self._repo = repos.orgs
        self._clock = clock

    async def _org(self, org_id: int, *, archived_too: bool = False) -> tuple[Organisation, list[int]]:
        org = await self._repo.get(org_id)
        if org is None or (org.archived_at is not None and not archived_too):
            raise NotFound(f"organisation {org_id}")
        return org, await self._repo.ancestors(org_id)

    async def archived_in_reach(self, viewer: Viewer) -> list[OrgInfo]:
        """Archived organisations of an admin's subtree: their people keep no rights, but the
        admin can still see and remove them."""
        roots = viewer.org_ids(Role.ADMIN)
        everything = await self._repo.subtree(roots, include_archived=True) if roots else []
        return [OrgInfo.of(org) for org in everything if org.archived_at is not None]

    async def orgs_in_reach(self, viewer: Viewer) -> list[OrgInfo]:
        """Organisations whose people the viewer may see: an admin's subtree, a head's own."""
        roots = viewer.org_ids(Role.ADMIN)
        orgs = await self._repo.subtree(roots) if roots else []
        known = {org.id for org in orgs}
        for membership in viewer.memberships:
            if membership.role == Role.HEAD and membership.org_id not in known:
                org = await self._repo.get(membership.org_id)
                if org is not None and org.archived_at is None:
                    orgs.append(org)
                    known.add(org.id)
        return [OrgInfo.of(org) for org in orgs]

    async def card(self, viewer: Viewer, org_id: int) -> OrgCard:
        """Everything the organisation screen shows, with the tree read once. An archived
        organisation shows its members only: nobody is invited to it and it is not managed."""
        org, ancestors = await self._org(org_id, archived_too=True)
        require(viewer, Action.VIEW_MEMBERS, org_id, ancestors)
        kinds = {kind.code: kind.names for kind in await self._repo.kinds()}
        active = org.archived_at is None
        return OrgCard(
            OrgInfo.of(org),
            kinds.get(org.kind, {}),
            len(await self._repo.members(org_id)),
            roles_viewer_may_invite(viewer, org_id, ancestors) if active else [],
            active and can(viewer, Action.MANAGE_ORGS, org_id, ancestors),
        )

    async def org_name(self, org_id: int) -> str | None:
        org = await self._repo.get(org_id)
        return org.name if org else None

    async def invitable_roles(self, viewer: Viewer, org_id: int) -> list[Role]:
        _, ancestors = await self._org(org_id)
        return roles_viewer_may_invite(viewer, org_id, ancestors)

    async def create_invite(
        self, viewer: Viewer, org_id: int, role: Role, *, max_uses: int = 1, days: int = DEFAULT_INVITE_DAYS
    ) -> CreatedInvite:
        org, ancestors = await self._org(org_id)
        require(viewer, INVITE_ACTION[role], org_id, ancestors)
        if not 1 <= max_uses <= MAX_INVITE_USES or not 1 <= days <= 90:
            raise DomainError("invite limits out of range")
        now = self._clock.now()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        invite = await self._repo.add_invite(
            Invite(
                token_hash=hash_token(token),
                org_id=org_id,
                role=role,
                created_by=viewer.user_id,
                created_at=now,
                expires_at=now + timedelta(days=days),
                max_uses=max_uses,
                uses=0,
            )
        )
        await self._audit(
            viewer.user_id, "invite.create", org_id, None, role=role.value, uses=max_uses, days=days
        )
        return CreatedInvite(invite.id, token, org.name, role, invite.expires_at, max_uses)

    async def accept(self, user_id: int, token: str) -> Joined:
        """Join by a start link; a bad, expired, revoked or used token changes nothing."""
        if not token or len(token) > 64:
            raise InviteError("unknown")
        invite = await self._repo.invite_by_hash(hash_token(token))
        if invite is None:
            raise InviteError("unknown")
        now = self._clock.now()
        if invite.revoked_at is not None:
            raise InviteError("revoked")
        if invite.expires_at <= now:
            raise InviteError("expired")
        if invite.organisation.archived_at is not None:
            raise InviteError("unknown")
        inviter = await self._repo.user(invite.created_by) if invite.created_by else None
        joined = Joined(
            invite.org_id,
            invite.organisation.name,
            invite.role,
            inviter.tg_id if inviter and inviter.id != user_id else None,
            already_member=await self._repo.has_membership(user_id, invite.org_id, invite.role),
            invite_id=invite.id,
        )
        if joined.already_member:
            return joined  # opening the same link twice uses it up only once
        if not await self._repo.use_invite(invite.id, now):
            raise InviteError("used")
        await self._repo.add_membership(user_id, invite.org_id, invite.role, now)
        await self._audit(
            user_id, "member.join", invite.org_id, user_id, role=invite.role.value, invite=invite.id
        )
        return joined

    async def revoke(self, viewer: Viewer, invite_id: int) -> None:
        invite = await self._repo.invite(invite_id)
        if invite is None:
            raise NotFound(f"invite {invite_id}")
        _, ancestors = await self._org(invite.org_id)
        require(viewer, INVITE_ACTION[invite.role], invite.org_id, ancestors)
        if await self._repo.revoke_invite(invite.id, self._clock.now()):
            await self._audit(viewer.user_id, "invite.revoke", invite.org_id, None, invite=invite.id)

    async def open_invites(self, viewer: Viewer, org_id: int) -> list[InviteLine]:
        _, ancestors = await self._org(org_id)
        require(viewer, Action.VIEW_MEMBERS, org_id, ancestors)
        invites = await self._repo.open_invites([org_id], self._clock.now())
        return [
            InviteLine(i.id, i.role, i.uses, i.max_uses, i.expires_at)
            for i in invites
            if can(viewer, INVITE_ACTION[i.role], org_id, ancestors)
        ]

    async def members(self, viewer: Viewer, org_id: int) -> list[MemberLine]:
        _, ancestors = await self._org(org_id, archived_too=True)
        require(viewer, Action.VIEW_MEMBERS, org_id, ancestors)
        lines = []
        for membership, user in await self._repo.members(org_id):
            name = " ".join(part for part in (user.first_name, user.last_name) if part)
            may_remove = user.id != viewer.user_id and can(
                viewer, REMOVE_ACTION[membership.role], org_id, ancestors
            )
            lines.append(MemberLine(membership.id, user.id, name, user.username, membership.role, may_remove))
        return lines

    async def role_choices(self, viewer: Viewer, membership_id: int) -> list[Role]:
        """Roles the member may be given instead: the viewer must be able to take the old one
        away and to hand out the new one."""
        membership = await self._repo.membership(membership_id)
        if membership is None:
            raise NotFound(f"membership {membership_id}")
        org, ancestors = await self._org(membership.org_id, archived_too=True)
        if org.archived_at is not None:
            return []  # an archived organisation's people are removed, not given new roles
        if membership.user_id == viewer.user_id or not can(
            viewer, REMOVE_ACTION[membership.role], membership.org_id, ancestors
        ):
            return []
        return [
            role
            for role in Role
            if role != membership.role and can(viewer, INVITE_ACTION[role], membership.org_id, ancestors)
        ]

    async def change_role(self, viewer: Viewer, membership_id: int, role: Role) -> MemberLine:
        if role not in await self.role_choices(viewer, membership_id):
            raise AccessDenied(f"role {role} for membership {membership_id}")
        membership = await self._repo.membership(membership_id)
        assert membership is not None  # role_choices found it
        user = membership.user
        old = membership.role
        if await self._repo.has_membership(user.id, membership.org_id, role):
            await self._repo.remove(membership)  # already holds the new role there: drop the old
        else:
            membership.role = role
        await self._audit(
            viewer.user_id, "member.role", membership.org_id, user.id, old=old.value, new=role.value
        )
        return MemberLine(membership_id, user.id, user.first_name, user.username, role, True)

    async def remove_member(self, viewer: Viewer, membership_id: int) -> MemberLine:
        membership = await self._repo.membership(membership_id)
        if membership is None:
            raise NotFound(f"membership {membership_id}")
        _, ancestors = await self._org(membership.org_id, archived_too=True)
        require(viewer, REMOVE_ACTION[membership.role], membership.org_id, ancestors)
        if membership.user_id == viewer.user_id:
            raise DomainError("removing yourself")
        user = membership.user
        line = MemberLine(membership.id, user.id, user.first_name, user.username, membership.role, True)
        await self._repo.remove(membership)
        await self._audit(
            viewer.user_id, "member.remove", membership.org_id, user.id, role=membership.role.value
        )
        return line

    async def _audit(
        self, actor: int | None, action: str, org_id: int | None, subject: int | None, **details: object
    ) -> None:
        await self._repo.audit(
            AuditEntry(
                at=self._clock.now(),
                actor_id=actor,
                action=action,
                org_id=org_id,
                subject_user_id=subject,
                details=details,
            )
        )
