"""Logging with the bot token redacted from every record, whatever library wrote it."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

REDACTED = "<redacted>"


class SecretRedactingFilter(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        text = message
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        exc_text = None
        if record.exc_info:
            exc_text = logging.Formatter().formatException(record.exc_info)
            for secret in self._secrets:
                exc_text = exc_text.replace(secret, REDACTED)
        if text != message or exc_text is not None:
            record.msg, record.args = text, None
        if exc_text is not None:
            # The formatted traceback replaces the live one so the token cannot leak through it.
            record.exc_info, record.exc_text = None, exc_text
        return True


def setup_logging(level: str, secrets: Iterable[str] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretRedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # Alembic announces every plugin and step at INFO; only its problems interest an operator.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
