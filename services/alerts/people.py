"""Who is who for the alert sweep: read once per sweep, then looked up in memory."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from services.alerts.prefs import Prefs


@dataclass
class People:
    """Who is who, read once per sweep."""

    heads: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    teachers: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    admins: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    observers: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    shares: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    parent: dict[int, int | None] = field(default_factory=dict)
    org_tz: dict[int, str | None] = field(default_factory=dict)
    prefs: dict[int, Prefs] = field(default_factory=dict)
    reachable: set[int] = field(default_factory=set)
    monthly: set[int] = field(default_factory=set)  # admins who asked for the monthly report

    def scope_admins(self, org_id: int) -> list[int]:
        current: int | None = org_id
        seen = set()
        while current is not None and current not in seen:
            seen.add(current)
            found = [u for u in self.admins.get(current, []) if u in self.reachable]
            if found:
                return found
            current = self.parent.get(current)
        return []
