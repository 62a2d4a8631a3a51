"""Text helpers shared by handlers: Telegram's length limits, dates in the user's format."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from bot.i18n import Translator

SAFE_LIMIT = 4000  # Telegram allows 4096; room for the HTML entities a line may grow by


def chunk_lines(lines: Iterable[str], limit: int = SAFE_LIMIT) -> list[str]:
    """Join lines into messages below Telegram's limit, never splitting a line unless it alone is too long."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def short_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def days_phrase(due: date, today: date, _: Translator) -> str:
    """ "in 5 days", "today", "3 days overdue" in the user's language."""
    days = (due - today).days
    if days > 0:
        return _("due-in", days=days)
    if days == 0:
        return _("due-today")
    return _("due-overdue", days=-days)


def section_label(number: str | None, title: str | None, _: Translator) -> str:
    """ "II. Title", or whichever of the two a plan gave."""
    if number and title:
        return f"{number}. {title}"
    return title or number or _("section-untitled")
