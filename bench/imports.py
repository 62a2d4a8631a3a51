"""Plan import speed: a generated 2,000-item plan in every format, items per second."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bot.sandbox.plan_files import make_csv, make_docx, make_txt, make_xlsx, synthetic_plan
from services.plans import parse_plan

LIMIT_SECONDS = 2.0
PDF_LIMIT_SECONDS = 5.0


def make_pdf(plan: dict, soffice: str) -> bytes:
    """The plan as a printed DOCX saved as PDF by LibreOffice, as offices publish plans."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "plan.docx"
        source.write_bytes(make_docx(plan, for_print=True))
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return (Path(folder) / "plan.pdf").read_bytes()


def main(items: int = 2000, repeats: int = 3) -> dict[str, float]:
    plan = synthetic_plan(items)
    files = {
        "txt": make_txt(plan),
        "csv": make_csv(plan),
        "docx": make_docx(plan),
        "xlsx": make_xlsx(plan),
    }
    soffice = shutil.which("soffice")
    if soffice:
        files["pdf"] = make_pdf(plan, soffice)
    else:
        print("  pdf: skipped, LibreOffice (soffice) is not installed to make the PDF")
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
        limit = PDF_LIMIT_SECONDS if fmt == "pdf" else LIMIT_SECONDS
        print(
            f"  {fmt:5} {len(data) / 1024:8.0f} KiB  {best:6.3f} s  {items / best:9.0f} items/s"
            f"  limit ratio {best / limit:5.2f} (goal < 1: under {limit:g} s)"
        )
    return results
