"""Plan import speed: a generated 2,000-item plan in every format, items per second."""

from __future__ import annotations

import time

from bot.sandbox.plan_files import make_csv, make_docx, make_txt, make_xlsx, synthetic_plan
from services.plans import parse_plan

LIMIT_SECONDS = 2.0


def main(items: int = 2000, repeats: int = 3) -> dict[str, float]:
    plan = synthetic_plan(items)
    files = {
        "txt": make_txt(plan),
        "csv": make_csv(plan),
        "docx": make_docx(plan),
        "xlsx": make_xlsx(plan),
    }
    print(f"import: a generated plan of {items} items, best of {repeats} runs")
    results = {}
    for fmt, data in files.items():
        best = float("inf")
        for _ in range(repeats):
            started = time.perf_counter()
            parsed = parse_plan(f"plan.{fmt}", data, seconds=60)
            best = min(best, time.perf_counter() - started)
        assert len(parsed.items) == items, (fmt, len(parsed.items))
        results[fmt] = best
        print(
            f"  {fmt:5} {len(data) / 1024:8.0f} KiB  {best:6.3f} s  {items / best:9.0f} items/s"
            f"  limit ratio {best / LIMIT_SECONDS:5.2f} (goal < 1: under {LIMIT_SECONDS:g} s)"
        )
    return results
