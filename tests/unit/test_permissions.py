"""Every role × every action × organisations in and out of scope: the whole matrix, by hand."""

from __future__ import annotations

import pytest

from db.models import Role
from services.permissions import PERMISSIONS, Action, can
from services.users import MembershipView, Viewer

# region(1) -> district(2) -> school(3); district(2) -> school(4); region(1) -> district(5)
PARENTS = {1: None, 2: 1, 3: 2, 4: 2, 5: 1}


def ancestors(org_id: int) -> list[int]:
    chain, parent = [], PARENTS[org_id]
    while parent is not None:
        chain.append(parent)
        parent = PARENTS[parent]
    return chain


def viewer_of(role: Role, org_id: int) -> Viewer:
    return Viewer(1, 100, "T", None, "ru", None, (MembershipView(org_id, "org", role),))


HEAD_ACTIONS = {
    Action.IMPORT_PLAN,  # their organisation's own work plan
    Action.VIEW_PLANS,
    Action.INVITE_TEACHER,
    Action.VIEW_MEMBERS,
    Action.REMOVE_TEACHER,
    Action.ASSIGN_TO_TEACHERS,
    Action.VIEW_TASKS,
    Action.REPORT,
    Action.REVIEW,
    Action.VIEW_PROGRESS,
    Action.BROADCAST,
    Action.REMIND,  # those of their organisation who have not reported
}
TEACHER_ACTIONS = {Action.VIEW_PLANS, Action.VIEW_TASKS, Action.REPORT}
OBSERVER_ACTIONS = {Action.VIEW_PLANS, Action.VIEW_TASKS, Action.VIEW_PROGRESS}

# Where each role sits in the tree, and which organisations it reaches with a subtree scope.
SEATS = {Role.ADMIN: 2, Role.HEAD: 3, Role.TEACHER: 3, Role.OBSERVER: 2}
SUBTREE_OF_2 = {2, 3, 4}


def expected(role: Role, action: Action, org_id: int) -> bool:
    if role is Role.ADMIN:
        return org_id in SUBTREE_OF_2
    if role is Role.OBSERVER:
        return action in OBSERVER_ACTIONS and org_id in SUBTREE_OF_2
    allowed = HEAD_ACTIONS if role is Role.HEAD else TEACHER_ACTIONS
    return action in allowed and org_id == 3


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("org_id", sorted(PARENTS))
def test_matrix(role: Role, action: Action, org_id: int) -> None:
    viewer = viewer_of(role, SEATS[role])
    assert can(viewer, action, org_id, ancestors(org_id)) is expected(role, action, org_id)


def test_strangers_and_unknown_actions_are_denied() -> None:
    assert not can(None, Action.VIEW_PLANS, 1, [])
    nobody = Viewer(1, 100, "T", None, "ru", None, ())
    assert not any(can(nobody, action, 3, ancestors(3)) for action in Action)


def test_every_role_is_in_the_table() -> None:
    assert set(PERMISSIONS) == set(Role)


def test_several_memberships_add_up() -> None:
    viewer = Viewer(
        1,
        100,
        "T",
        None,
        "ru",
        None,
        (MembershipView(3, "school", Role.TEACHER), MembershipView(4, "other", Role.HEAD)),
    )
    assert can(viewer, Action.REVIEW, 4, ancestors(4))
    assert not can(viewer, Action.REVIEW, 3, ancestors(3))
