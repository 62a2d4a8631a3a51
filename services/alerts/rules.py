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

ESCALATE_HEAD = "escalate_head"
ESCALATE_ADMIN = "escalate_admin"


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

    def reminder(self, days_left: int) -> str | None:
        """The reminder kind current today for a due date `days_left` days away, if any."""
        if days_left > 0:
            # The nearest threshold not yet passed: 5 days left is the "7 days" stage.
            current = [d for d in self.before if days_left <= d]
            return f"before_{min(current)}" if current else None
        if days_left == 0:
            return "due" if self.on_due else None
        overdue = -days_left
        if self.overdue_every and overdue >= self.overdue_every:
            return f"overdue_{overdue - overdue % self.overdue_every}"
        return None

    def escalations(self, days_left: int) -> list[str]:
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
        if kind == ESCALATE_HEAD:
            return due_on + timedelta(days=self.head_after)
        if kind == ESCALATE_ADMIN:
            return due_on + timedelta(days=self.admin_after)
        if kind.startswith("before_"):
            return due_on - timedelta(days=int(kind.removeprefix("before_")))
        if kind.startswith("overdue_"):
            return due_on + timedelta(days=int(kind.removeprefix("overdue_")))
        return due_on

    @property
    def reach_ahead(self) -> int:
        """How many days ahead a due date can need an alert."""
        return max(self.before, default=0)
