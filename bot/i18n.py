"""Fluent catalogues from locales/<lang>/*.ftl; ru is the source, be and en follow it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

from bot.config import SUPPORTED_LOCALES

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
log = logging.getLogger(__name__)


class Translator:
    """Texts of one language; `_("key", name=...)` in handlers."""

    def __init__(self, locale: str, bundle: FluentBundle, fallback: FluentBundle | None) -> None:
        self.locale = locale
        self._bundle = bundle
        self._fallback = fallback

    def __call__(self, key: str, **params: Any) -> str:
        for bundle in (self._bundle, self._fallback):
            if bundle is not None and bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    continue
                text, errors = bundle.format_pattern(message.value, params)
                if errors:
                    log.warning("locale %s key %s: %s", self.locale, key, errors)
                return text
        log.error("missing locale key %s", key)
        return key


class I18n:
    """All catalogues, loaded once at start."""

    def __init__(self, default_locale: str = "ru", locales_dir: Path = LOCALES_DIR) -> None:
        self.default_locale = default_locale
        self._bundles = {loc: _load_bundle(locales_dir / loc, loc) for loc in SUPPORTED_LOCALES}
        self._translators = {
            loc: Translator(loc, bundle, None if loc == "ru" else self._bundles["ru"])
            for loc, bundle in self._bundles.items()
        }
        self._variants: dict[str, frozenset[str]] = {}

    @property
    def locales(self) -> tuple[str, ...]:
        return SUPPORTED_LOCALES

    def message_ids(self, locale: str) -> set[str]:
        return set(self._bundles[locale]._messages)

    def pick_locale(self, chosen: str | None, telegram_language: str | None) -> str:
        """The user's own choice wins, then Telegram's language, then the configured default."""
        if chosen in self._translators:
            return chosen  # type: ignore[return-value]
        if telegram_language:
            base = telegram_language.split("-")[0].lower()
            if base in self._translators:
                return base
        return self.default_locale

    def variants(self, key: str) -> frozenset[str]:
        """The text of `key` in every language: a reply-keyboard press matches any of them."""
        if key not in self._variants:
            self._variants[key] = frozenset(t(key) for t in self._translators.values())
        return self._variants[key]

    def get(self, locale: str) -> Translator:
        return self._translators.get(locale, self._translators[self.default_locale])


def _load_bundle(folder: Path, locale: str) -> FluentBundle:
    # Bidi isolation marks would end up inside Telegram messages and buttons.
    bundle = FluentBundle([locale], use_isolating=False)
    for path in sorted(folder.glob("*.ftl")):
        errors = bundle.add_resource(FluentResource(path.read_text(encoding="utf-8")))
        if errors:
            raise ValueError(f"{path}: {errors}")
    return bundle
