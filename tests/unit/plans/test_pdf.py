"""PDF plans: the three samples saved as PDF from Word-like DOCX (landscape, ruled table
running over pages with its header repeated, merged cells), and the PDFs that must be refused.

The sample PDFs in tests/data were made with `make_docx(plan, for_print=True)` and LibreOffice
(`soffice --headless --convert-to pdf`); the tests need neither.
"""

from __future__ import annotations

import io
import json
import zlib
from pathlib import Path
from typing import Any

import pypdfium2
import pytest

from services.plans import PlanFileError, parse_plan
from services.plans.pdf import MAX_PAGES, MAX_UNPACKED_BYTES

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLES = ["vitebsk_itc_2026", "tomsk_engineering_2024", "tver_nationalproject_2024_2025"]


def fields(plan: dict[str, Any]) -> dict[Any, Any]:
    """Every field the import keeps, by its place in the plan."""
    found: dict[Any, Any] = {"title": plan["title"], "period": plan["period"]}
    for s, section in enumerate(plan["sections"]):
        found[(s, "section")] = (section["number"], section["title"])
        for i, item in enumerate(section["items"]):
            found.update({(s, i, key): value for key, value in item.items()})
    return found


@pytest.mark.parametrize("name", SAMPLES)
def test_a_plan_saved_as_pdf_reads_as_the_checked_json(name: str) -> None:
    expected = json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))
    parsed = parse_plan(f"{name}.pdf", (DATA / f"{name}.pdf").read_bytes()).as_json()
    assert parsed["title"] == expected["title"]  # the title runs over several lines
    assert parsed["period"] == expected["period"]
    assert [len(s["items"]) for s in parsed["sections"]] == [len(s["items"]) for s in expected["sections"]]
    want, got = fields(expected), fields(parsed)
    accuracy = sum(got.get(key) == value for key, value in want.items()) / len(want)
    # What PDF loses: a responsible merged over rows where a page break cuts the merge (the
    # cell starts again empty on the next page), a word longer than its cell broken without a
    # hyphen. Everything else reads as from the DOCX.
    assert accuracy >= 0.98, [
        (key, value, got.get(key)) for key, value in want.items() if got.get(key) != value
    ]


def test_a_table_over_pages_is_one_table_and_its_repeated_header_is_no_item() -> None:
    parsed = parse_plan("plan.pdf", (DATA / "tver_nationalproject_2024_2025.pdf").read_bytes()).as_json()
    titles = [item["title"] for section in parsed["sections"] for item in section["items"]]
    assert not any(title.startswith("Наименование") for title in titles)
    assert len(parsed["sections"]) == 11


def _pdf_of_blank_pages(count: int) -> bytes:
    document = pypdfium2.PdfDocument.new()
    for _ in range(count):
        document.new_page(842, 595)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(PlanFileError) as refused:
        parse_plan(name, data)
    return refused.value.code


def test_a_scan_without_a_text_layer_is_refused_clearly() -> None:
    assert _refusal("scan.pdf", _pdf_of_blank_pages(2)) == "pdf-scanned"


def test_a_password_protected_pdf_is_refused_clearly() -> None:
    assert _refusal("plan.pdf", (DATA / "password_protected.pdf").read_bytes()) == "pdf-encrypted"


def test_too_many_pages_are_refused_before_any_is_read() -> None:
    assert _refusal("book.pdf", _pdf_of_blank_pages(MAX_PAGES + 1)) == "too-many-pages"
    assert _refusal("book.pdf", _pdf_of_blank_pages(500)) == "too-many-pages"


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4 ...", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n%%EOF", b"not a pdf at all"]
)
def test_a_broken_pdf_is_refused_as_damaged(data: bytes) -> None:
    assert _refusal("plan.pdf", data) == "corrupt"


def _pdf_with_content(content: bytes) -> bytes:
    """A one-page PDF whose page content is `content`, Flate-compressed."""
    packed = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_a_pdf_bomb_is_refused_before_it_is_unpacked() -> None:
    bomb = _pdf_with_content(b" " * (MAX_UNPACKED_BYTES + 1024))
    assert len(bomb) < 200_000  # a small file ...
    assert _refusal("plan.pdf", bomb) == "archive-too-big"  # ... that would unpack past the limit


def test_two_pdfs_read_at_the_same_moment_read_as_each_alone() -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = ["vitebsk_itc_2026", "tver_nationalproject_2024_2025"] * 2
    alone = {name: parse_plan(f"{name}.pdf", (DATA / f"{name}.pdf").read_bytes()).as_json() for name in names}
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(
            pool.map(lambda n: parse_plan(f"{n}.pdf", (DATA / f"{n}.pdf").read_bytes()).as_json(), names)
        )
    assert together == [alone[name] for name in names]
