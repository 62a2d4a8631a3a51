"""The plan's heading: its title among the paragraphs before the table, and the period it
covers (from the title, else from the years its deadlines name)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from services.plans.deadline_words import MONTH, MONTH_RES
from services.plans.model import Deadline, Period
from services.plans.source import Block

TITLE_WORD = re.compile(
    r"\bплан\w*|дорожн\w* карт|комплекс\w* мер|программ\w* (?:мероприят|развит)|план|мерапрыемств", re.I
)
NOT_TITLE = re.compile(
    r"^(?:об утверждении|о утверждении|приложение|утверждаю|утвержден|согласовано|в соответствии|во исполнение|"
    r"\d+\.\s|пра зацвярджэнне|зацвярджаю|дадатак|к приказу|к распоряжению|к постановлению)",
    re.I,
)


# "П Л А Н" typed with spaces for emphasis.
SPACED_LETTERS = re.compile(r"(?<!\S)(?:[А-ЯЁІЎA-Z] ){2,}[А-ЯЁІЎA-Z](?!\S)")
# A paragraph that goes on with the title: it begins with a preposition or conjunction
# («по организационно-методической поддержке…», «на 2023/2024 учебный год»), or the title so
# far breaks off on one («План работы центра на базе»).
CONNECTOR = re.compile(
    r"^(?:по|на|в|во|для|о|об|с|со|к|и|при|среди|между|за|от|у|па|ў|з|аб|пры|сярод|паміж)\s", re.I
)
DANGLING = re.compile(r"(?:\s(?:по|на|в|во|для|о|об|с|со|к|и|при|базе|па|ў|з)|[,\-–—«])$", re.I)
# Lines that begin what follows the title: its goal, tasks, the signature.
AFTER_TITLE = re.compile(r"^(?:цель|цели|задач|мэта|задачы|основн\w* (?:цель|задач))", re.I)
MAX_TITLE = 600


def find_title(blocks: list[Block]) -> str | None:
    """The heading between the approval block and the table, however many lines it takes."""
    paragraphs: list[list[Block]] = []
    for block in blocks:
        if block.paragraph_start or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(block)
    texts = [
        (
            SPACED_LETTERS.sub(lambda m: m.group().replace(" ", ""), " ".join(b.text for b in group)),
            any(b.bold for b in group),
        )
        for group in paragraphs
        if group
    ]
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
    title = texts[best[1]][0]
    for following, _bold in texts[best[1] + 1 :]:
        if not _goes_on(title, following):
            break
        title = f"{title} {following}"
    return title


def _goes_on(title: str, following: str) -> bool:
    if (
        len(title) + len(following) > MAX_TITLE
        or NOT_TITLE.match(following)
        or AFTER_TITLE.match(following)
        or following.endswith(":")
    ):
        return False
    return (
        len(title.split()) <= 2  # "ПЛАН" on a line of its own
        or following[:1].islower()
        or bool(CONNECTOR.match(following))
        or bool(DANGLING.search(title))
        or (len(following) < 60 and period_from_text(following) is not None and not following[:1].isdigit())
    )


SCHOOL_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*[/-]\s*((?:19|20)?\d{2})\s*(?:гг?\.?\s*)?(?:учебн|уч\.|навучальн)", re.I
)
YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
SINGLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


# «План работы на ноябрь 2024 года»: a plan of one month.
MONTH_PLAN = re.compile(rf"\bна\s+(?P<month>{MONTH})\s*(?P<year>(?:19|20)\d{{2}})", re.I)


def period_from_text(text: str | None) -> Period | None:
    if not text:
        return None
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    if match := MONTH_PLAN.search(text):
        month = next(n for regex, n in MONTH_RES if regex.match(match.group("month").lower()))
        year = int(match.group("year"))
        return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
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


def period_from_deadlines(deadlines: list[Deadline]) -> Period | None:
    """The span of the deadlines' own windows (read without a period, so only the dated ones
    count): one calendar year if they keep within it, a school year if they fit one, else from
    the first window's month to the last one's."""
    starts = [d for deadline in deadlines for window in deadline.windows for d in window if d is not None]
    if not starts:
        return None
    first, last = min(starts), max(starts)
    if first.year == last.year:
        return Period(date(first.year, 1, 1), date(first.year, 12, 31))
    school_start = first.year if first.month >= 9 else first.year - 1
    if last <= date(school_start + 1, 8, 31):
        return Period(date(school_start, 9, 1), date(school_start + 1, 8, 31), school_year=True)
    end_day = calendar.monthrange(last.year, last.month)[1]
    return Period(date(first.year, first.month, 1), date(last.year, last.month, end_day))


DATE_SPAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:-|по|до)\s*(\d{1,2})\.(\d{1,2})\.(\d{4})$")
MAX_PERIOD_YEARS = 6


def period_from_input(text: str) -> Period | None:
    """A period typed by the admin: «01.09.2024 – 31.08.2025», «2024/2025» (a school year),
    «2025-2026» (calendar years), «2026». None if it is none of these or makes no sense."""
    text = re.sub(r"[‐‑‒–—―−]", "-", " ".join(text.split())).strip(" .")
    if match := DATE_SPAN.match(text):
        d1, m1, y1, d2, m2, y2 = (int(g) for g in match.groups())
        try:
            start, end = date(y1, m1, d1), date(y2, m2, d2)
        except ValueError:
            return None
        school = (start.month, start.day, end.month, end.day, end.year - start.year) == (9, 1, 8, 31, 1)
        period = Period(start, end, school_year=school)
    elif match := re.match(r"^((?:19|20)\d{2})\s*/\s*((?:19|20)?\d{2})$", text):
        first, second = int(match.group(1)), int(match.group(2))
        if second % 100 != (first + 1) % 100:
            return None
        period = Period(date(first, 9, 1), date(first + 1, 8, 31), school_year=True)
    elif match := re.match(r"^((?:19|20)\d{2})(?:\s*-\s*((?:19|20)\d{2}))?$", text):
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        period = Period(date(first, 1, 1), date(last, 12, 31))
    else:
        return None
    if period is None or period.end < period.start or period.end.year - period.start.year > MAX_PERIOD_YEARS:
        return None
    return period
