"""Feature routers, in the order they get a chance at an update; the fallback is last."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from handlers import assign, common, errors, fallback, orgs, people, plan_import, plans, tasks

    return [
        errors.router,
        common.router,
        plan_import.router,
        plans.router,
        assign.router,
        people.router,
        orgs.router,
        tasks.router,
        fallback.router,
    ]
