"""The evidence of a plan as ZIP: folders `section/item/organisation/`, readable file names, a
`manifest.csv` in each part saying what it holds. Files are copied from the evidence store
one by one (never all in memory), photos stored as they are (a JPEG does not compress), and
the archive is split into parts that each stay under the Bot API's 50 MB upload limit."""

from __future__ import annotations

import csv
import io
import mimetypes
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from db.repositories.progress import EvidenceRecord
from services.evidence import EvidenceStore
from services.exports import status_key
from services.progress import Standing, section_name

Text = Callable[..., str]
PART_LIMIT = 45 * 1024 * 1024  # under 50 MB with room for the ZIP's own headers
ENTRY_OVERHEAD = 256  # a local header and a central directory entry, with a long name
NAME_CHARS = 60
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def component(text: str) -> str:
    """One folder or file name: no path separators or characters Windows refuses, not too long."""
    cleaned = " ".join(_UNSAFE.sub(" ", text).split()).strip(" .")
    return (cleaned[:NAME_CHARS].rstrip(" .") or "_") if cleaned else "_"


@dataclass(frozen=True)
class ZipEntry:
    name: str  # the path inside the archive
    source: Path
    size: int
    manifest: tuple[str, ...]  # the row that describes it


def entries_of(records: list[EvidenceRecord], store: EvidenceStore, text: Text) -> list[ZipEntry]:
    entries, seen = [], set()
    for record in records:
        folder = "/".join(
            component(part)
            for part in (
                section_name(record.section_number, record.section_title),
                " ".join(p for p in (record.number, record.title) if p),
                record.org_name,
            )
        )
        extension = (
            Path(record.file_name or "").suffix or mimetypes.guess_extension(record.mime_type) or ".bin"
        )
        stem = Path(record.file_name).stem if record.file_name else text(f"export-zip-{record.kind}")
        name = (
            f"{folder}/{record.event_date.isoformat()} {record.position + 1:02d} {component(stem)}{extension}"
        )
        while name in seen:  # the same photo in two reports of one organisation
            name = name.replace(extension, f"_{extension}", 1)
        seen.add(name)
        status = text(status_key(record.status, Standing.LATER))
        entries.append(
            ZipEntry(
                name,
                store.path_of(record.sha256),
                record.size,
                (name, record.org_name, status, record.sha256),
            )
        )
    return entries


def write_evidence_zip(
    entries: list[ZipEntry], folder: Path, base: str, header: tuple[str, ...], limit: int = PART_LIMIT
) -> list[Path]:
    """The parts written, in order; each holds whole files and its manifest, under `limit`."""
    folder.mkdir(parents=True, exist_ok=True)
    parts: list[list[ZipEntry]] = [[]]
    base_cost = len(";".join(header).encode()) + ENTRY_OVERHEAD  # the manifest's own entry
    size = base_cost
    for entry in entries:
        # The file, its headers, and its line in the manifest.
        cost = (
            entry.size
            + ENTRY_OVERHEAD
            + len(entry.name.encode()) * 3
            + len(";".join(entry.manifest).encode())
        )
        if parts[-1] and size + cost > limit:
            parts.append([])
            size = base_cost
        parts[-1].append(entry)
        size += cost
    paths = []
    for number, part in enumerate(parts, start=1):
        path = folder / (f"{base}.zip" if len(parts) == 1 else f"{base}-part{number}.zip")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
            for entry in part:
                if entry.source.is_file():
                    archive.write(entry.source, entry.name)
            archive.writestr("manifest.csv", _manifest(part, header), compress_type=zipfile.ZIP_DEFLATED)
        paths.append(path)
    return paths


def _manifest(part: list[ZipEntry], header: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(entry.manifest for entry in part)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
