"""Feature routers, in the order they get a chance at an update; the fallback is last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    # Imported here, not at the top: `import handlers.x` (a test, a view) need not load them all.
    from handlers import (
        assign,
        broadcast,
        broadcasts_past,
        browse,
        common,
        errors,
        fallback,
        invites,
        item_card,
        orgs,
        people,
        plan_import,
        progress,
        progress_files,
        report,
        report_quick,
        review,
        settings,
        tasks,
    )

    # The report flow comes before the plan import: a document sent during a report is evidence.
    feature_order = (common, report, report_quick, review, broadcast, broadcasts_past, settings, plan_import)
    # progress_files before progress: progress ends with the catch-all for its buttons.
    browsing = (browse, item_card, assign, people, invites, orgs, progress_files, progress, tasks)
    routers = [errors.router, *(module.router for module in (*feature_order, *browsing)), fallback.router]
    return [own_copy(router) for router in routers]


def own_copy(router: Router) -> Router:
    """The same handlers, filters and middlewares on a router of its own.

    A dispatcher adopts the routers it includes, and each feature's router is made once, at
    import; every dispatcher (a restart, two instances in one test process) gets copies."""
    copy = Router(name=router.name)
    for name, source in router.observers.items():
        target = copy.observers[name]
        target.handlers.extend(source.handlers)
        target._handler.filters = list(source._handler.filters or [])  # the router's own .filter(...)
        for middleware in source.middleware:
            target.middleware.register(middleware)
        for middleware in source.outer_middleware:
            target.outer_middleware.register(middleware)
    for sub_router in router.sub_routers:
        copy.include_router(own_copy(sub_router))
    return copy
