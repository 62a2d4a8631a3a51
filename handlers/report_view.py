"""How a report looks in chat: its summary (the teacher's before submitting, the reviewer's card)
and its history."""

from __future__ import annotations

from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from bot.i18n import Translator
from bot.text import short_date
from services.review import HistoryLine


def summary_lines(
    _: Translator,
    *,
    number: str | None,
    title: str,
    org: str,
    due_on: date,
    photos: int,
    documents: int,
    event_date: date | None,
    participants: int | None,
    text: str | None,
    link: str | None,
) -> list[str]:
    return [
        _("report-summary-title", number=escape(number or ""), title=escape(title)),
        _("report-summary-org", org=escape(org)),
        _("report-summary-due", date=short_date(due_on)),
        _("report-summary-date", date=short_date(event_date) if event_date else "—"),
        _("report-summary-participants", count=participants if participants is not None else "—"),
        _("report-summary-text", text=escape(text) if text else "—"),
        _("report-summary-link", link=escape(link) if link else "—"),
        _("report-summary-files", photos=photos, documents=documents),
    ]


def history_lines(
    events: list[HistoryLine] | tuple[HistoryLine, ...], _: Translator, timezone: str = "UTC"
) -> list[str]:
    zone = ZoneInfo(timezone)
    lines = []
    for event in events[-8:]:
        line = _(
            "history-line",
            when=event.at.astimezone(zone).strftime("%d.%m.%Y %H:%M"),
            who=escape(event.actor or "—"),
            action=_(f"history-{event.action}"),
        )
        if event.comment:
            line += f" — «{escape(event.comment)}»"
        if event.changes:
            line += " (" + ", ".join(_(f"field-{name}") for name in event.changes) + ")"
        lines.append(line)
    return lines
