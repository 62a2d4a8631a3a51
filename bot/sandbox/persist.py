"""The sandbox's Telegram kept on disk beside the bot's database, so a second start shows the
same chats and the bot's stored file ids still lead to their photos.

`world.json` holds users, chats (every message as Telegram stored it), the updates not yet
taken and the counters; `files/` holds each file's bytes under its file id. It is written at a
clean stop and every few seconds while something changes, through a temporary file renamed
into place, so a crash leaves the last whole copy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bot.sandbox.chat import ChatMessage, StoredFile
from bot.sandbox.world import FakeWorld

STATE = "world.json"
FILES = "files"
# Update ids the bot may have seen after the last save (a crash between two saves): starting
# past them keeps the bot's update inbox from taking a new update for one it handled.
UPDATE_ID_MARGIN = 10_000


def save_world(world: FakeWorld, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    files = folder / FILES
    files.mkdir(exist_ok=True)
    for stored in world.files.values():
        target = files / stored.file_id
        if not target.exists():
            target.write_bytes(stored.data)
    state: dict[str, Any] = {
        "users": {str(k): v for k, v in world.users.items()},
        "blocked": sorted(world.blocked),
        "chats": {
            str(chat_id): [
                {
                    "message_id": m.message_id,
                    "from_bot": m.from_bot,
                    "payload": m.payload,
                    "edits": m.edits,
                    "deleted": m.deleted,
                }
                for m in messages
            ]
            for chat_id, messages in world.chats.items()
        },
        "files": [
            {"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_path": f.file_path}
            for f in world.files.values()
        ],
        "counters": world.counters_state(),
    }
    temporary = folder / f"{STATE}.tmp"
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, folder / STATE)


def load_world(world: FakeWorld, folder: Path) -> bool:
    """Fill `world` from `folder`; False if nothing was saved there."""
    path = folder / STATE
    if not path.exists():
        return False
    state = json.loads(path.read_text(encoding="utf-8"))
    world.users = {int(k): v for k, v in state["users"].items()}
    world.blocked = set(state["blocked"])
    for chat_id, messages in state["chats"].items():
        world.chats[int(chat_id)] = [
            ChatMessage(int(chat_id), m["message_id"], m["from_bot"], m["payload"], m["edits"], m["deleted"])
            for m in messages
        ]
    for row in state["files"]:
        data_path = folder / FILES / row["file_id"]
        if data_path.exists():
            stored = StoredFile(
                row["file_id"], row["file_unique_id"], data_path.read_bytes(), row["file_path"]
            )
            world.files[stored.file_id] = stored
            world.files_by_path[stored.file_path] = stored
    world.carry_on_from(state["counters"], UPDATE_ID_MARGIN)
    return True
