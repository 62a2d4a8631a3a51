"""Text helpers shared by handlers: Telegram's length limits, dates in the user's format."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from bot.i18n import Translator

SAFE_LIMIT = 4000  # Telegram allows 4096 characters of visible text
CAPTION_LIMIT = 1000  # Telegram allows 1024
_TOKEN = re.compile(r"<(/?)([a-zA-Z-]+)[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[^<&]+|[<&]")


def fit_html(text: str, limit: int = SAFE_LIMIT) -> str:
    """The longest head of an HTML text whose visible part fits `limit`, ending with "…" when
    cut. Cuts fall between tags and entities, never inside one, and tags still open at the cut
    are closed, so Telegram can always parse the result."""
    return _cut(text, limit)[0]


def _cut(text: str, limit: int) -> tuple[str, str]:
    """(the head that fits, the rest with the tags open at the cut opened again)."""
    if len(text) <= limit:
        return text, ""
    out: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (name, the opening tag as written)
    visible = 0
    budget = limit - 1  # room for the ellipsis
    position = 0
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if match.group(2):  # a tag: costs nothing visible
            name = match.group(2).lower()
            if not match.group(1):
                open_tags.append((name, token))
            else:
                for index in range(len(open_tags) - 1, -1, -1):
                    if open_tags[index][0] == name:
                        del open_tags[index]
                        break
        else:
            cost = 1 if token.startswith("&") and len(token) > 1 else len(token)
            room = budget - visible
            if cost > room:
                if cost == 1 or room <= 0:  # an entity is never split
                    break
                out.append(token[:room])
                position = match.start() + room
                break
            visible += cost
        out.append(token)
        position = match.end()
    else:
        return text, ""
    closing = "".join(f"</{name}>" for name, _tag in reversed(open_tags))
    reopening = "".join(tag for _name, tag in open_tags)
    return "".join(out) + "…" + closing, reopening + text[position:]


def chunk_lines(lines: Iterable[str], limit: int = SAFE_LIMIT) -> list[str]:
    """Join lines into messages below Telegram's limit, never splitting a line unless it alone is too long."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            head, line = _cut(line, limit)
            chunks.append(head)
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
