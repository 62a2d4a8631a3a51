"""Every service of one unit of work, ready-made: handlers ask for them by parameter name."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from db.repositories import Repositories
from services.assignment import PlanAssignments
from services.broadcasts import BroadcastService
from services.browse import BrowseService
from services.clock import Clock
from services.exports import ExportService
from services.nudges import NudgeService
from services.orgs import OrgService
from services.people import PeopleService
from services.plan_import import PlanImportService
from services.progress import ProgressService
from services.reports import ReportService
from services.review import ReviewService
from services.settings import SettingsService
from services.tasks import TaskService, TeacherAssignments
from services.users import UserService


class Services:
    """Built once per update from its repositories (one session), the clock and the defaults.
    Construction only stores references, so building all of them costs less than one query."""

    def __init__(
        self, repos: Repositories, clock: Clock, default_timezone: str, admin_ids: Collection[int]
    ) -> None:
        common = (repos, clock, default_timezone)
        self.assignments = PlanAssignments(*common)
        self.broadcasts = BroadcastService(*common)
        self.browse = BrowseService(*common)
        self.exports = ExportService(*common)
        self.nudges = NudgeService(*common)
        self.orgs = OrgService(*common)
        self.people = PeopleService(*common)
        self.plan_import = PlanImportService(*common)
        self.progress = ProgressService(*common)
        self.reports = ReportService(*common)
        self.reviews = ReviewService(*common)
        self.tasks = TaskService(*common)
        self.teacher_assignments = TeacherAssignments(*common)
        self.user_settings = SettingsService(*common)
        self.users = UserService(repos, clock, admin_ids)

    def as_data(self) -> dict[str, Any]:
        """The handler data they are injected as (the parameter name is the attribute name)."""
        return dict(vars(self))
