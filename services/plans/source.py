"""The common shape every reader produces: the document as a sequence of text lines and
table rows, in reading order, each with a reference back into the source for warnings."""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field

from services.plans.errors import PlanFileError

MAX_CELL_CHARS = 20_000


@dataclass
class Block:
    cells: list[str]
    ref: str  # "line 40", "row 12", "table 2, row 5"
    is_row: bool
    bold: bool = False
    # A text line that starts a new paragraph (after a blank line, a change of style).
    paragraph_start: bool = False
    # Grid positions whose cell continues a vertical merge from the row above (DOCX, XLSX).
    merged_down: set[int] = field(default_factory=set)
    # Grid positions whose text is bold throughout (section rows often are).
    bold_cells: set[int] = field(default_factory=set)
    table: int = 0  # which table of the document the row belongs to

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


class TimeBudget:
    """Parsing stops with a clear error when it takes longer than the budget, whatever the input."""

    def __init__(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        self._seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self._deadline:
            raise PlanFileError("too-slow", seconds=f"{self._seconds:g}")


_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,500}>")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|br|li|ul|ol|div|tr|td)\b[^<>]{0,500}>", re.IGNORECASE)
_MD_MARKERS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_SPACES = re.compile(r"\s+")
# Table borders and "nothing here" dashes left by converters: "-----", "---", "—", "+===+".
_RULE = re.compile(r"^[-–—_=+|:.\s]+$")


def clean_text(text: str | None) -> str:
    """Markup and conversion debris out, whitespace collapsed; the words stay as written."""
    if not text:
        return ""
    text = text[:MAX_CELL_CHARS]
    text = _BLOCK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _ESCAPE.sub(r"\1", text)
    text = _MD_MARKERS.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\ufeff", "")
    text = _SPACES.sub(" ", text).strip()
    return "" if _RULE.match(text) else text


def looks_bold(raw: str) -> bool:
    stripped = raw.strip()
    return stripped.startswith(("**", "<b>", "<strong>", "__")) or stripped.endswith(
        ("**", "</b>", "</strong>")
    )
