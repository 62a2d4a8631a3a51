"""Managing the organisation tree: add, rename, move, archive. Admins only, in their subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.models import AuditEntry, Organisation, Role
from db.repositories import Repositories
from services.clock import Clock
from services.errors import AccessDenied, DomainError, NotFound
from services.permissions import Action, require
from services.users import Viewer

MAX_NAME = 300


class OrgNameError(DomainError):
    message_key = "org-error-name"


class OrgMoveError(DomainError):
    message_key = "org-error-move"


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not 2 <= len(name) <= MAX_NAME:
        raise OrgNameError(name[:40])
    return name


@dataclass(frozen=True)
class OrgInfo:
    """An organisation as the screens show it."""

    id: int
    name: str
    short_name: str | None
    kind: str
    parent_id: int | None
    archived: bool

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @classmethod
    def of(cls, org: Organisation) -> OrgInfo:
        return cls(org.id, org.name, org.short_name, org.kind, org.parent_id, org.archived_at is not None)


def fixed_in_place(viewer: Viewer, org: Organisation | OrgInfo) -> bool:
    """The root, and the organisation an admin's own reach starts from, are not moved or archived."""
    return org.parent_id is None or org.id in viewer.org_ids(Role.ADMIN)


@dataclass(frozen=True)
class KindChoice:
    code: str
    names: dict[str, str]  # by language


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    actor: str
    action: str  # "org.add", "member.remove", …


class OrgService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str = "") -> None:
        self._repo = repos.orgs
        self._clock = clock

    async def managed(self, viewer: Viewer, org_id: int) -> OrgInfo:
        """An organisation the viewer may manage (not archived)."""
        return OrgInfo.of(await self._managed(viewer, org_id))

    async def _managed(self, viewer: Viewer, org_id: int) -> Organisation:
        org = await self._repo.get(org_id)
        if org is None or org.archived_at is not None:
            raise NotFound(f"organisation {org_id}")
        require(viewer, Action.MANAGE_ORGS, org_id, await self._repo.ancestors(org_id))
        return org

    async def add_child(self, viewer: Viewer, parent_id: int, name: str, kind: str) -> OrgInfo:
        parent = await self._managed(viewer, parent_id)
        if kind not in {k.code for k in await self._repo.kinds()}:
            raise NotFound(f"kind {kind}")
        org = await self._repo.add(
            Organisation(
                parent_id=parent.id,
                kind=kind,
                name=clean_name(name),
                aliases=[],
                created_at=self._clock.now(),
            )
        )
        await self._audit(viewer, "org.add", org.id, name=org.name, parent=parent.id, kind=kind)
        return OrgInfo.of(org)

    async def rename(self, viewer: Viewer, org_id: int, name: str) -> OrgInfo:
        org = await self._managed(viewer, org_id)
        old, org.name = org.name, clean_name(name)
        await self._audit(viewer, "org.rename", org_id, old=old, new=org.name)
        return OrgInfo.of(org)

    async def move(self, viewer: Viewer, org_id: int, new_parent_id: int) -> OrgInfo:
        org = await self._managed(viewer, org_id)
        await self._managed(viewer, new_parent_id)
        if fixed_in_place(viewer, org):
            raise AccessDenied("the top of the tree does not move")
        if new_parent_id == org_id or org_id in await self._repo.ancestors(new_parent_id):
            raise OrgMoveError("into its own subtree")
        old, org.parent_id = org.parent_id, new_parent_id
        await self._audit(viewer, "org.move", org_id, old_parent=old, new_parent=new_parent_id)
        return OrgInfo.of(org)

    async def archive(self, viewer: Viewer, org_id: int) -> OrgInfo:
        org = await self._managed(viewer, org_id)
        if fixed_in_place(viewer, org):
            raise AccessDenied("an admin does not archive their own organisation")
        # Everything below goes too: a school of an archived district must not keep working.
        now = self._clock.now()
        for archived in await self._repo.subtree([org_id]):
            archived.archived_at = now
        await self._audit(viewer, "org.archive", org_id, name=org.name)
        return OrgInfo.of(org)

    async def move_targets(self, viewer: Viewer, org_id: int) -> list[OrgInfo]:
        """Where the organisation may go: the admin's tree, minus itself, what is below it and
        where it is now."""
        org = await self._managed(viewer, org_id)
        below = {o.id for o in await self._repo.subtree([org_id])}
        tree = await self._repo.subtree(viewer.org_ids(Role.ADMIN))
        return [OrgInfo.of(o) for o in tree if o.id not in below and o.id != org.parent_id]

    async def kinds(self) -> list[KindChoice]:
        return [KindChoice(kind.code, dict(kind.names)) for kind in await self._repo.kinds()]

    async def audit_log(self, viewer: Viewer, org_id: int, limit: int = 20) -> list[AuditLine]:
        """The latest changes made in an organisation, newest first, with who made them."""
        require(viewer, Action.VIEW_AUDIT, org_id, await self._repo.ancestors(org_id))
        names: dict[int, str] = {}
        lines = []
        for entry in await self._repo.audit_entries([org_id], limit=limit):
            if entry.actor_id and entry.actor_id not in names:
                user = await self._repo.user(entry.actor_id)
                names[entry.actor_id] = user.first_name if user else "—"
            lines.append(AuditLine(entry.at, names.get(entry.actor_id or 0, "—"), entry.action))
        return lines

    async def _audit(self, viewer: Viewer, action: str, org_id: int, **details: object) -> None:
        await self._repo.audit(
            AuditEntry(
                at=self._clock.now(), actor_id=viewer.user_id, action=action, org_id=org_id, details=details
            )
        )
