import re

import pytest

from bot.i18n import LOCALES_DIR, I18n

I18N = I18n()


@pytest.mark.parametrize("locale", ["be", "en"])
def test_every_locale_has_every_message(locale: str) -> None:
    assert I18N.message_ids(locale) == I18N.message_ids("ru")


@pytest.mark.parametrize("locale", ["be", "en"])
def test_placeholders_match_the_russian_source(locale: str) -> None:
    def placeholders(loc: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        key = None
        for line in (LOCALES_DIR / loc).joinpath("bot.ftl").read_text(encoding="utf-8").splitlines():
            if match := re.match(r"^([a-z][\w-]*)\s*=", line):
                key = match.group(1)
                found[key] = set()
            if key:
                found[key] |= set(re.findall(r"\{\s*\$(\w+)", line))
        return found

    assert placeholders(locale) == placeholders("ru")


def test_language_choice_order() -> None:
    assert I18N.pick_locale("be", "en") == "be"
    assert I18N.pick_locale(None, "en-GB") == "en"
    assert I18N.pick_locale(None, "de") == "ru"
    assert I18N.pick_locale(None, None) == "ru"


def test_menu_button_matches_in_any_language() -> None:
    assert I18N.variants("btn-help") == {"❓ Помощь", "❓ Дапамога", "❓ Help"}
