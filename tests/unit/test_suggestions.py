"""Suggested assignees for every item of two sample plans, against hand-written org lists.

The expected sets were written by reading each item's "responsible" text: who, in these
regions, would be asked to do it. The plan's own organisation is never suggested."""

from __future__ import annotations

import glob
import importlib.util
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from services.assignment import OrgRef, Suggester

DATA = Path(__file__).resolve().parents[1] / "data"
ROOT = Path(__file__).resolve().parents[2]


def seeded_kinds() -> list[SimpleNamespace]:
    """The kinds exactly as the migration seeds them."""
    path = glob.glob(str(ROOT / "db/migrations/versions/0002_*.py"))[0]
    spec = importlib.util.spec_from_file_location("seed", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [SimpleNamespace(code=c, names=n, words=w) for c, n, w in module.ORG_KINDS]


def org(id_: int, kind: str, name: str, *aliases: str) -> OrgRef:
    return OrgRef(id_, name, kind, (name, *aliases))


VITEBSK = [
    org(1, "department", "Главное управление по образованию Витебского облисполкома"),
    org(2, "institute", "Витебский областной институт развития образования", "ВОИРО"),
    org(3, "department", "Отдел по образованию Оршанского райисполкома"),
    org(4, "school", "СШ №1 г. Орши"),
    org(5, "school", "Гимназия №2 г. Витебска"),
    org(6, "itc", "ИТЦ на базе СШ №1 г. Орши"),
    org(7, "itc", "ИТЦ на базе гимназии №2"),
]
V = {"I": {2}, "S": {4, 5}, "T": {6, 7}, "D": {3}}
VITEBSK_EXPECTED = {
    "I": ["IS", "I", "I", "IT", "DS", "S", "DS", "I", "IS", "S", "DS", "ST"],
    "II": ["IT", "I", "IT", "I", "IT", "I", "I", "ST", "ST", "ST"],
    "III": ["S", "S", "ST", "I", "IT", "I", "I", "I", "I", "I", "ST", "ST", "I", "ST"],
}

TVER = [
    org(1, "department", "Министерство образования Тверской области", "Министерство"),
    org(2, "institute", "Тверской областной институт усовершенствования учителей", "ГБОУ ДПО ТОИУУ", "ТОИУУ"),
    org(3, "kvantorium", "Детский технопарк «Кванториум» ГБУ ДО ТОЦЮТ", "ТОЦЮТ"),
    org(4, "tochka_rosta", "Точка роста СОШ №5 г. Твери"),
    org(5, "tochka_rosta", "Точка роста Кимрской СОШ №1"),
    org(6, "it_cube", "IT-куб г. Ржев"),
    org(7, "department", "Отдел образования Кимрского округа"),
]
T = {"N": {2}, "K": {3}, "R": {4, 5}, "C": {6}}
ALL_CENTRES = "KRC"
TVER_EXPECTED = {
    "1": [ALL_CENTRES] * 7 + ["R"] + [ALL_CENTRES] * 4,
    "2": [ALL_CENTRES, "K", "K", "N", "N", "R", ALL_CENTRES, "N"],
    "3": ["N", ALL_CENTRES],
    "4": ["N" + ALL_CENTRES, "N" + ALL_CENTRES, "N", ALL_CENTRES],
    "5": ["N", "N", "N", "N"],
    "6": [ALL_CENTRES, ALL_CENTRES],
    "7": [ALL_CENTRES, ALL_CENTRES, "C", ALL_CENTRES, ALL_CENTRES],
    "8": [ALL_CENTRES] * 4,
    "9": ["N", "N", "R"],
    "10": [ALL_CENTRES] * 3 + ["R", "R", ALL_CENTRES],
    "11": ["N", "N", "N", "K", "K", "K", "K"],
}


TOMSK = [
    org(1, "department", "Департамент образования Администрации Города Томска"),
    org(2, "institute", "МАУ ИМЦ г. Томска", "МАУ ИМЦ", "МАОУ ИМЦ"),
    org(3, "school", "МАОУ лицей № 1 им. А.С. Пушкина", "лицей № 1", "лицея № 1"),
    org(4, "school", "МАОУ гимназия № 29", "гимназия № 29"),
    org(5, "school", "МАОУ Школа «Эврика-развитие»", "«Эврика-развитие»"),
    org(6, "creativity_centre", "МАОУ «Планирование карьеры»", "«Планирование карьеры»"),
    org(7, "school", "МАОУ СОШ № 46", "СОШ № 46"),
]
TM = {"N": {2}, "L": {3}, "G": {4}, "E": {5}, "P": {6}, "H": {7}}
SCHOOLS = "LGEH"  # "Руководители ОО": every school
TOMSK_EXPECTED = {
    "1": ["", SCHOOLS],
    "2": [SCHOOLS, "N" + SCHOOLS, SCHOOLS, SCHOOLS, "LEH", "E", "G"],  # 2.5: "СОШ № 4, 16, 46"
    "3": [SCHOOLS] * 5 + ["N" + SCHOOLS],
    "4": [SCHOOLS] * 5 + ["P" + SCHOOLS, SCHOOLS, "LH"],
    "5": ["N", "N" + SCHOOLS],
}


def decode(codes: str, table: dict[str, set[int]]) -> set[int]:
    return set().union(*(table[c] for c in codes)) if codes else set()


@pytest.mark.parametrize(
    ("plan", "orgs", "expected", "table"),
    [
        ("vitebsk_itc_2026", VITEBSK, VITEBSK_EXPECTED, V),
        ("tver_nationalproject_2024_2025", TVER, TVER_EXPECTED, T),
        ("tomsk_engineering_2024", TOMSK, TOMSK_EXPECTED, TM),
    ],
)
def test_every_item_gets_the_expected_organisations(plan: str, orgs, expected, table) -> None:
    suggester = Suggester(orgs, seeded_kinds(), exclude=[1])
    parsed = json.loads((DATA / f"{plan}.expected.json").read_text(encoding="utf-8"))
    for section in parsed["sections"]:
        wanted = expected[section["number"]]
        assert len(wanted) == len(section["items"]), section["number"]
        for item, codes in zip(section["items"], wanted, strict=True):
            got = suggester.suggest(0, item["responsible"]).org_ids
            assert got == decode(codes, table), (section["number"], item["number"], item["responsible"])


def test_a_number_in_a_name_must_match() -> None:
    suggester = Suggester([org(9, "school", "МАОУ гимназия № 29")], seeded_kinds())
    assert suggester.suggest(0, "Руководитель МАОУ гимназии № 13").org_ids == set()
    assert suggester.suggest(0, "МАОУ гимназия № 29").org_ids == {9}


def test_abbreviations_match_whole_words_only() -> None:
    suggester = Suggester([org(9, "school", "Школа")], seeded_kinds())
    assert suggester.suggest(0, "Руководители ОО").org_ids == {9}
    assert suggester.suggest(0, "ООО «Ромашка»").org_ids == set()
    assert suggester.suggest(0, None).org_ids == set()
