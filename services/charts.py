"""Progress charts as PNG, sized for a phone: completion by section and by district (at most
twelve bars, the worst first, large type) and reports per week over the plan's period.

matplotlib's object API with the Agg canvas, one figure per call and no pyplot state, so
charts may be drawn in worker threads while the bot goes on answering."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from services.progress import Tally, worst_first

MAX_BARS = 12
SIZE_INCHES = (8.0, 6.0)
DPI = 120  # 960 × 720 pixels: sharp on a phone, a few tens of kilobytes
FONT_SIZE = 15
LABEL_CHARS = 34
DONE_COLOUR, LATE_COLOUR, GRID_COLOUR = "#2e7d32", "#c62828", "#dddddd"


def _figure() -> Figure:
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def bars_of(tallies: Sequence[Tally]) -> list[Tally]:
    """What a completion chart shows: the twelve worst, worst first."""
    return worst_first(tallies)[:MAX_BARS]


def completion_chart(title: str, tallies: Sequence[Tally], done_label: str) -> bytes:
    """Horizontal bars of the share done, the worst at the top; twelve at most."""
    shown = bars_of(tallies)
    figure = _figure()
    axes = figure.add_subplot()
    names = [_label(t.name) for t in reversed(shown)]
    shares = [t.percent_done for t in reversed(shown)]
    bars = axes.barh(names, shares, color=[DONE_COLOUR if s >= 50 else LATE_COLOUR for s in shares])
    axes.bar_label(bars, labels=[f"{s} %" for s in shares], padding=4, fontsize=FONT_SIZE - 2)
    axes.set_xlim(0, 110)
    axes.set_xlabel(done_label, fontsize=FONT_SIZE - 2)
    axes.set_title(_label(title), fontsize=FONT_SIZE + 1, loc="left")
    axes.tick_params(axis="y", labelsize=FONT_SIZE - 2)
    axes.tick_params(axis="x", labelsize=FONT_SIZE - 4)
    axes.grid(axis="x", color=GRID_COLOUR)
    axes.set_axisbelow(True)
    return _png(figure)


def weekly_chart(title: str, submitted: Sequence[date], start: date, end: date, reports_label: str) -> bytes:
    """Reports per week (Monday to Sunday) from the plan's start to its end or today."""
    first = start - timedelta(days=start.weekday())
    weeks = max(1, (end - first).days // 7 + 1)
    counts = [0] * weeks
    for day in submitted:
        index = (day - first).days // 7
        if 0 <= index < weeks:
            counts[index] += 1
    figure = _figure()
    axes = figure.add_subplot()
    mondays = [first + timedelta(days=7 * n) for n in range(weeks)]
    axes.bar(mondays, counts, width=6, align="edge", color=DONE_COLOUR)
    axes.set_title(_label(title), fontsize=FONT_SIZE + 1, loc="left")
    axes.set_ylabel(reports_label, fontsize=FONT_SIZE - 2)
    axes.tick_params(labelsize=FONT_SIZE - 4)
    axes.grid(axis="y", color=GRID_COLOUR)
    axes.set_axisbelow(True)
    figure.autofmt_xdate()
    return _png(figure)
