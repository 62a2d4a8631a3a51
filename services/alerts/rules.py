"""When a due date deserves an alert, per plan.

Only the stage a due date is in *today* produces a reminder: five days before a deadline that
is the "7 days before" reminder, on the day itself the "due today" one. A bot that was down
for a week therefore catches up with one current reminder per due date, not with every
reminder it missed. Escalations happen once each, from their day on, until reported.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any


class AlertKind(str):
    """An alert's kind, as it is stored and compared: "before_7", "due", "overdue_4",
    "escalate_head", "escalate_admin". A stage and, for reminders before or after the due date,
    its day count, read here once instead of being parsed back wherever a kind is used."""

    __slots__ = ()

    @classmethod
    def of(cls, stage: str, days: int | None = None) -> AlertKind:
        return cls(stage if days is None else f"{stage}_{days}")

    @property
    def stage(self) -> str:
        head, _sep, tail = self.rpartition("_")
        return head if tail.isdigit() else str(self)

    @property
    def days(self) -> int:
        _head, _sep, tail = self.rpartition("_")
        return int(tail) if tail.isdigit() else 0


ESCALATE_HEAD = AlertKind("escalate_head")
ESCALATE_ADMIN = AlertKind("escalate_admin")


@dataclass(frozen=True)
class AlertRules:
    before: tuple[int, ...] = (7, 1)  # days before the due date
    on_due: bool = True
    overdue_every: int = 2  # days between overdue reminders; 0 = none
    head_after: int = 1  # days overdue before the head is told; 0 = never
    admin_after: int = 3  # days overdue before the admin of the scope is told; 0 = never

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> AlertRules:
        if not data:
            return cls()
        defaults = cls()
        before = data.get("before", defaults.before)
        return cls(
            before=tuple(sorted({int(d) for d in before if 0 < int(d) <= 60}, reverse=True)),
            on_due=bool(data.get("on_due", defaults.on_due)),
            overdue_every=max(0, int(data.get("overdue_every", defaults.overdue_every))),
            head_after=max(0, int(data.get("head_after", defaults.head_after))),
            admin_after=max(0, int(data.get("admin_after", defaults.admin_after))),
        )

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["before"] = list(self.before)
        return data

    def reminder(self, days_left: int) -> AlertKind | None:
        """The reminder kind current today for a due date `days_left` days away, if any."""
        if days_left > 0:
            # The nearest threshold not yet passed: 5 days left is the "7 days" stage.
            current = [d for d in self.before if days_left <= d]
            return AlertKind.of("before", min(current)) if current else None
        if days_left == 0:
            return AlertKind.of("due") if self.on_due else None
        overdue = -days_left
        if self.overdue_every and overdue >= self.overdue_every:
            return AlertKind.of("overdue", overdue - overdue % self.overdue_every)
        return None

    def escalations(self, days_left: int) -> list[AlertKind]:
        overdue = -days_left
        found = []
        if self.head_after and overdue >= self.head_after:
            found.append(ESCALATE_HEAD)
        if self.admin_after and overdue >= self.admin_after:
            found.append(ESCALATE_ADMIN)
        return found

    def stage_start(self, kind: str, due_on: date) -> date:
        """The day an alert kind became current for a due date: alerts are held until the
        recipient's alert time after it, so a stage that begins at midnight in Vladivostok
        reaches a reader in Minsk at their 09:00, not at 17:00 the evening before."""
        stage = AlertKind(kind)
        if stage == ESCALATE_HEAD:
            return due_on + timedelta(days=self.head_after)
        if stage == ESCALATE_ADMIN:
            return due_on + timedelta(days=self.admin_after)
        if stage.stage == "before":
            return due_on - timedelta(days=stage.days)
        if stage.stage == "overdue":
            return due_on + timedelta(days=stage.days)
        return due_on

    @property
    def reach_ahead(self) -> int:
        """How many days ahead a due date can need an alert."""
        return max(self.before, default=0)
