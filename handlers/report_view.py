"""How a report looks in chat: its summary, its history, and the callback data of its buttons."""

from __future__ import annotations

from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from aiogram.filters.callback_data import CallbackData

from bot.i18n import Translator
from db.models import ReportEvent, User
from handlers.text import short_date


class Rp(CallbackData, prefix="rp"):
    """Report flow: a = new | amend | done | skip | today | yday | other | edit | field | submit |
    clear | cancel | pick."""

    a: str
    i: int = 0  # item
    r: int = 0  # report
    f: str = ""  # field to edit


class Rv(CallbackData, prefix="rv"):
    """Review: a = queue | open | files | ok | back."""

    a: str
    r: int = 0  # report
    g: int = 0  # page


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
    events: list[tuple[ReportEvent, User | None]], _: Translator, timezone: str = "UTC"
) -> list[str]:
    zone = ZoneInfo(timezone)
    lines = []
    for event, actor in events[-8:]:
        when = event.at.astimezone(zone).strftime("%d.%m.%Y %H:%M")
        line = _(
            "history-line",
            when=when,
            who=escape(actor.first_name if actor else "—"),
            action=_(f"history-{event.action}"),
        )
        if event.comment:
            line += f" — «{escape(event.comment)}»"
        if event.changes:
            line += " (" + ", ".join(_(f"field-{name}") for name in event.changes) + ")"
        lines.append(line)
    return lines
