"""/settings: a user's language, time zone, alert time, quiet hours, once-a-day digests and
muted plans; and the alert rules an admin sets for a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db.models import Plan, Role, User
from db.repositories import Repositories
from services.alerts.prefs import DEFAULT_ALERT_TIME, check_alert_time, parse_hhmm, quiet_hours, text_of
from services.alerts.rules import AlertRules
from services.browse import BrowseService
from services.clock import Clock
from services.errors import AccessDenied, DomainError, NotFound
from services.refs import PlanRef
from services.users import Viewer

LOCALES = ("ru", "be", "en")
# Offered as buttons: where the bot's users live, west to east.
TIMEZONES = (
    "Europe/Kaliningrad",
    "Europe/Minsk",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
)
QUIET_PRESETS = (("21:00", "08:00"), ("22:00", "07:00"), ("20:00", "09:00"), ("23:00", "06:00"))

# The choices an admin cycles through for a plan's rules.
BEFORE_PRESETS: tuple[tuple[int, ...], ...] = ((7, 1), (14, 7, 1), (3, 1), (1,), ())
OVERDUE_PRESETS = (2, 1, 3, 7, 0)
HEAD_PRESETS = (1, 2, 3, 0)
ADMIN_PRESETS = (3, 5, 7, 14, 0)


class UnknownTimezone(DomainError):
    message_key = "settings-bad-timezone"


@dataclass(frozen=True)
class UserSettings:
    locale: str | None
    timezone: str | None  # chosen by the user
    org_timezone: str  # what applies when they chose none
    alert_time: time
    quiet: tuple[time, time] | None
    daily_digest: bool
    muted_plans: frozenset[int]
    # None: not an admin, so there is no monthly report to ask for.
    monthly_report: bool | None = None


class SettingsService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._users = repos.users
        self._orgs = repos.orgs
        self._plans = BrowseService(repos, clock, default_timezone)
        self._browse = repos.browse
        self._default_timezone = default_timezone

    async def _user(self, viewer: Viewer) -> User:
        user = await self._users.get(viewer.user_id)
        if user is None:
            raise NotFound(f"user {viewer.user_id}")
        return user

    async def view(self, viewer: Viewer) -> UserSettings:
        user = await self._user(viewer)
        org_tz = None
        if viewer.active is not None:
            org = await self._orgs.get(viewer.active.org_id)
            org_tz = org.timezone if org is not None else None
        return UserSettings(
            locale=user.locale,
            timezone=user.timezone,
            org_timezone=org_tz or self._default_timezone,
            alert_time=parse_hhmm(user.alert_time) if user.alert_time else DEFAULT_ALERT_TIME,
            quiet=quiet_hours(user.quiet_from, user.quiet_to),
            daily_digest=user.daily_digest,
            muted_plans=frozenset(user.muted_plans or ()),
            monthly_report=user.monthly_report if viewer.has_role(Role.ADMIN) else None,
        )

    async def set_locale(self, viewer: Viewer, locale: str | None) -> None:
        if locale is not None and locale not in LOCALES:
            raise NotFound(f"locale {locale}")
        (await self._user(viewer)).locale = locale
        await self._users.flush()

    async def set_timezone(self, viewer: Viewer, name: str | None) -> None:
        if name is not None:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise UnknownTimezone(name[:40]) from exc
        (await self._user(viewer)).timezone = name
        await self._users.flush()

    async def set_alert_time(self, viewer: Viewer, text: str) -> time:
        value = parse_hhmm(text)
        user = await self._user(viewer)
        check_alert_time(value, quiet_hours(user.quiet_from, user.quiet_to))
        user.alert_time = text_of(value)
        await self._users.flush()
        return value

    async def set_quiet(self, viewer: Viewer, start: str | None, end: str | None) -> None:
        """Quiet hours from one of the presets, or none (start None)."""
        user = await self._user(viewer)
        if start is None or end is None:
            user.quiet_from, user.quiet_to = "", ""  # switched off, as opposed to "not set"
        else:
            if (start, end) not in QUIET_PRESETS:
                raise NotFound(f"quiet hours {start}-{end}")
            alert = parse_hhmm(user.alert_time) if user.alert_time else DEFAULT_ALERT_TIME
            check_alert_time(alert, (parse_hhmm(start), parse_hhmm(end)))
            user.quiet_from, user.quiet_to = start, end
        await self._users.flush()

    async def toggle_daily(self, viewer: Viewer) -> bool:
        user = await self._user(viewer)
        user.daily_digest = not user.daily_digest
        await self._users.flush()
        return user.daily_digest

    async def toggle_monthly(self, viewer: Viewer) -> bool:
        """An admin asks for (or stops) the execution report by itself each month."""
        if not viewer.has_role(Role.ADMIN):
            raise AccessDenied("monthly report")
        user = await self._user(viewer)
        user.monthly_report = not user.monthly_report
        await self._users.flush()
        return user.monthly_report

    async def toggle_mute(self, viewer: Viewer, plan_id: int) -> bool:
        """Mute or unmute a plan the viewer can see; returns whether it is now muted."""
        await self._plans.access(viewer, plan_id)
        user = await self._user(viewer)
        muted = list(user.muted_plans or [])
        if plan_id in muted:
            muted.remove(plan_id)
        else:
            muted.append(plan_id)
        user.muted_plans = muted  # a new list: JSON columns notice assignment, not mutation
        await self._users.flush()
        return plan_id in muted

    # ---- a plan's alert rules (admins) ----

    async def plan_rules(self, viewer: Viewer, plan_id: int) -> tuple[PlanRef, AlertRules]:
        plan, rules = await self._managed_plan(viewer, plan_id)
        return PlanRef.of(plan), rules

    async def _managed_plan(self, viewer: Viewer, plan_id: int) -> tuple[Plan, AlertRules]:
        if not (await self._plans.access(viewer, plan_id)).manage:
            raise AccessDenied(f"alert rules of plan {plan_id}")
        plan = await self._browse.plan(plan_id)
        assert plan is not None  # access() found it
        return plan, AlertRules.from_json(plan.alert_rules)

    async def cycle_rule(self, viewer: Viewer, plan_id: int, rule: str) -> AlertRules:
        """Move one rule to its next preset: before / due / overdue / head / admin."""
        plan, rules = await self._managed_plan(viewer, plan_id)
        data = rules.as_json()
        if rule == "before":
            data["before"] = list(_next(BEFORE_PRESETS, tuple(rules.before)))
        elif rule == "due":
            data["on_due"] = not rules.on_due
        elif rule == "overdue":
            data["overdue_every"] = _next(OVERDUE_PRESETS, rules.overdue_every)
        elif rule == "head":
            data["head_after"] = _next(HEAD_PRESETS, rules.head_after)
        elif rule == "admin":
            data["admin_after"] = _next(ADMIN_PRESETS, rules.admin_after)
        else:
            raise NotFound(f"rule {rule}")
        plan.alert_rules = data
        await self._users.flush()
        return AlertRules.from_json(data)

    async def reset_rules(self, viewer: Viewer, plan_id: int) -> AlertRules:
        plan, _rules = await self._managed_plan(viewer, plan_id)
        plan.alert_rules = None
        await self._users.flush()
        return AlertRules()


def _next(presets: tuple, current: object) -> object:  # type: ignore[type-arg]
    return presets[(presets.index(current) + 1) % len(presets)] if current in presets else presets[0]
