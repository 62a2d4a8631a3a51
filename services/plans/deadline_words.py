"""Words and patterns of the deadline grammar: months, years, school years, parts of the year,
rhythms and the phrases that mean "all the time" or "no date", in Russian and Belarusian."""

from __future__ import annotations

import re

from services.plans.model import Recurrence

MONTH_STEMS: tuple[tuple[str, int], ...] = (
    (r"январ\w*|янв|студзен\w*|студз|january|jan", 1),
    (r"феврал\w*|февр?|лют\w*|february|feb", 2),
    (r"март\w*|сакав\w*|march|mar", 3),
    (r"апрел\w*|апр|красав\w*|april|apr", 4),
    (r"ма(?:й|я|е|ю)|тра[вў]\w*|may", 5),
    (r"июн\w*|чэрв\w*|june|jun", 6),
    (r"июл\w*|ліп\w*|july|jul", 7),
    (r"август\w*|авг|жн[іi][вў]\w*|august|aug", 8),
    (r"сентябр\w*|сент|верас\w*|september|sep", 9),
    (r"октябр\w*|окт|кастрычн\w*|кастр|october|oct", 10),
    (r"ноябр\w*|нояб|лістапад\w*|november|nov", 11),
    (r"декабр\w*|дек|снеж\w*|december|dec", 12),
)
MONTH = "(?:" + "|".join(f"(?:{stem})" for stem, _ in MONTH_STEMS) + r")\b\.?"  # "сент."
MONTH_RES = [(re.compile(rf"^(?:{stem})\.?$"), number) for stem, number in MONTH_STEMS]
# Weeks of a month: "1,2 недели", "2-я неделя октября", "последняя неделя сентября".
WEEK_ORD = r"(?:[1-5]|перв\w*|втор\w*|трет\w*|четв[её]рт\w*|пят\w*|последн\w*|апошн\w*)"

# A year, with whatever word follows it in the source ("2026 г.", "2026 года", "2026 гг.").
YEAR_WORD = r"(?:\s*(?:гг\.?|г\.?|годы|годов|года|год|гадоў|гадах|году)(?!\w))?"
YEAR = rf"(?:19|20)\d{{2}}{YEAR_WORD}"
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "і": 1, "іі": 2, "ііі": 3, "іv": 4}
ORDINAL = r"(?:[1-4]|iv|i{1,3}|і{1,3}|іv|перв\w*|втор\w*|трет\w*|четв[её]рт\w*|перш\w*|друг\w*|трэц\w*|чацв[её]рт\w*)"
ORDINAL_WORDS = (
    ("перв", 1),
    ("перш", 1),
    ("втор", 2),
    ("друг", 2),
    ("трет", 3),
    ("трэц", 3),
    ("четв", 4),
    ("чацв", 4),
)
NUM_SUFFIX = r"(?:\s*-?\s*(?:[йяеоаг]|ый|ой|ий|ое|ая|го|му)\b)?"
SCHOOL_WORD = r"(?:учебн\w*|уч\.?|навучальн\w*|навуч\.?)\s*(?:г(?:од\w*|\.)?|г\b)?"
SCHOOL_YEAR = rf"(?P<sy1>(?:19|20)\d{{2}})\s*(?:/|-)\s*(?P<sy2>(?:19|20)?\d{{2}}){YEAR_WORD}\s*{SCHOOL_WORD}"

RECURRENCE_WORDS: tuple[tuple[str, Recurrence], ...] = (
    (
        r"ежемесячн\w*|штомесяц\w*|штомесячн\w*|кажд\w* месяц\w*|раз в месяц|помесячно",
        "monthly",
    ),
    (
        r"ежеквартальн\w*|штоквартальн\w*|раз в квартал|кажд\w* квартал\w*|поквартально|раз в четверть"
        r"|кажд\w* четверт\w*|по четвертям",
        "quarterly",
    ),
    (r"еженедельн\w*|штотыднев\w*|штотыдзень|раз в неделю|каждую неделю", "weekly"),
    (
        r"раз в полугодие|раз в паўгоддзе|каждое полугодие|(?:2|два) раза в год|по полугодиям"
        r"|полугодов\w*|штопаўгод\w*",
        "half-yearly",
    ),
    (r"ежегодн\w*|штогод\w*|раз в год|каждый год", "yearly"),
)
# Phrases that imply a rhythm only when the cell names no date of its own: "декабрь (по итогам
# года)" is one date in December, "по итогам квартала" alone is every quarter.
IMPLIED_RECURRENCE: tuple[tuple[str, Recurrence], ...] = (
    (r"по итогам (?:каждого )?месяца|следующего за отчетным", "monthly"),
    (r"по итогам (?:каждой )?четверти|по итогам (?:каждого )?квартала", "quarterly"),
    (r"по итогам (?:каждого )?полугодия", "half-yearly"),
    (r"по итогам (?:учебного |календарного )?года", "yearly"),
)
ONGOING_PHRASES = re.compile(
    r"в течение (?:всего )?(?:года|учебного года|периода|срока|календарного года)"
    r"|на протяжении (?:всего )?(?:года|периода|учебного года)|постоянно|пастаянна"
    r"|на працягу (?:усяго )?(?:года|навучальнага года|перыяду)|по (?:мере )?необходимости"
    r"|па (?:меры )?неабходнасці|по запросу|по запросам|па запыце|ежедневно|штодня|систематически"
    r"|регулярно|весь период|круглогодично|в течение всего|текущ\w+ год|бессрочно|весь (?:учебный )?год"
    # Without a month to put it in (a table heading, a one-month plan), a month's work is ongoing.
    r"|в течение (?:всего )?месяца"
)
UNSPECIFIED_PHRASES = re.compile(
    r"в сроки,? (?:определ|установл|указ)\w*|по отдельному (?:графику|плану)|согласно (?:\w+ )?"
    r"(?:графику|плану|положени\w*|приказу)|по графику|по плану|по согласованию|по приглашению"
    r"|в соответствии с (?:\w+ )?(?:графиком|планом|положением)|по мере (?:поступления|объявления)"
    r"|будет определ\w*|уточняется|у тэрміны,? (?:вызначан|устаноўлен)\w*|па графіку|згодна з"
)
CONTINUES = re.compile(r"далее|в дальнейшем|і далей|и далее|надалей|далей|постоянно|пастаянна")


# ---- normalisation ------------------------------------------------------------------------------


# The same words shortened or misspelt as people type them, written out before the scan.
ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), full)
    for pattern, full in (
        (r"\bв\s*теч(?:ении|ение|\.|\b)\s*", "в течение "),
        (r"\bна\s*прот(?:\.|\b)\s*", "на протяжении "),
        (r"\bмес(?:\.|\b)", "месяца"),
        (r"\bуч(?:\.|\b)\s*(?=г(?:\.|ода|од)?\b)", "учебного "),
        (r"\bучебного г(?:\.|\b)", "учебного года"),
        (r"\bежемес(?:\.|\b)", "ежемесячно"),
        (r"\bеженед(?:\.|\b)", "еженедельно"),
        (r"\bежекв(?:\.|\b)", "ежеквартально"),
        (r"\bнед(?:\.|\b)", "неделя"),
    )
)


def normalise(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    text = re.sub(r"\s+", " ", text)
    for pattern, full in ABBREVIATIONS:
        text = pattern.sub(full, text)
    return text.strip()


PARTS = r"(?P<unit>квартал\w*|кв\b\.?|полугоди\w*|паўгоддз\w*|четверт\w*|чвэрц\w*|триместр\w*|трыместр\w*)"
# A school year first: "1 полугодие 2023/2024 учебного года" must not stop at "2023".
TAIL = (
    rf"(?:\s*(?P<sy>(?:19|20)\d{{2}}\s*(?:/|-)\s*(?:19|20)?\d{{2}}{YEAR_WORD}\s*(?:{SCHOOL_WORD})?))?"
    rf"(?:\s*(?P<yr>{YEAR}))?"
)
D = r"(?:0?[1-9]|[12]\d|3[01])"
MM = r"(?:0?[1-9]|1[0-2])"
