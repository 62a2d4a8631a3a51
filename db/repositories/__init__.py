"""The repositories of one unit of work, made on first use and shared by every service of it."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncSession

from db.repositories.alerts import AlertRepo
from db.repositories.assignments import AssignmentRepo
from db.repositories.broadcasts import BroadcastRepo
from db.repositories.browse import BrowseRepo
from db.repositories.fsm import FsmRepo
from db.repositories.health import HealthRepo
from db.repositories.leases import LeaseRepo
from db.repositories.orgs import OrgRepo
from db.repositories.plans import PlanRepo
from db.repositories.progress import ProgressRepo
from db.repositories.reports import ReportRepo
from db.repositories.users import UserRepo


class Repositories:
    """One session, every repository over it (as bomzheg/aiogram_template's `HolderDao`)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @cached_property
    def alerts(self) -> AlertRepo:
        return AlertRepo(self.session)

    @cached_property
    def assignments(self) -> AssignmentRepo:
        return AssignmentRepo(self.session)

    @cached_property
    def broadcasts(self) -> BroadcastRepo:
        return BroadcastRepo(self.session)

    @cached_property
    def health(self) -> HealthRepo:
        return HealthRepo(self.session)

    @cached_property
    def leases(self) -> LeaseRepo:
        return LeaseRepo(self.session)

    @cached_property
    def browse(self) -> BrowseRepo:
        return BrowseRepo(self.session)

    @cached_property
    def fsm(self) -> FsmRepo:
        return FsmRepo(self.session)

    @cached_property
    def orgs(self) -> OrgRepo:
        return OrgRepo(self.session)

    @cached_property
    def plans(self) -> PlanRepo:
        return PlanRepo(self.session)

    @cached_property
    def progress(self) -> ProgressRepo:
        return ProgressRepo(self.session)

    @cached_property
    def reports(self) -> ReportRepo:
        return ReportRepo(self.session)

    @cached_property
    def users(self) -> UserRepo:
        return UserRepo(self.session)
