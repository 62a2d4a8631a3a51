"""`python -m bot export`: a plan's execution report, its DOCX and its audit trail written to a
file from the command line (one imported plan, no reports yet)."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

from tests.harness import run_bot_cli

DATA = Path(__file__).resolve().parents[1] / "data"


def test_cli_exports_xlsx_docx_and_the_audit_trail_and_refuses_an_unknown_plan(tmp_path: Path) -> None:
    assert run_bot_cli(tmp_path, "import-plan", str(DATA / "vitebsk_itc_2026.txt")).returncode == 0

    done = run_bot_cli(tmp_path, "export", "1", "--format", "xlsx", "--out", "report.xlsx")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "report.xlsx"
    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert book.sheetnames == ["Сводка", "По пунктам"]
    summary = [row[0] for row in book["Сводка"].iter_rows(values_only=True) if row]
    assert summary[0].startswith("План развития инженерно-технических центров")

    done = run_bot_cli(tmp_path, "export", "1", "--format", "docx")
    assert done.returncode == 0, done.stderr
    table = docx.Document(str(tmp_path / "plan-1.docx")).tables[0]
    items = [row for row in table.rows[1:] if len({c.text for c in row.cells}) > 1]
    assert len(items) == 36  # every item of the plan, given out or not
    assert {row.cells[-1].text for row in items} == {"Не выполнено: отчётов нет."}

    done = run_bot_cli(tmp_path, "export", "1", "--format", "audit")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "plan-1-audit.csv"
    lines = (tmp_path / "plan-1-audit.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Когда;Кто;Действие;Организация;№;Пункт / план;Подробности"
    assert ";загрузил план;" in lines[1]  # imported from the command line: no one in «Кто»

    missing = run_bot_cli(tmp_path, "export", "99")
    assert missing.returncode == 2 and "plan 99" in missing.stderr


async def _school_report_with_photos(data_dir: Path, photos: int) -> None:
    """A school given the plan's first item, and its approved report with `photos` photos, as
    the bot would have stored them (the file bytes in the evidence store)."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from db.engine import create_engine, create_session_factory
    from db.models import (
        Assignment,
        EvidenceFile,
        Item,
        Occurrence,
        Organisation,
        Report,
        ReportFile,
        ReportStatus,
        User,
    )
    from services.evidence import EvidenceStore, IncomingFile

    engine = create_engine(f"sqlite+aiosqlite:///{data_dir / 'bot.sqlite3'}")
    now = datetime.now(UTC)
    store = EvidenceStore(data_dir / "evidence")
    async with create_session_factory(engine)() as session, session.begin():
        root = await session.scalar(select(Organisation).where(Organisation.parent_id.is_(None)))
        school = Organisation(parent_id=root.id, kind="school", name="СШ №1", aliases=[], created_at=now)
        author = User(tg_id=1, first_name="Анна", created_at=now, updated_at=now)
        session.add_all([school, author])
        await session.flush()
        item = await session.scalar(select(Item).order_by(Item.id).limit(1))
        # Due dates are made when an item is given out.
        occurrence = Occurrence(item_id=item.id, due_on=now.date())
        session.add_all([occurrence, Assignment(item_id=item.id, org_id=school.id, created_at=now)])
        await session.flush()
        report = Report(occurrence_id=occurrence.id, item_id=item.id, org_id=school.id, author_id=author.id,
                        status=ReportStatus.APPROVED, version=1, submitted_at=now, event_date=now.date())  # fmt: skip
        session.add(report)
        await session.flush()
        for n in range(photos):
            data = jpeg(n)
            stored = store.accept(IncomingFile("photo", f"f{n}", f"u{n}", len(data)), data)
            session.add(
                EvidenceFile(
                    sha256=stored.sha256, size=stored.size, mime_type=stored.mime_type, stored_at=now
                )
            )
            await session.flush()
            session.add(ReportFile(report_id=report.id, sha256=stored.sha256, kind="photo", file_id=f"f{n}",
                                   file_unique_id=f"u{n}", size=stored.size, position=n))  # fmt: skip
    await engine.dispose()


def jpeg(seed: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (seed * 50 % 256, 80, 120)).save(out, "JPEG")
    return out.getvalue()


def test_cli_writes_the_evidence_zip_in_parts_into_a_folder(tmp_path: Path) -> None:
    import asyncio
    import zipfile

    assert run_bot_cli(tmp_path, "import-plan", str(DATA / "vitebsk_itc_2026.txt")).returncode == 0
    empty = run_bot_cli(tmp_path, "export", "1", "--format", "zip")
    assert (
        empty.returncode == 0 and "no files" in empty.stderr and not (tmp_path / "plan-1-evidence").exists()
    )

    asyncio.run(_school_report_with_photos(tmp_path / "data", 3))
    done = run_bot_cli(tmp_path, "export", "1", "--format", "zip", "--out", "evidence")
    assert done.returncode == 0, done.stderr
    parts = done.stdout.split()
    assert parts == ["evidence/plan-1-evidence.zip"]
    archive = zipfile.ZipFile(tmp_path / parts[0])
    photos = [name for name in archive.namelist() if name.endswith(".jpg")]
    assert len(photos) == 3 and all("СШ №1" in name for name in photos)
    assert any(name.endswith("manifest.csv") for name in archive.namelist())
