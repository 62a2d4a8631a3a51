"""The DOCX report keeps under Telegram's upload limit: past its photo budget the thumbnails
are left out and the file says where the photos are."""

from __future__ import annotations

from pathlib import Path

import docx
from PIL import Image

from bot.i18n import I18n
from services.export_docx import DocxBook, DocxItem, DoneReport, write_docx

TEXT = I18n("ru").get("ru")


def photo(folder: Path, n: int) -> Path:
    path = folder / f"{n}.jpg"
    Image.effect_noise((1280, 960), 60 + n).convert("RGB").save(path, "JPEG", quality=90)
    return path


def book_of(photos: list[Path]) -> DocxBook:
    book = DocxBook("Информация о ходе выполнения плана: План", "Регион", ("№", "Мероприятие", "Срок", "Отв.", "Инфо"),
                    TEXT("export-docx-photos-left-out"))  # fmt: skip
    book.rows.append("1. Мероприятия")
    for n, path in enumerate(photos):
        report = DoneReport(f"Школа №{n}, проведено", (path,))
        book.rows.append(DocxItem(f"1.{n}.", f"Пункт {n}", "май", "ОО", (report,), None))
    return book


def pictures_in(path: Path) -> int:
    return len(docx.Document(str(path)).inline_shapes)


def test_every_thumbnail_fits_in_a_normal_budget(tmp_path: Path) -> None:
    photos = [photo(tmp_path, n) for n in range(4)]
    out = write_docx(book_of(photos), tmp_path / "all.docx")
    assert pictures_in(out) == 4
    assert "Не все фото" not in "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def test_past_the_budget_photos_are_left_out_and_the_file_says_so(tmp_path: Path) -> None:
    photos = [photo(tmp_path, n) for n in range(4)]
    one = write_docx(book_of(photos[:1]), tmp_path / "one.docx")
    one_photo = one.stat().st_size
    out = write_docx(book_of(photos), tmp_path / "some.docx", photo_budget=int(one_photo * 1.5))
    assert 1 <= pictures_in(out) < 4
    document = docx.Document(str(out))
    assert document.paragraphs[2].text.startswith("Не все фото поместились в файл")
    texts = "\n".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert all(f"Школа №{n}, проведено" in texts for n in range(4))  # the reports themselves stay
