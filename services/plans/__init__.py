"""Plan import: any supported file in, a `ParsedPlan` out (or a `PlanFileError`)."""

from __future__ import annotations

from services.plans.errors import PlanFileError
from services.plans.model import ParsedPlan
from services.plans.readers import detect_format, read_blocks
from services.plans.source import TimeBudget
from services.plans.structure import build_plan

PARSE_SECONDS = 5.0
SUPPORTED_EXTENSIONS = ("txt", "md", "docx", "xlsx", "csv", "pdf")


def parse_plan(
    filename: str, data: bytes, *, year: int | None = None, seconds: float = PARSE_SECONDS
) -> ParsedPlan:
    budget = TimeBudget(seconds)
    blocks = list(read_blocks(filename, data, budget))
    return build_plan(blocks, year, budget)


__all__ = ["SUPPORTED_EXTENSIONS", "ParsedPlan", "PlanFileError", "detect_format", "parse_plan"]
