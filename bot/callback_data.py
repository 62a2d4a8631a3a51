"""The callback data of every inline button, in one place: handlers route on it, and the
messages the bot sends on its own (digests, broadcast progress, review requests) carry it.

aiogram packs only the values ("rp:new:5:0:"), so the names cost no bytes; each packed button
fits Telegram's 64 bytes (`tests/unit/test_callback_data.py` checks every class). An action's
value is what is packed: changing one strands the buttons already sent, so values stay short
and stable. Callback data is user input: every handler has the service check the object again.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from services.permissions import Role

# ---- browsing plans ------------------------------------------------------------------------


class BrowseAction(StrEnum):
    PLANS = "plans"
    PLAN = "plan"
    SECTION = "sec"
    ITEM = "item"
    MISSING = "miss"  # who has not reported
    STATUSES = "orgs"  # every assignee with its status
    TEXT_ONLY = "txt"  # an admin switches "no photo needed"
    NUDGE = "nudge"  # «📣 Напомнить» those who have not reported
    SEARCH = "find"


class BrowseButton(CallbackData, prefix="br"):
    action: BrowseAction
    plan_id: int = 0
    section_id: int = 0
    item_id: int = 0
    due_index: int = 0  # the due date shown on the card, 1-based (0: the default one)
    page: int = 0


# ---- the report flow -----------------------------------------------------------------------


class ReportAction(StrEnum):
    NEW = "new"
    AMEND = "amend"
    PICK = "pick"  # a task chosen from /report or for quick-path photos
    FILES_DONE = "done"
    SKIP = "skip"
    TODAY = "today"
    YESTERDAY = "yday"
    OTHER_DATE = "other"
    EDIT = "edit"
    FIELD = "field"
    BACK = "back"
    SUBMIT = "submit"
    CLEAR_FILES = "clear"
    CANCEL = "cancel"


class ReportField(StrEnum):
    NONE = ""
    FILES = "files"
    DATE = "date"
    PARTICIPANTS = "participants"
    TEXT = "text"
    LINK = "link"


class ReportButton(CallbackData, prefix="rp"):
    action: ReportAction
    item_id: int = 0
    report_id: int = 0
    field: ReportField = ReportField.NONE


# ---- review --------------------------------------------------------------------------------


class ReviewAction(StrEnum):
    QUEUE = "queue"
    OPEN = "open"
    FILES = "files"
    APPROVE = "ok"
    RETURN = "back"


class ReviewButton(CallbackData, prefix="rv"):
    action: ReviewAction
    report_id: int = 0
    page: int = 0


# ---- settings ------------------------------------------------------------------------------


class SettingsAction(StrEnum):
    HOME = "home"
    LANGUAGES = "langs"
    SET_LANGUAGE = "lang"
    TIMEZONES = "tzs"
    SET_TIMEZONE = "tz"
    TIMES = "times"
    SET_TIME = "time"
    QUIET_CHOICES = "quiets"
    SET_QUIET = "quiet"
    DAILY = "daily"
    MONTHLY = "monthly"  # an admin's monthly report on or off
    PLANS = "plans"
    MUTE = "mute"
    RULES = "rules"
    CYCLE_RULE = "rule"
    RESET_RULES = "reset"


class SettingsButton(CallbackData, prefix="st"):
    action: SettingsAction
    value: str = ""  # a language, a zone, "0900", "2200-0700", a rule name
    plan_id: int = 0
    page: int = 0


# ---- broadcasts ----------------------------------------------------------------------------


class BroadcastAction(StrEnum):
    AUDIENCES = "aud"
    ROLES = "role"
    KINDS = "kind"
    DISTRICTS = "dist"
    ORGS = "orgs"
    TOGGLE_ORG = "tog"
    PLANS = "plan"  # the plans to choose from, for the audience in `choice`
    ITEMS = "item"  # the items of a plan, to choose who has not reported one
    PICK = "pick"  # an audience chosen: the preview with its recipient count
    SEND = "send"
    LATER = "later"
    DROP = "drop"
    STOP = "stop"
    LIST = "list"
    SHOW = "show"
    FAILURES_CSV = "csv"


class AudienceChoice(StrEnum):
    NONE = ""
    ALL = "all"
    ROLE = "role"  # target: the role's name
    ORG_KIND = "kind"  # target: the kind's code
    DISTRICT = "dist"  # target_id: the organisation
    CHOSEN_ORGS = "orgs"  # the organisations toggled on so far (kept in the conversation)
    OVERDUE = "ovd"  # target_id: the plan
    NOT_REPORTED = "item"  # target_id: the item


class BroadcastButton(CallbackData, prefix="bc"):
    action: BroadcastAction
    choice: AudienceChoice = AudienceChoice.NONE
    target: str = ""
    target_id: int = 0
    broadcast_id: int = 0
    page: int = 0


# ---- people, invitations, the organisation tree --------------------------------------------


class PeopleAction(StrEnum):
    ORGS = "orgs"
    ARCHIVED = "arch"
    ORG = "org"
    MEMBERS = "mem"
    MEMBER = "who"
    SET_ROLE = "role"
    REMOVE = "rm"
    REMOVE_CONFIRMED = "rmy"
    INVITE = "inv"
    INVITE_ROLE = "invr"
    INVITE_USES = "invu"
    INVITES = "invl"
    REVOKE = "rev"


class PeopleButton(CallbackData, prefix="p"):
    action: PeopleAction
    org_id: int = 0
    page: int = 0
    role: Role | None = None
    number: int = 0  # a membership, an invite, or how many uses


class OrgAction(StrEnum):
    ADD = "add"
    RENAME = "ren"
    KIND = "kind"
    MOVE = "mv"
    MOVE_TO = "mvto"
    ARCHIVE = "arc"
    ARCHIVE_CONFIRMED = "arcy"
    AUDIT = "log"


class OrgButton(CallbackData, prefix="o"):
    action: OrgAction
    org_id: int = 0
    target_id: int = 0  # the new parent
    kind: str = ""  # a kind code
    page: int = 0


# ---- assigning items -----------------------------------------------------------------------


class AssignAction(StrEnum):
    SECTIONS = "secs"
    ACCEPT = "acc"
    ITEMS = "items"
    ITEM = "item"
    DUE_DATE = "date"
    TOGGLE = "tog"


class AssignButton(CallbackData, prefix="as"):
    action: AssignAction
    plan_id: int = 0
    section_id: int = 0
    item_id: int = 0
    org_id: int = 0
    page: int = 0


class TeacherAction(StrEnum):
    ITEMS = "list"
    ITEM = "item"
    TOGGLE = "tog"


class TeacherButton(CallbackData, prefix="tk"):
    action: TeacherAction
    org_id: int = 0
    item_id: int = 0
    teacher_id: int = 0
    page: int = 0


# ---- importing a plan, switching roles -----------------------------------------------------


class ImportChoice(StrEnum):
    SAVE = "save"
    WARNINGS = "warn"
    CANCEL = "cancel"
    TITLE = "title"
    PERIOD = "period"


class ImportButton(CallbackData, prefix="imp"):
    action: ImportChoice
    token: str  # the first 16 hex digits of the file's sha256


class ProgressAction(StrEnum):
    PLANS = "plans"
    PLAN = "plan"
    SECTIONS = "sec"
    DISTRICTS = "dist"
    ORGS = "orgs"
    EXPORT = "xlsx"
    AUDIT = "audit"
    CHARTS = "chart"
    DOCX = "docx"
    ZIP = "zip"


class ProgressButton(CallbackData, prefix="pg"):
    action: ProgressAction
    plan_id: int = 0
    page: int = 0


class SwitchRoleButton(CallbackData, prefix="sw"):
    membership_id: int  # the service checks it is the user's own


EVERY_BUTTON: tuple[type[CallbackData], ...] = (
    AssignButton,
    BroadcastButton,
    BrowseButton,
    ImportButton,
    OrgButton,
    PeopleButton,
    ProgressButton,
    ReportButton,
    ReviewButton,
    SettingsButton,
    SwitchRoleButton,
    TeacherButton,
)
