"""Who is writing: the user record, their memberships and the role that shapes their menu."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from db.models import Organisation, Role, User
from db.repositories.users import UserRepo
from services.clock import Clock

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
class MembershipView:
    org_id: int
    org_name: str
    role: Role


@dataclass(frozen=True)
class Viewer:
    user_id: int
    tg_id: int
    first_name: str
    locale: str | None
    language_code: str | None
    timezone: str | None
    memberships: tuple[MembershipView, ...]

    @property
    def top_role(self) -> Role | None:
        roles = {m.role for m in self.memberships}
        return next((role for role in ROLE_PRECEDENCE if role in roles), None)

    def has_role(self, role: Role) -> bool:
        return any(m.role == role for m in self.memberships)


class UserService:
    def __init__(self, repo: UserRepo, clock: Clock, admin_ids: Collection[int]) -> None:
        self._repo = repo
        self._clock = clock
        self._admin_ids = frozenset(admin_ids)

    async def identify(self, profile: TelegramProfile) -> Viewer:
        """Find or create the user; writes only when something changed (reads stay lock-free)."""
        now = self._clock.now()
        user = await self._repo.by_tg_id(profile.tg_id)
        if user is None:
            user = await self._repo.add(
                User(
                    tg_id=profile.tg_id,
                    first_name=profile.first_name,
                    last_name=profile.last_name,
                    username=profile.username,
                    language_code=profile.language_code,
                    created_at=now,
                    updated_at=now,
                    memberships=[],
                )
            )
        elif _profile_changed(user, profile):
            user.first_name = profile.first_name
            user.last_name = profile.last_name
            user.username = profile.username
            user.language_code = profile.language_code
            user.updated_at = now

        if profile.tg_id in self._admin_ids and not any(m.role == Role.ADMIN for m in user.memberships):
            await self._bootstrap_admin(user)
        return _viewer(user)

    async def _bootstrap_admin(self, user: User) -> None:
        now = self._clock.now()
        root = await self._repo.root_organisation()
        if root is None:
            root = await self._repo.add_organisation(
                Organisation(
                    kind=ROOT_ORGANISATION_KIND,
                    name=ROOT_ORGANISATION_NAME,
                    aliases=[],
                    created_at=now,
                )
            )
        membership = await self._repo.add_membership(user, root, Role.ADMIN, now)
        user.memberships.append(membership)


def _profile_changed(user: User, profile: TelegramProfile) -> bool:
    return (user.first_name, user.last_name, user.username, user.language_code) != (
        profile.first_name,
        profile.last_name,
        profile.username,
        profile.language_code,
    )


def _viewer(user: User) -> Viewer:
    memberships = tuple(
        MembershipView(org_id=m.org_id, org_name=m.organisation.name, role=m.role)
        for m in user.memberships
    )
    return Viewer(
        user_id=user.id,
        tg_id=user.tg_id,
        first_name=user.first_name,
        locale=user.locale,
        language_code=user.language_code,
        timezone=user.timezone,
        memberships=memberships,
    )


