"""Photos and documents proving that an event took place: checked, then stored by content.

A file is checked before anything is written: too big, an image that is not one, or an image
that would decompress into more than 50 megapixels is refused. Accepted files are written
under `DATA_DIR/evidence/ab/abcdef…` named by their sha256, so the same photo sent twice (or
an update replayed after a crash) is stored once, and a file written just before a failed
commit is picked up again by the retry instead of being left behind under another name.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from services.errors import DomainError

MAX_FILE_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download
MAX_PIXELS = 50_000_000
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "heic", "heif"})
# Pillow has no built-in HEIC reader: such a file must at least carry the HEIF signature (an
# ISO media "ftyp" box with a HEIF brand), which is what iPhones send.
_HEIF_EXTENSIONS = frozenset({"heic", "heif"})
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
)


def counts_as_photo(kind: str, mime_type: str | None) -> bool:
    """The one rule for "is this a photo" (the teacher's summary, the reviewer's card, the
    "at least one photo" check): sent as a photo, or an image sent as a file."""
    return kind == "photo" or (mime_type or "").startswith("image/")


def check_heif(data: bytes) -> str:
    if data[4:8] != b"ftyp" or data[8:12] not in _HEIF_BRANDS:
        raise NotAnImage("no HEIF signature")
    return "image/heic"


class EvidenceRefused(DomainError):
    pass


class FileTooBig(EvidenceRefused):
    message_key = "evidence-too-big"


class NotAnImage(EvidenceRefused):
    message_key = "evidence-not-image"


class ImageTooLarge(EvidenceRefused):
    message_key = "evidence-too-many-pixels"


@dataclass(frozen=True)
class IncomingFile:
    """What Telegram said about a file before it was downloaded."""

    kind: str  # photo | document
    file_id: str
    file_unique_id: str
    size: int | None
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def claims_to_be_image(self) -> bool:
        if self.kind == "photo":
            return True
        extension = (self.file_name or "").rsplit(".", 1)[-1].lower() if "." in (self.file_name or "") else ""
        return (self.mime_type or "").startswith("image/") or extension in IMAGE_EXTENSIONS


@dataclass(frozen=True)
class StoredEvidence:
    sha256: str
    size: int
    mime_type: str


def check_declared_size(incoming: IncomingFile, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse before downloading what Telegram says is too big."""
    if incoming.size is not None and incoming.size > limit:
        raise FileTooBig(f"{incoming.size} bytes")


def check_image(data: bytes) -> str:
    """The image's MIME type; reads the header only, never decodes the pixels."""
    with warnings.catch_warnings():
        # Pillow warns (and above twice the limit raises) on huge images; the check below decides.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                mime = Image.MIME.get(image.format or "", "application/octet-stream")
        except Image.DecompressionBombError as exc:
            raise ImageTooLarge(str(exc)) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise NotAnImage(str(exc)) from exc
    if width * height > MAX_PIXELS:
        raise ImageTooLarge(f"{width}x{height}")
    return mime


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self._root = root

    def path_of(self, sha256: str) -> Path:
        return self._root / sha256[:2] / sha256

    def accept(self, incoming: IncomingFile, data: bytes) -> StoredEvidence:
        """Check the bytes and store them once; raises EvidenceRefused and writes nothing."""
        if len(data) > MAX_FILE_BYTES:
            raise FileTooBig(f"{len(data)} bytes")
        mime = incoming.mime_type or "application/octet-stream"
        if incoming.claims_to_be_image:
            extension = (incoming.file_name or "").rsplit(".", 1)[-1].lower()
            if extension in _HEIF_EXTENSIONS and incoming.kind != "photo":
                mime = check_heif(data)
            else:
                mime = check_image(data)
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_of(sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a crash never leaves a half file under the final name.
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        return StoredEvidence(sha256, len(data), mime)

    def remove_orphans(self, known: set[str], older_than: float) -> int:
        """Delete files no row knows of (an update that failed after writing its file, a half
        write) once they are older than `older_than` (a POSIX time); returns how many."""
        removed = 0
        if not self._root.exists():
            return 0
        for path in self._root.glob("*/*"):
            if path.name in known or not path.is_file() or path.stat().st_mtime >= older_than:
                continue
            path.unlink(missing_ok=True)
            removed += 1
        return removed
