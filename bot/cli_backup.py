"""`python -m bot backup PATH`: a consistent copy of the SQLite database while the bot runs.

SQLite's online backup API copies the database page by page and starts over by itself if a
writer changed a page it had copied, so the copy is one moment's state however busy the bot
is. It is written beside the target and renamed into place once whole and checked, so a
failed backup never leaves a file that looks like a good one.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
from pathlib import Path

from bot.config import Settings

EXIT_FAILED = 2
PAGES_PER_STEP = 4096  # a step holds the read lock this long; writers get in between steps


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (`sqlite+aiosqlite:///…`), None for another database."""
    scheme, _, rest = url.partition(":///")
    if not scheme.startswith("sqlite") or not rest:
        return None
    return Path(rest.split("?", 1)[0])


def backup(source: Path, target: Path) -> int:
    """Copy `source` to `target` (replaced if there); the copy's size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    partial.unlink(missing_ok=True)
    try:
        with (
            contextlib.closing(sqlite3.connect(source)) as origin,
            contextlib.closing(sqlite3.connect(partial)) as copy,
        ):
            origin.backup(copy, pages=PAGES_PER_STEP)
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"the copy failed its integrity check: {verdict}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def cmd_backup(settings: Settings, args: argparse.Namespace) -> int:
    source = sqlite_path(settings.database_url_resolved)
    if source is None:
        print(
            "error: the database is not SQLite; back PostgreSQL up with pg_dump (see the README)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if not source.exists():
        print(f"error: no database at {source}", file=sys.stderr)
        return EXIT_FAILED
    target = Path(args.path)
    if target.exists() and not args.force:
        print(f"error: {target} exists (--force replaces it)", file=sys.stderr)
        return EXIT_FAILED
    if target.resolve() == source.resolve():
        print("error: the backup cannot be the database itself", file=sys.stderr)
        return EXIT_FAILED
    try:
        size = backup(source, target)
    except sqlite3.Error as exc:
        print(f"error: backup failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"{target} ({size / 2**20:.1f} MB)")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "backup", help="copy the SQLite database to PATH, consistently, while the bot runs"
    )
    parser.add_argument("path", help="the backup file to write")
    parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
    parser.set_defaults(func=cmd_backup)
