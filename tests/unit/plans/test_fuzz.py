"""Whatever the bytes, the parser answers with a plan or a PlanFileError, never anything else."""

from __future__ import annotations

import contextlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.plans import PlanFileError, parse_plan

CELLS = st.sampled_from(
    [
        "№",
        "Мероприятие",
        "Срок",
        "Ответственный",
        "1.",
        "2.1",
        "I.",
        "Раздел 1.",
        "",
        "<b>",
        "**",
        "—",
        "май 2026",
        "ежеквартально",
        "до 01.02.2026",
        "Иванов",
        "\\_",
        "«Точка роста»",
        "1 2 3",
    ]
)
ROWS = st.lists(st.lists(CELLS, min_size=1, max_size=6).map("\t".join), max_size=25).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS, st.sampled_from(["plan.txt", "plan.md", "plan.csv"]))
def test_table_like_text_never_breaks_the_parser(text: str, name: str) -> None:
    try:
        plan = parse_plan(name, text.encode("utf-8"))
    except PlanFileError:
        return
    for item in plan.items:
        assert item.title
        assert item.deadline.kind in ("window", "recurring", "ongoing", "unspecified")


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["plan.txt", "plan.csv", "plan.docx", "plan.xlsx"]))
def test_random_bytes_never_break_the_parser(data: bytes, name: str) -> None:
    with contextlib.suppress(PlanFileError):
        parse_plan(name, data)
