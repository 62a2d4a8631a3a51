from services.users import TelegramProfile, Viewer, ViewerCache

PROFILE = TelegramProfile(tg_id=5, first_name="Анна", language_code="ru")
VIEWER = Viewer(
    user_id=1, tg_id=5, first_name="Анна", locale=None, language_code="ru", timezone=None, memberships=()
)


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_entry_expires_after_ttl() -> None:
    ticks = Ticks()
    cache = ViewerCache(ttl=10, monotonic=ticks)
    cache.put(PROFILE, VIEWER)
    assert cache.get(PROFILE) is VIEWER
    ticks.now = 10.5
    assert cache.get(PROFILE) is None


def test_changed_telegram_profile_is_a_miss() -> None:
    cache = ViewerCache(ttl=10, monotonic=Ticks())
    cache.put(PROFILE, VIEWER)
    renamed = TelegramProfile(tg_id=5, first_name="Анна", language_code="be")
    assert cache.get(renamed) is None


def test_invalidate_and_disabled_cache() -> None:
    cache = ViewerCache(ttl=10, monotonic=Ticks())
    cache.put(PROFILE, VIEWER)
    cache.invalidate()
    assert cache.get(PROFILE) is None
    off = ViewerCache(ttl=0)
    off.put(PROFILE, VIEWER)
    assert off.get(PROFILE) is None
