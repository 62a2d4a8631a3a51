"""Progress counting: the standing of a due date, tallies, worst first, districts."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

from db.models import ReportStatus
from handlers.progress_view import bar
from services.progress import Standing, districts_of, standing, tally, worst_first

TODAY = date(2026, 3, 2)


def test_standing_of_a_due_date() -> None:
    assert standing(ReportStatus.APPROVED, date(2026, 1, 1), TODAY) is Standing.DONE
    assert standing(ReportStatus.SUBMITTED, date(2026, 1, 1), TODAY) is Standing.REVIEW
    assert standing(ReportStatus.RETURNED, date(2026, 3, 1), TODAY) is Standing.OVERDUE  # not done
    assert standing(None, date(2026, 3, 1), TODAY) is Standing.OVERDUE
    assert standing(None, TODAY, TODAY) is Standing.WEEK
    assert standing(None, date(2026, 3, 9), TODAY) is Standing.WEEK
    assert standing(None, date(2026, 3, 10), TODAY) is Standing.LATER


def test_tallies_percent_and_worst_first() -> None:
    good = tally("Гимназия", [Standing.DONE] * 3 + [Standing.LATER])
    bad = tally("Школа", [Standing.OVERDUE] * 2 + [Standing.DONE] * 2)
    worse = tally("Лицей", [Standing.OVERDUE] * 3 + [Standing.DONE])
    assert (good.total, good.percent_done) == (4, 75)
    assert [t.name for t in worst_first([good, bad, worse])] == ["Лицей", "Школа", "Гимназия"]
    assert bar(64) == "▓▓▓▓▓▓░░░░" and bar(0) == "░" * 10 and bar(100, 5) == "▓" * 5


def test_organisations_are_counted_under_their_district() -> None:
    # region(1) -> district 2 -> schools 4, 5; region -> district 3 -> school 6; region's own centre 7
    orgs = {
        1: SimpleNamespace(parent_id=None, name="Область"),
        2: SimpleNamespace(parent_id=1, name="Оршанский район"),
        3: SimpleNamespace(parent_id=1, name="Витебский район"),
        4: SimpleNamespace(parent_id=2, name="СШ №1"),
        5: SimpleNamespace(parent_id=2, name="СШ №2"),
        6: SimpleNamespace(parent_id=3, name="СШ №3"),
        7: SimpleNamespace(parent_id=1, name="ИТЦ"),
    }
    by_org = {
        4: [Standing.DONE],
        5: [Standing.OVERDUE],
        6: [Standing.DONE, Standing.DONE],
        7: [Standing.LATER],
    }
    districts = {t.name: t.counts for t in districts_of(1, orgs, by_org)}
    assert districts == {
        "Оршанский район": {Standing.DONE: 1, Standing.OVERDUE: 1},
        "Витебский район": {Standing.DONE: 2},
        "ИТЦ": {Standing.LATER: 1},
    }
    # Every organisation a direct child already: grouping adds nothing.
    assert districts_of(1, orgs, {2: [Standing.DONE], 7: [Standing.LATER]}) == []


def test_a_completion_chart_shows_the_twelve_worst_and_is_a_png() -> None:
    from PIL import Image

    from services.charts import bars_of, completion_chart, weekly_chart

    tallies = [tally(f"Школа №{n}", [Standing.DONE] * n + [Standing.OVERDUE] * (20 - n)) for n in range(20)]
    shown = bars_of(tallies)
    assert [t.name for t in shown] == [f"Школа №{n}" for n in range(12)]  # the least done first
    png = completion_chart("Выполнение по организациям", tallies, "выполнено, %")
    assert Image.open(io.BytesIO(png)).size == (960, 720)
    weeks = weekly_chart("Отчёты по неделям", [date(2026, 2, 3)] * 3, date(2026, 1, 1), TODAY, "отчётов")
    assert Image.open(io.BytesIO(weeks)).format == "PNG"


def test_the_evidence_zip_is_split_into_parts_under_the_limit_holding_each_file_once(tmp_path) -> None:
    import zipfile

    from services.export_zip import ZipEntry, component, write_evidence_zip

    entries = []
    for n in range(7):
        source = tmp_path / f"photo{n}"
        source.write_bytes(bytes([n]) * 40_000)
        entries.append(
            ZipEntry(f"I. Раздел/1.1 Семинар/Школа/{n}.jpg", source, 40_000, (f"{n}.jpg", "Школа"))
        )
    parts = write_evidence_zip(
        entries, tmp_path / "out", "plan-1-evidence", ("Файл", "Организация"), limit=100_000
    )
    assert len(parts) == 4 and all(p.stat().st_size < 100_000 for p in parts)
    names = [n for p in parts for n in zipfile.ZipFile(p).namelist() if n != "manifest.csv"]
    assert sorted(names) == sorted(e.name for e in entries)  # every file, once
    assert component('Школа №1 "Лидер": 5/6 классы') == "Школа №1 Лидер 5 6 классы"


def test_export_files_a_crash_left_behind_are_removed_and_fresh_ones_kept(tmp_path) -> None:
    import os
    import time

    from bot.factory import remove_stale_exports

    old_part = tmp_path / "exports" / "abc" / "plan-1-evidence-part1.zip"
    old_part.parent.mkdir(parents=True)
    old_part.write_bytes(b"PK")
    fresh = tmp_path / "exports" / "def-plan-1.xlsx"
    fresh.write_bytes(b"PK")
    hour_ago = time.time() - 7200
    os.utime(old_part, (hour_ago, hour_ago))
    assert remove_stale_exports(tmp_path / "exports", time.time() - 3600) == 1
    assert not old_part.parent.exists() and fresh.exists()
    assert remove_stale_exports(tmp_path / "missing", time.time()) == 0
