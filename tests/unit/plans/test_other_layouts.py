"""Layouts the samples do not show: a Belarusian plan, a roadmap without sections,
columns in another order with extra ones, a bare number whose text is on the next row."""

from __future__ import annotations

from services.plans import parse_plan


def test_belarusian_plan_with_its_own_headers() -> None:
    text = "\n".join(
        [
            "ПЛАН",
            "мерапрыемстваў па развіцці STEM-адукацыі на 2026 год",
            "",
            "№ п/п\tНазва мерапрыемства\tТэрмін выканання\tАдказныя выканаўцы",
            "1\t2\t3\t4",
            "Раздзел 1. Арганізацыйная работа\t\t\t",
            "1.1.\tНарада з кіраўнікамі цэнтраў\tстудзень\tАддзел адукацыі",
            "1.2.\tАбласны конкурс «Робаштурм»\tкрасавік-травень\tІнстытут развіцця адукацыі",
            "1.3.\tСправаздача аб рабоце\tштоквартальна\tКіраўнікі ўстаноў",
        ]
    )
    plan = parse_plan("plan.txt", text.encode()).as_json()
    assert plan["title"] == "ПЛАН мерапрыемстваў па развіцці STEM-адукацыі на 2026 год"
    assert plan["period"] == ["2026-01-01", "2026-12-31"]
    section = plan["sections"][0]
    assert (section["number"], section["title"]) == ("1", "Арганізацыйная работа")
    first, second, third = section["items"]
    assert first["responsible"] == "Аддзел адукацыі"
    assert first["deadline"]["windows"] == [["2026-01-01", "2026-01-31"]]
    assert second["deadline"]["windows"] == [["2026-04-01", "2026-05-31"]]
    assert third["deadline"] == {"kind": "recurring", "recurrence": "quarterly"}


def test_roadmap_without_sections_and_reordered_columns() -> None:
    text = "\n".join(
        [
            "Дорожная карта по внедрению цифровой образовательной среды на 2025-2026 учебный год",
            "",
            "Срок\t№\tМероприятие\tФорма отчета\tУчастники\tОтветственные\tРезультат",
            "сентябрь\t1.\tПроведение обучающего семинара\tпротокол\tпедагоги\tМетодический центр\tПроведён семинар",
            "2 четверть\t2.\tМониторинг\tсправка\tшколы\tОтдел образования\tСправка",
        ]
    )
    plan = parse_plan("plan.txt", text.encode()).as_json()
    assert plan["period"] == ["2025-09-01", "2026-08-31"]
    assert len(plan["sections"]) == 1 and plan["sections"][0]["number"] is None
    first, second = plan["sections"][0]["items"]
    assert first == {
        "number": "1.",
        "title": "Проведение обучающего семинара",
        "deadline_text": "сентябрь",
        "responsible": "Методический центр",
        "audience": "педагоги",
        "expected_result": "Проведён семинар",
        "deadline": {"kind": "window", "windows": [["2025-09-01", "2025-09-30"]]},
    }
    assert second["deadline"]["windows"] == [["2025-11-01", "2025-12-31"]]


def test_number_alone_with_text_on_the_next_row_and_unreadable_deadline_warns() -> None:
    text = "\n".join(
        [
            "План работы на 2026 год",
            "№\tМероприятие\tСрок\tОтветственный",
            "1.\t\t\t",
            "\tСеминар для заместителей директоров\tкогда-нибудь\tМетодист",
            "3.\tКонференция\tмай\tМетодист",
        ]
    )
    plan = parse_plan("plan.txt", text.encode())
    first, second = plan.items
    assert first.title == "Семинар для заместителей директоров"
    assert first.deadline.kind == "unspecified"
    codes = [w.code for w in plan.warnings]
    assert "deadline-unreadable" in codes and "numbering-gap" in codes


def test_headings_in_the_number_column_bold_headings_and_a_signature_row() -> None:
    text = "\n".join(
        [
            "План работы отдела образования на 2026 год",
            "№\tМероприятие\tСрок\tОтветственный",
            "I.\tОрганизационная работа\t\t",
            "1.\tСовещание руководителей\tкаждого месяца\tНачальник отдела",
            "2\tРабота с кадрами\t\t",
            "2.1.\tАттестация педагогов\tв течение года\tМетодист",
            "\t<b>Работа с обучающимися</b>\t\t",
            "3.1.\tОлимпиада\tноябрь\tМетодист",
            "\tпо математике\t\t",
            "Начальник отдела\t\tИ.И. Иванов\t",
        ]
    )
    plan = parse_plan("plan.txt", text.encode())
    assert [(s.number, s.title) for s in plan.sections] == [
        ("I", "Организационная работа"),
        ("2", "Работа с кадрами"),
        (None, "Работа с обучающимися"),
    ]
    first, second, third = plan.items
    assert first.deadline.as_json() == {"kind": "recurring", "recurrence": "monthly"}
    assert second.number == "2.1." and third.title == "Олимпиада по математике"
    assert third.responsible == "Методист"  # the signature did not join the last item
    assert "row-ignored" in [w.code for w in plan.warnings]


def test_docx_with_word_list_numbering_in_the_number_column() -> None:
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("План мероприятий на 2026 год")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["№", "Мероприятие", "Срок"], strict=True):
        cell.text = text
    for title, when in [("Семинар", "март"), ("Конкурс", "апрель"), ("Форум", "май")]:
        number, name, deadline = table.add_row().cells
        paragraph = number.paragraphs[0]
        numpr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "7")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            numpr.append(element)
        paragraph._p.get_or_add_pPr().append(numpr)
        name.text, deadline.text = title, when
    buffer = io.BytesIO()
    document.save(buffer)
    plan = parse_plan("plan.docx", buffer.getvalue())
    assert [(i.number, i.title) for i in plan.items] == [
        ("1.", "Семинар"),
        ("2.", "Конкурс"),
        ("3.", "Форум"),
    ]
    assert plan.items[2].deadline.as_json()["windows"] == [["2026-05-01", "2026-05-31"]]


def test_numbers_at_the_start_of_the_text_when_there_is_no_number_column() -> None:
    text = "\n".join(
        [
            "План мероприятий на 2026 год",
            "Мероприятие\tСрок\tИсполнитель",
            "1.1. Семинар для методистов\tфевраль\tИРО",
            "1.2. Конкурс «Учитель года»\tмарт\tИРО",
            "Итоговая конференция\tдекабрь\tИРО",
        ]
    )
    plan = parse_plan("plan.txt", text.encode())
    assert [(i.number, i.title) for i in plan.items] == [
        ("1.1.", "Семинар для методистов"),
        ("1.2.", "Конкурс «Учитель года»"),
        (None, "Итоговая конференция"),
    ]


def test_csv_whose_preamble_misleads_the_delimiter_sniffer() -> None:
    """Commas everywhere above the table and inside its cells: the sniffer guesses «,», which
    gives no header; «;» does, and is kept."""
    text = "\n".join(
        [
            "УТВЕРЖДАЮ, начальник управления образования, 01.09.2025",
            "План работы центра «Точка роста», МБОУ СОШ № 5, на 2025-2026 учебный год",
            "№;Мероприятие;Срок;Ответственный",
            "1.;Открытие центра, экскурсия, мастер-класс;сентябрь 2025 г.;Иванова А.А., руководитель центра",
            "2.;Неделя науки, конкурс проектов;ноябрь 2025 г.;Петров Б.Б., педагог",
        ]
    )
    plan = parse_plan("plan.csv", text.encode("utf-8")).as_json()
    items = plan["sections"][0]["items"]
    assert [i["title"] for i in items] == [
        "Открытие центра, экскурсия, мастер-класс",
        "Неделя науки, конкурс проектов",
    ]
    assert items[1]["responsible"] == "Петров Б.Б., педагог"
    assert items[0]["deadline"]["windows"] == [["2025-09-01", "2025-09-30"]]
    assert plan["period"] == ["2025-09-01", "2026-08-31"]
