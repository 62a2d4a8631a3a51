"""What a parsed plan is: plain data, serialised exactly as the import JSON contract says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

DeadlineKind = Literal["window", "recurring", "ongoing", "unspecified"]
Recurrence = Literal["monthly", "quarterly", "weekly", "yearly", "half-yearly"]
Window = tuple[date | None, date | None]


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    school_year: bool = False

    def as_json(self) -> list[str]:
        return [self.start.isoformat(), self.end.isoformat()]


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    windows: tuple[Window, ...] = ()
    continues: bool = False
    recurrence: Recurrence | None = None
    start: date | None = None

    def as_json(self) -> dict[str, Any]:
        if self.kind == "window":
            body: dict[str, Any] = {
                "kind": "window",
                "windows": [[_iso(a), _iso(b)] for a, b in self.windows],
            }
            if self.continues:
                body["continues"] = True
            return body
        if self.kind == "recurring":
            body = {"kind": "recurring", "recurrence": self.recurrence}
            if self.start is not None:
                body["start"] = self.start.isoformat()
            return body
        return {"kind": self.kind}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Deadline:
        kind = data["kind"]
        windows = tuple((_from_iso(a), _from_iso(b)) for a, b in data.get("windows", ()))
        return cls(
            kind=kind,
            windows=windows,
            continues=bool(data.get("continues", False)),
            recurrence=data.get("recurrence"),
            start=_from_iso(data.get("start")),
        )


UNSPECIFIED = Deadline("unspecified")
ONGOING = Deadline("ongoing")


@dataclass(frozen=True)
class ImportWarning:
    """Something the parser could not read with certainty; `where` points into the source."""

    code: str
    where: str | None = None
    params: dict[str, str] = field(default_factory=dict)

    def english(self) -> str:
        template = WARNING_TEXTS_EN.get(self.code, self.code)
        text = template.format(**self.params)
        return f"{text} ({self.where})" if self.where else text


WARNING_TEXTS_EN = {
    "duplicate-number": "item {number} appears {count} times ({places})",
    "numbering-gap": "numbering jumps from {previous} to {number}",
    "deadline-unreadable": "item {number}: no date could be read from «{text}»",
    "deadline-missing": "item {number} has no deadline",
    "deadline-impossible": "item {number}: «{text}» names a day the calendar does not have; set the due date by hand",
    "cell-cut": "item {number}: a cell of {length} characters was cut to fit a screen",
    "deadline-elsewhere": "item {number}: the date is set elsewhere («{text}»); set the due date by hand",
    "no-title-item": "a row numbered {number} has no event text and was skipped",
    "orphan-continuation": "text before the first item was ignored: «{text}»",
    "period-from-deadlines": "the title names no period; {period} was taken from the deadlines",
    "period-from-year": "the title names no period; the year {year} was given",
    "period-unknown": "the plan period is unknown: dates without a year cannot be resolved",
    "title-missing": "no plan title found above the table",
    "row-ignored": "a row that is no item was ignored: «{text}»",
    "responsible-missing": "item {number} names no one responsible",
}


@dataclass
class ParsedItem:
    number: str | None
    title: str
    deadline_text: str | None
    responsible: str | None
    audience: str | None
    expected_result: str | None
    deadline: Deadline
    source_ref: str

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "deadline_text": self.deadline_text,
            "responsible": self.responsible,
            "audience": self.audience,
            "expected_result": self.expected_result,
            "deadline": self.deadline.as_json(),
        }


@dataclass
class ParsedSection:
    number: str | None
    title: str | None
    items: list[ParsedItem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "items": [item.as_json() for item in self.items],
        }


@dataclass
class ParsedPlan:
    title: str | None
    period: Period | None
    sections: list[ParsedSection]
    warnings: list[ImportWarning]

    @property
    def items(self) -> list[ParsedItem]:
        return [item for section in self.sections for item in section.items]

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "period": self.period.as_json() if self.period else None,
            "sections": [section.as_json() for section in self.sections],
            "warnings": [warning.english() for warning in self.warnings],
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _from_iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
