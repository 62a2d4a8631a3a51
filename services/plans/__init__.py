"""Plan import: any supported file in, a `ParsedPlan` out (or a `PlanFileError`)."""

from __future__ import annotations

from services.plans.errors import PlanFileError
from services.plans.model import ParsedPlan, Period
from services.plans.readers import detect_format, read_blocks
from services.plans.source import TimeBudget
from services.plans.structure import build_plan

PARSE_SECONDS = 5.0
SUPPORTED_EXTENSIONS = ("txt", "md", "docx", "xlsx", "csv", "pdf")


def parse_plan(
    filename: str,
    data: bytes,
    *,
    year: int | None = None,
    seconds: float = PARSE_SECONDS,
    title: str | None = None,
    period: Period | None = None,
) -> ParsedPlan:
    """`title` and `period`: what the admin corrected in the preview; the period is given to
    the deadline grammar, so dates without a year are read in it."""
    budget = TimeBudget(seconds)
    blocks = list(read_blocks(filename, data, budget))
    plan = build_plan(blocks, year, budget, period=period)
    if title:
        plan.title = title
        plan.warnings = [w for w in plan.warnings if w.code != "title-missing"]
    return plan


__all__ = ["SUPPORTED_EXTENSIONS", "ParsedPlan", "PlanFileError", "detect_format", "parse_plan"]
