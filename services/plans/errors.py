"""Why a plan file could not be read. The code is a locale key suffix (`import-error-<code>`)."""

from __future__ import annotations

ERROR_TEXTS_EN = {
    "too-big": "the file is larger than {limit_mb} MB",
    "empty": "the file is empty",
    "unknown-format": "unsupported file type «{extension}»; send TXT, MD, DOCX, XLSX, CSV or PDF",
    "not-text": "the file is not text (binary data found); send TXT, MD, DOCX, XLSX, CSV or PDF",
    "encrypted": "the file is password-protected or in the old .doc/.xls format; save it as DOCX or XLSX without a password",
    "corrupt": "the file is damaged and cannot be opened as {format}",
    "archive-too-big": "the file expands to more than {limit_mb} MB or {limit_entries} parts; it is not a normal document",
    "too-many-rows": "the table has more than {limit} rows",
    "no-table": "no plan table found: expected a header with columns such as №, Мероприятие, Срок, Ответственные",
    "no-items": "the plan table has no numbered items",
    "too-slow": "reading the file took longer than {seconds} s; it is too large or malformed",
    "too-many-pages": "the PDF has more than {limit} pages",
    "pdf-encrypted": "the PDF is password-protected; save it without a password",
    "pdf-scanned": "the PDF has no text layer (a scan); send the original document or a PDF saved from it",
}


class PlanFileError(Exception):
    """The file cannot be imported; nothing was saved."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}
        super().__init__(self.english())

    def english(self) -> str:
        return ERROR_TEXTS_EN.get(self.code, self.code).format(**self.params)
