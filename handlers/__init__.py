"""Feature routers, in the order they get a chance at an update; the fallback is last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import (
        assign,
        broadcast,
        browse,
        common,
        errors,
        fallback,
        orgs,
        people,
        plan_import,
        report,
        review,
        settings,
        tasks,
    )

    return [
        errors.router,
        common.router,
        # Before the plan import: a document sent during a report is evidence, not a plan.
        report.router,
        review.router,
        broadcast.router,
        settings.router,
        plan_import.router,
        browse.router,
        assign.router,
        people.router,
        orgs.router,
        tasks.router,
        fallback.router,
    ]
