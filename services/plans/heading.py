"""The plan's heading: its title among the paragraphs before the table, and the period it
covers (from the title, else from the years its deadlines name)."""

from __future__ import annotations

import re
from datetime import date

from services.plans.deadlines import explicit_years
from services.plans.model import Period
from services.plans.source import Block

TITLE_WORD = re.compile(
    r"\bплан\w*|дорожн\w* карт|комплекс\w* мер|программ\w* (?:мероприят|развит)|план|мерапрыемств", re.I
)
NOT_TITLE = re.compile(
    r"^(?:об утверждении|о утверждении|приложение|утверждаю|утвержден|согласовано|в соответствии|во исполнение|"
    r"\d+\.\s|пра зацвярджэнне|зацвярджаю|дадатак|к приказу|к распоряжению|к постановлению)",
    re.I,
)


def find_title(blocks: list[Block]) -> str | None:
    paragraphs: list[list[Block]] = []
    for block in blocks:
        if block.paragraph_start or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(block)
    texts = [(" ".join(b.text for b in group), any(b.bold for b in group)) for group in paragraphs if group]
    best: tuple[int, int] | None = None
    for position, (text, bold) in enumerate(texts):
        head = " ".join(text.split()[:4])
        if len(text) > 500 or NOT_TITLE.match(text) or not TITLE_WORD.search(head):
            continue
        score = (2 if bold else 0) + (2 if re.match(r"^(?:\w+\s+){0,2}(?:план|дорожн)", text, re.I) else 0)
        candidate = (score, position)
        if best is None or candidate >= best:
            best = candidate
    if best is None:
        return None
    position = best[1]
    title = texts[position][0]
    if len(title.split()) <= 2 and position + 1 < len(texts):  # "ПЛАН" on a line of its own
        title = f"{title} {texts[position + 1][0]}"
    return title


SCHOOL_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*[/-]\s*((?:19|20)?\d{2})\s*(?:гг?\.?\s*)?(?:учебн|уч\.|навучальн)", re.I
)
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
SINGLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def period_from_text(text: str | None) -> Period | None:
    if not text:
        return None
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    if match := SCHOOL_PERIOD.search(text):
        first = int(match.group(1))
        return Period(date(first, 9, 1), date(first + 1, 8, 31), school_year=True)
    if match := YEAR_RANGE.search(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first <= last <= first + 10:
            return Period(date(first, 1, 1), date(last, 12, 31))
    years = [int(y) for y in SINGLE_YEAR.findall(text)]
    if years:
        return Period(date(years[-1], 1, 1), date(years[-1], 12, 31))
    return None


def period_from_deadlines(texts: list[str]) -> Period | None:
    years = sorted({year for text in texts for year in explicit_years(text)})
    if not years:
        return None
    if len(years) == 1:
        return Period(date(years[0], 1, 1), date(years[0], 12, 31))
    return Period(date(years[0], 1, 1), date(years[-1], 12, 31))
