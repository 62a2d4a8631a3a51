"""A digest as its reader sees it: alert lines grouped by plan, a button per task (report it, or
open the card of an escalation), and the weekly summary for heads and admins."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from html import escape

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callback_data import BrowseAction, BrowseButton, ReportAction, ReportButton
from bot.i18n import Translator
from bot.text import days_phrase, short_date
from services.alerts.rules import ESCALATE_ADMIN, ESCALATE_HEAD

BUTTONS = 8


@dataclass(frozen=True)
class DigestLine:
    kind: str  # the alert's kind: before_7, due, overdue_2, escalate_head, …
    due_on: date
    today: date  # in the organisation's time zone
    item_id: int
    number: str | None
    title: str
    plan: str
    org: str

    @property
    def escalation(self) -> bool:
        return self.kind in (ESCALATE_HEAD, ESCALATE_ADMIN)


def alert_line(line: DigestLine, _: Translator) -> str:
    params = {
        "number": escape(line.number or ""),
        "title": escape(line.title),
        "when": f"{short_date(line.due_on)}, {days_phrase(line.due_on, line.today, _)}",
    }
    if line.kind == ESCALATE_HEAD:
        return _("digest-escalate-head", org=escape(line.org), **params)
    if line.kind == ESCALATE_ADMIN:
        return _("digest-escalate-admin", org=escape(line.org), **params)
    if line.due_on < line.today:
        return _("digest-line-overdue", **params)
    if line.due_on == line.today:
        return _("digest-line-today", **params)
    return _("digest-line-ahead", **params)


def digest_lines(lines: list[DigestLine], _: Translator, title: str | None = None) -> list[str]:
    by_plan: dict[str, list[str]] = defaultdict(list)
    for line in lines:
        by_plan[line.plan].append(alert_line(line, _))
    text = [title or _("digest-title")]
    for title, plan_lines in by_plan.items():
        text += ["", f"<b>{escape(title)}</b>", *plan_lines]
    return text


def digest_keyboard(lines: list[DigestLine]) -> InlineKeyboardMarkup | None:
    rows = []
    for line in lines[:BUTTONS]:
        number = line.number or "•"
        if line.escalation:
            text, data = (
                f"ℹ️ {number} {line.org[:30]}",
                BrowseButton(action=BrowseAction.ITEM, item_id=line.item_id),
            )
        else:
            text, data = (
                f"📝 {number} {line.title[:36]}",
                ReportButton(action=ReportAction.NEW, item_id=line.item_id),
            )
        rows.append([InlineKeyboardButton(text=text, callback_data=data.pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def weekly_lines(payload: dict[str, object], _: Translator) -> list[str]:
    start = date.fromisoformat(str(payload["week_start"]))
    end = date.fromisoformat(str(payload["week_end"]))
    lines = [
        _(
            "weekly-title",
            org=escape(str(payload.get("org", ""))),
            start=short_date(start),
            end=short_date(end),
        )
    ]
    for name, due, done, overdue in payload.get("rows", []):  # type: ignore[attr-defined]
        lines.append(_("weekly-line", name=escape(name), due=due, done=done, overdue=overdue))
    worst = payload.get("worst") or []
    if worst:
        lines += ["", _("weekly-worst")]
        lines += [f"• {escape(name)} — {count}" for name, count in worst]  # type: ignore[union-attr]
    else:
        lines += ["", _("weekly-no-overdue")]
    return lines
