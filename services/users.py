"""Who is writing: the user record, their memberships and the role that shapes their menu."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from db.models import Organisation, Role, User
from db.repositories import Repositories
from db.repositories.orgs import OrgRepo
from services.clock import Clock
from services.errors import AccessDenied

# The order in which a user's memberships decide the main menu when they hold several.
ROLE_PRECEDENCE = (Role.ADMIN, Role.HEAD, Role.TEACHER, Role.OBSERVER)
ROOT_ORGANISATION_NAME = "Регион"
ROOT_ORGANISATION_KIND = "department"


@dataclass(frozen=True)
class TelegramProfile:
    """What Telegram tells about the sender; plain data so services stay free of aiogram."""

    tg_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True)
class Person:
    """Someone the bot writes to on its own (a reviewer, a report's author), in their language."""

    id: int
    tg_id: int
    first_name: str
    locale: str | None
    language_code: str | None

    @classmethod
    def of(cls, user: User) -> Person:
        return cls(user.id, user.tg_id, user.first_name, user.locale, user.language_code)


@dataclass(frozen=True)
class MembershipView:
    org_id: int
    org_name: str
    role: Role
    id: int = 0


@dataclass(frozen=True)
class Viewer:
    user_id: int
    tg_id: int
    first_name: str
    locale: str | None
    language_code: str | None
    timezone: str | None
    memberships: tuple[MembershipView, ...]
    active_membership_id: int | None = None

    @property
    def active(self) -> MembershipView | None:
        """The membership that shapes the menu: the one chosen, else the strongest role."""
        chosen = next((m for m in self.memberships if m.id and m.id == self.active_membership_id), None)
        if chosen is not None:
            return chosen
        for role in ROLE_PRECEDENCE:
            found = next((m for m in self.memberships if m.role == role), None)
            if found is not None:
                return found
        return None

    @property
    def top_role(self) -> Role | None:
        active = self.active
        return active.role if active else None

    def has_role(self, role: Role) -> bool:
        return any(m.role == role for m in self.memberships)

    def org_ids(self, role: Role) -> list[int]:
        """Organisations where the viewer holds `role` (an admin's are the tops of their reach)."""
        return [m.org_id for m in self.memberships if m.role == role]


IDENTITY_TABLES = frozenset({"users", "memberships", "organisations"})


class ViewerCache:
    """Recently seen viewers, so a busy bot does not look up the same person on every tap.

    Whatever this process writes to users, memberships or organisations drops the whole
    cache at commit (see `invalidate`); `ttl` bounds how long a change made by another
    process (a CLI import, a second instance) can go unseen. `ttl=0` turns caching off.
    """

    def __init__(
        self, ttl: float, monotonic: Callable[[], float] = time.monotonic, max_size: int = 50_000
    ) -> None:
        self._ttl = ttl
        self._monotonic = monotonic
        self._max_size = max_size
        self._entries: dict[int, tuple[float, TelegramProfile, Viewer]] = {}

    def get(self, profile: TelegramProfile) -> Viewer | None:
        entry = self._entries.get(profile.tg_id)
        if entry is None:
            return None
        expires, seen_as, viewer = entry
        if expires < self._monotonic() or seen_as != profile:
            del self._entries[profile.tg_id]
            return None
        return viewer

    def put(self, profile: TelegramProfile, viewer: Viewer) -> None:
        if self._ttl <= 0:
            return
        if len(self._entries) >= self._max_size:
            self._entries.clear()
        self._entries[profile.tg_id] = (self._monotonic() + self._ttl, profile, viewer)

    def invalidate(self) -> None:
        self._entries.clear()


class UserService:
    def __init__(self, repos: Repositories, clock: Clock, admin_ids: Collection[int]) -> None:
        self._repo = repos.users
        self._orgs = repos.orgs
        self._clock = clock
        self._admin_ids = frozenset(admin_ids)

    async def identify(self, profile: TelegramProfile) -> Viewer:
        """Find or create the user; writes only when something changed (reads stay lock-free)."""
        rows = await self._repo.profile_rows(profile.tg_id)
        if not rows:
            now = self._clock.now()
            await self._repo.add(
                User(
                    tg_id=profile.tg_id,
                    first_name=profile.first_name,
                    last_name=profile.last_name,
                    username=profile.username,
                    language_code=profile.language_code,
                    created_at=now,
                    updated_at=now,
                )
            )
            rows = await self._repo.profile_rows(profile.tg_id)
        else:
            first = rows[0]
            stored = (first.first_name, first.last_name, first.username, first.language_code)
            fresh = (profile.first_name, profile.last_name, profile.username, profile.language_code)
            # Someone who writes to the bot has unblocked it: alerts may reach them again.
            if stored != fresh or not first.is_reachable:
                await self._repo.update_profile(
                    first.id,
                    first_name=profile.first_name,
                    last_name=profile.last_name,
                    username=profile.username,
                    language_code=profile.language_code,
                    is_reachable=True,
                    updated_at=self._clock.now(),
                )
        viewer = _viewer(rows, profile)
        if profile.tg_id in self._admin_ids and not viewer.has_role(Role.ADMIN):
            await self._bootstrap_admin(viewer.user_id)
            viewer = _viewer(await self._repo.profile_rows(profile.tg_id), profile)
        return viewer

    async def switch(self, viewer: Viewer, membership_id: int, profile: TelegramProfile) -> Viewer:
        """Make one of the viewer's own memberships the active one."""
        if not any(m.id == membership_id for m in viewer.memberships):
            raise AccessDenied(f"membership {membership_id}")
        await self._repo.set_active_membership(viewer.user_id, membership_id)
        return await self.reload(profile)

    async def reload(self, profile: TelegramProfile) -> Viewer:
        """The viewer as this session now sees it (after a membership was added)."""
        return _viewer(await self._repo.profile_rows(profile.tg_id), profile)

    async def stored_viewer(self, tg_id: int) -> Viewer | None:
        """The viewer as stored, for work done outside any update (a scheduled report)."""
        rows = await self._repo.profile_rows(tg_id)
        if not rows:
            return None
        first = rows[0]
        profile = TelegramProfile(tg_id, first.first_name, first.last_name, first.username, first.language_code)
        return _viewer(rows, profile)

    async def _bootstrap_admin(self, user_id: int) -> None:
        root = await ensure_root_organisation(self._orgs, self._clock)
        await self._orgs.add_membership(user_id, root.id, Role.ADMIN, self._clock.now())


async def ensure_root_organisation(repo: OrgRepo, clock: Clock) -> Organisation:
    """The top of the organisation tree, created on first need (an admin renames it later)."""
    root = await repo.root()
    if root is None:
        root = await repo.add(
            Organisation(
                kind=ROOT_ORGANISATION_KIND, name=ROOT_ORGANISATION_NAME, aliases=[], created_at=clock.now()
            )
        )
    return root


def _viewer(rows: Sequence[Row[Any]], profile: TelegramProfile) -> Viewer:
    first = rows[0]
    # A membership in an archived organisation grants nothing (archiving covers the subtree,
    # see OrgService.archive); the row stays, so an admin can still see and remove it.
    memberships = tuple(
        MembershipView(org_id=row.org_id, org_name=row.org_name, role=Role(row.role), id=row.membership_id)
        for row in rows
        if row.org_id is not None and row.org_archived_at is None
    )
    return Viewer(
        user_id=first.id,
        tg_id=first.tg_id,
        first_name=profile.first_name,
        locale=first.locale,
        language_code=profile.language_code,
        timezone=first.timezone,
        memberships=memberships,
        active_membership_id=first.active_membership_id,
    )
