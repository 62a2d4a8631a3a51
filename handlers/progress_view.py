"""How progress looks in chat: a bar and the counts of a plan, and lists of its sections,
districts and organisations, worst first. Pure functions of the service's dataclasses."""

from __future__ import annotations

from html import escape

from bot.i18n import Translator
from bot.text import short_date
from services.progress import PlanProgress, Standing, Tally

BAR_WIDTH = 10
LINE_BAR_WIDTH = 5


def bar(percent: int, width: int = BAR_WIDTH) -> str:
    filled = round(percent * width / 100)
    return "▓" * filled + "░" * (width - filled)


def render_plan(progress: PlanProgress, _: Translator) -> str:
    whole = progress.whole
    lines = [
        _("progress-plan-title", title=escape(progress.plan.title)),
        _("progress-scope", org=escape(progress.scope_name), today=short_date(progress.today)),
        "",
        f"{bar(whole.percent_done)} {whole.percent_done} %",
        _("progress-done", done=whole.count(Standing.DONE), total=whole.total),
        _("progress-review", count=whole.count(Standing.REVIEW)),
        _("progress-overdue", count=whole.count(Standing.OVERDUE)),
        _("progress-week", count=whole.count(Standing.WEEK)),
        _("progress-later", count=whole.count(Standing.LATER)),
    ]
    return "\n".join(lines)


def render_line(number: int, tally: Tally, _: Translator) -> str:
    overdue = tally.count(Standing.OVERDUE)
    tail = " · " + _("progress-line-overdue", count=overdue) if overdue else ""
    return (
        f"{number}. {escape(tally.name)}\n"
        f"    {bar(tally.percent_done, LINE_BAR_WIDTH)} {tally.percent_done} % "
        f"({tally.count(Standing.DONE)}/{tally.total}){tail}"
    )
