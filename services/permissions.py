"""Who may do what, and where: one table of role × action → scope. Anything not in the table
is denied.

A scope is where a membership reaches: `OWN` is its own organisation only, `SUBTREE` is its
organisation and everything below it in the tree (a region admin acts on its districts and
schools). Every entry point (chat, CLI, scheduler) asks `can` or `require`, once, here.
"""

from __future__ import annotations

import enum
from collections.abc import Collection

from db.models import Role
from services.errors import AccessDenied
from services.users import MembershipView, Viewer


class Action(enum.StrEnum):
    IMPORT_PLAN = "import_plan"
    VIEW_PLANS = "view_plans"
    MANAGE_ORGS = "manage_orgs"
    INVITE_ADMIN = "invite_admin"
    INVITE_HEAD = "invite_head"
    INVITE_TEACHER = "invite_teacher"
    INVITE_OBSERVER = "invite_observer"
    VIEW_MEMBERS = "view_members"
    REMOVE_ADMIN = "remove_admin"
    REMOVE_HEAD = "remove_head"
    REMOVE_TEACHER = "remove_teacher"
    REMOVE_OBSERVER = "remove_observer"
    ASSIGN_TO_ORGS = "assign_to_orgs"
    ASSIGN_TO_TEACHERS = "assign_to_teachers"
    VIEW_TASKS = "view_tasks"
    REPORT = "report"
    REVIEW = "review"
    VIEW_PROGRESS = "view_progress"
    BROADCAST = "broadcast"
    VIEW_AUDIT = "view_audit"
    REMIND = "remind"  # «📣 Напомнить»: remind those who have not reported a due date


class Scope(enum.StrEnum):
    OWN = "own"
    SUBTREE = "subtree"


INVITE_ACTION = {
    Role.ADMIN: Action.INVITE_ADMIN,
    Role.HEAD: Action.INVITE_HEAD,
    Role.TEACHER: Action.INVITE_TEACHER,
    Role.OBSERVER: Action.INVITE_OBSERVER,
}
REMOVE_ACTION = {
    Role.ADMIN: Action.REMOVE_ADMIN,
    Role.HEAD: Action.REMOVE_HEAD,
    Role.TEACHER: Action.REMOVE_TEACHER,
    Role.OBSERVER: Action.REMOVE_OBSERVER,
}

PERMISSIONS: dict[Role, dict[Action, Scope]] = {
    # A region or district admin runs everything in their part of the tree.
    Role.ADMIN: {action: Scope.SUBTREE for action in Action},
    # A centre head runs their own organisation and its teachers.
    Role.HEAD: {
        # Their organisation's own work plan; its items become the organisation's tasks.
        Action.IMPORT_PLAN: Scope.OWN,
        Action.VIEW_PLANS: Scope.OWN,
        Action.INVITE_TEACHER: Scope.OWN,
        Action.VIEW_MEMBERS: Scope.OWN,
        Action.REMOVE_TEACHER: Scope.OWN,
        Action.ASSIGN_TO_TEACHERS: Scope.OWN,
        Action.VIEW_TASKS: Scope.OWN,
        Action.REPORT: Scope.OWN,
        Action.REVIEW: Scope.OWN,
        Action.VIEW_PROGRESS: Scope.OWN,
        Action.BROADCAST: Scope.OWN,
        Action.REMIND: Scope.OWN,
    },
    Role.TEACHER: {
        Action.VIEW_PLANS: Scope.OWN,
        Action.VIEW_TASKS: Scope.OWN,
        Action.REPORT: Scope.OWN,
    },
    # An observer reads the progress of a district or region and changes nothing.
    Role.OBSERVER: {
        Action.VIEW_PLANS: Scope.SUBTREE,
        Action.VIEW_TASKS: Scope.SUBTREE,
        Action.VIEW_PROGRESS: Scope.SUBTREE,
    },
}


def can(viewer: Viewer | None, action: Action, org_id: int, ancestors: Collection[int]) -> bool:
    """May the viewer do `action` on organisation `org_id`, whose ancestors (parent first) are given?"""
    if viewer is None:
        return False
    for membership in viewer.memberships:
        scope = PERMISSIONS.get(membership.role, {}).get(action)
        if scope is None:
            continue
        if membership.org_id == org_id:
            return True
        if scope is Scope.SUBTREE and membership.org_id in ancestors:
            return True
    return False


def require(viewer: Viewer | None, action: Action, org_id: int, ancestors: Collection[int]) -> None:
    if not can(viewer, action, org_id, ancestors):
        raise AccessDenied(f"{action} on organisation {org_id}")


def acting_membership(viewer: Viewer, action: Action) -> MembershipView:
    """The membership a viewer does `action` through, on its own organisation: the active one
    if its role may, else the first that may (a head here and a teacher there imports as head)."""
    for membership in (viewer.active, *viewer.memberships):
        if membership is not None and action in PERMISSIONS.get(membership.role, {}):
            return membership
    raise AccessDenied(str(action))


def roles_viewer_may_invite(viewer: Viewer, org_id: int, ancestors: Collection[int]) -> list[Role]:
    return [role for role, action in INVITE_ACTION.items() if can(viewer, action, org_id, ancestors)]
