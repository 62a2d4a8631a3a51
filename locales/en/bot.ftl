## Common texts.

role-admin = region administrator
role-head = head of organisation
role-teacher = teacher
role-observer = observer

start-greeting = Hello, { $name }!
start-member = You are { $role }, { $org }.
start-stranger =
    This bot helps education departments and institutions carry out their annual work plans: tasks, deadlines, reports with photos.

    You are not connected to any organisation yet. Ask the methodist of your education department or the head of your centre for an invite link and open it: the bot will show your tasks right away.

menu-title = Main menu
menu-admin-hint = Import a work plan, assign its items to organisations and follow their execution.
menu-head-hint = Your organisation's tasks and deadlines, teachers' reports to review.
menu-teacher-hint = Open your tasks and report an event — or just send a photo and the bot will ask which task it is for.
menu-observer-hint = Plans and how each organisation is doing.

btn-import-plan = 📥 Import plan
btn-plans = 📋 Plans
btn-help = ❓ Help
btn-cancel = ✖️ Cancel

help-text =
    <b>Commands</b>
    /menu — main menu
    /plans — plans: sections, items, deadlines, search
    /import — upload a work plan (administrators)
    /people — people, invites, organisations
    /tasks — my tasks: overdue, this week, later, done
    /report — report an event (or just send photos, albums too)
    /review — reports to review
    /broadcast — send an announcement; /broadcasts — my broadcasts
    /settings — language, time zone, alert time, quiet hours
    /switch — switch role
    /cancel — stop the current action
    /help — this help

    If a button does not respond, send /menu.

cancel-done = Cancelled. Nothing was saved.
cancel-nothing = There is nothing to cancel.

fallback-unknown = I did not understand that. Open /menu or send /help.
fallback-stranger = Join an organisation with an invite link first. See /start.

flood-slow-down = Too many messages in a row. Please wait a few seconds.

error-generic-domain = The action could not be completed.
error-access-denied = This action is not available to you.
error-not-found = Not found: it may have been deleted.
error-unexpected = Something went wrong. Nothing was lost: please try again a bit later.

cmd-start = Get started
cmd-menu = Main menu
cmd-help = Help
cmd-cancel = Cancel the current action
cmd-plans = Work plans
cmd-import = Import a plan

## Plan import
import-send-file = Send the work plan file as a document: TXT, DOCX, XLSX, CSV or PDF, up to 20 MB. To stop, send /cancel.
import-need-file = I need the plan file (TXT, DOCX, XLSX, CSV or PDF) sent as a document. To stop, send /cancel.

import-not-supported = This file does not look like a plan: TXT, MD, DOCX, XLSX, CSV and PDF are supported.
import-too-big = The file is larger than { $limit } MB, and Telegram does not give such files to bots. Save the plan without pictures or split it.
import-reading = Reading the plan…
import-preview-title = 📄 <b>{ $title }</b>
import-preview-no-title = 📄 <b>Untitled plan</b> (file { $file })
import-preview-period = Period: { $start } – { $end }
import-preview-no-period = Period: not found in the title
import-preview-counts = Sections: { $sections }, items: { $items }
import-preview-kinds = Deadlines: by a date or within a period — { $window }, recurring — { $recurring }, whole period — { $ongoing }, none — { $unspecified }
import-preview-warnings = ⚠️ Warnings: { $count }. Look at them before saving.
import-preview-new = This is a new plan.
import-preview-update = This is a new version of a plan already imported: { $added } added, { $removed } removed, { $changed } changed. Reports and assignments of unchanged items are kept.
import-preview-same = This is the plan already imported: nothing changed.
import-preview-confirm = Save it?
btn-import-save = ✅ Save
btn-import-warnings = ⚠️ Warnings ({ $count })
btn-import-cancel = ✖️ Cancel
btn-import-title = ✏️ Title
btn-import-period = ✏️ Period
import-own-plan-note = This will be your organisation's own plan: all its items become its tasks at once, and you can give them to teachers.
import-preview-own = The items will be assigned to your organisation at once: { $org }.
import-saved-own = The items are assigned to «{ $org }» — see /tasks; give them to teachers in /plans.
import-edit-title-ask = Send the plan's title in one message. To stop, send /cancel.
import-edit-title-bad = The title must be { $min } to { $max } characters long. Send it again, or /cancel.
import-edit-period-ask = Send the plan's period: a school year «2024/2025», a year «2026», years «2025-2026» or dates «01.09.2024 – 31.08.2025». Deadlines without a year will be read in it. To stop, send /cancel.
import-edit-period-bad = I could not read that period. Examples: «2024/2025», «2026», «2025-2026», «01.09.2024 – 31.08.2025». Send it again, or /cancel.
import-edit-need-text = I need text in one message. To stop, send /cancel.
import-saved = ✅ Plan saved: { $sections } sections, { $items } items. Open /plans.
import-updated = ✅ Plan updated: { $added } added, { $removed } removed, { $changed } changed.
import-cancelled = Import cancelled, nothing was saved.
import-stale = This import is no longer current. Send the file again.
import-warnings-title = <b>Warnings</b>
import-warnings-none = No warnings.
import-changes-title = <b>Changes</b>
import-change-added = ➕ { $item }
import-change-removed = ➖ { $item }
import-change-changed = ✏️ { $item }
import-failed = ❌ Could not read the plan: { $reason }
import-try-again = Fix the file and send it again, or /cancel.

import-error-too-big = the file is larger than { $limit_mb } MB
import-error-empty = the file is empty
import-error-unknown-format = the file type «{ $extension }» is not supported; send TXT, MD, DOCX, XLSX, CSV or PDF
import-error-not-text = this is not a text file
import-error-encrypted = the file is password-protected or in the old .doc/.xls format; save it as DOCX or XLSX without a password
import-error-corrupt = the file is damaged and does not open as { $format }
import-error-archive-too-big = the file expands to more than { $limit_mb } MB or { $limit_entries } parts; it is not a normal document
import-error-too-many-rows = the table has more than { $limit } rows
import-error-no-table = no plan table found: a header with columns such as «№», «Мероприятие», «Срок», «Ответственные» is needed
import-error-no-items = the plan table has no numbered items
import-error-too-slow = reading the file takes longer than { $seconds } s; it is too large or damaged
import-error-too-many-pages = the PDF has more than { $limit } pages
import-error-pdf-encrypted = the PDF is password-protected; save it without a password
import-error-pdf-scanned = the PDF has no text layer (a scan); send the original document or a PDF saved from it

import-warning-duplicate-number = item { $number } appears { $count } times ({ $places })
import-warning-numbering-gap = numbering jumps from { $previous } to { $number }
import-warning-deadline-unreadable = item { $number }: no date could be read from «{ $text }»
import-warning-deadline-elsewhere = item { $number }: the date is set elsewhere («{ $text }»); set it by hand
import-warning-deadline-missing = item { $number } has no deadline
import-warning-deadline-impossible = item { $number }: «{ $text }» names a day the calendar does not have; set the date by hand
import-warning-cell-cut = item { $number }: a cell of { $length } characters was cut to fit a screen
import-warning-no-title-item = a row numbered { $number } has no event text and was skipped
import-warning-orphan-continuation = text before the first item was ignored: «{ $text }»
import-warning-period-from-deadlines = the title names no period; taken from the deadlines: { $period }
import-warning-period-from-year = the title names no period; the given year { $year } is used
import-warning-period-unknown = the plan period is unknown: dates without a year cannot be resolved
import-warning-title-missing = no plan title found above the table
import-warning-responsible-missing = item { $number } names no one responsible
import-warning-row-ignored = a row that is no item was ignored: «{ $text }»
ref-line = line
ref-row = row
ref-table = table
ref-sheet = sheet
ref-paragraph = paragraph

plans-title = <b>Imported plans</b>
plans-line = { $n }. { $title } — { $period }, items: { $items }
period-unknown = no period

btn-people = 👥 People
btn-back = ‹ Back
btn-members = 👤 Members
btn-invite = ➕ Invite
btn-invites = 🔗 Open invites
btn-remove-member = ✖ { $name }
btn-confirm-remove = Yes, remove
btn-revoke = Revoke: { $role }, { $uses }
btn-uses-one = One person
btn-uses-many = Up to { $n } people
people-title = <b>Organisations</b>: choose one to see its people and invite new ones.
people-none = No organisations yet. Load the list with python -m bot import-orgs FILE.
org-archived-note = 🗄 This organisation is archived: its members can do nothing in the bot; they can be removed.
btn-archived-orgs = 🗄 Archive ({ $count })
people-archived-title = <b>🗄 Archived organisations</b>
    Choose one to see or remove its members.
org-card = <b>{ $name }</b>
    { $kind }
    Members: { $members }
members-title = <b>Members of { $org }</b>
members-line = { $role }: { $name }
members-none = Nobody here yet. Invite people with the button below.
member-remove-confirm = Remove { $name } ({ $role }) from «{ $org }»? They lose access to the organisation's tasks.
member-removed = { $name } was removed from «{ $org }».
invite-choose-role = Whom do you invite to «{ $org }»?
invite-choose-uses = How many people may join with this link?
invite-created = Invitation to «{ $org }» ({ $role }).
    Link: { $link }
    Valid until { $until }, joins: { $uses }. Forward it or show the QR code.
invite-qr-caption = QR code of the invitation to «{ $org }» ({ $role })
invites-title = <b>Open invites of { $org }</b>
invites-none = No open invites.
invites-line = { $role }: used { $used } of { $max }, until { $until }
invite-revoked = Invite revoked: the link no longer works.
invite-joined = ✅ You joined «{ $org }» as { $role }.
invite-already = You are already in «{ $org }» as { $role }.
invite-joined-notify = { $name } joined «{ $org }» as { $role } with your invitation.
invite-joined-summary = { $count ->
        [one] { $count } more person
       *[other] { $count } more people
    } joined «{ $org }» with your link.
invite-error-unknown = This invite link was not found. Check it or ask for a new one.
invite-error-expired = This invitation has expired. Ask for a new link.
invite-error-revoked = This invitation was revoked. Ask for a new link.
invite-error-used = This link has been used as many times as allowed. Ask for a new one.
role-admin-acc = administrator
role-head-acc = head
role-teacher-acc = teacher
role-observer-acc = observer
cmd-people = People and invites

btn-assign = 🎯 Assignees by section
btn-accept-section = ✅ Accept suggestions: { $section }
btn-edit-section = ✏️ Item by item: { $section }
assign-title = <b>Assignees of { $title }</b>
    The bot suggests organisations from the «Responsible» text. Accept a whole section or adjust item by item.
assign-section-line = { $section }: { $items } items, { $suggested } organisations suggested, { $assigned } items assigned
assign-accepted = Assigned: { $count }.
assign-items-title = <b>{ $section }</b>: choose an item
assign-item = <b>{ $number } { $title }</b>
    Responsible: { $responsible }
    Due: { $dates }
    Assigned to: { $assigned }
assign-item-hint = ✅ assigned, ➕ assign. Suggested organisations come first.
assign-none = nobody
assign-no-dates = no date: an admin sets it
section-untitled = No section

btn-tasks = 📋 Tasks
cmd-tasks = Tasks of my organisation
tasks-title = <b>Tasks of { $org }</b>
tasks-line = • { $number } { $title } — { $due }
tasks-no-date = date to be set
tasks-none = No plan items have been assigned to your organisation yet.

btn-org-add = ➕ Sub-organisation
btn-org-rename = ✏️ Rename
btn-org-move = ↪️ Move
btn-org-archive = 🗄 Archive
btn-confirm-archive = Yes, archive
btn-audit = 📜 Log
org-ask-name = Write the name of the new organisation (inside «{ $parent }»). /cancel to stop.
org-ask-rename = Write the new name for «{ $name }». /cancel to stop.
org-ask-kind = What kind is «{ $name }»?
org-added = Added: «{ $name }».
org-renamed = Renamed: «{ $name }».
org-choose-parent = Where does «{ $name }» move?
org-moved = «{ $name }» moved.
org-archive-confirm = Archive «{ $name }»? It leaves the lists and its people lose access to it; its history stays.
org-archived = «{ $name }» archived.
org-error-name = A name is 2 to 300 characters long.
org-error-move = An organisation cannot move inside itself.
org-need-text = I need the name as text. /cancel to stop.
audit-title = <b>Activity log</b>
audit-line = { $at } — { $actor }: { $action }
audit-none = No entries yet.
audit-invite-create = created an invite
audit-invite-revoke = revoked an invite
audit-member-join = joined by invite
audit-member-remove = removed a member
audit-member-role = changed a member's role
audit-org-add = added an organisation
audit-org-rename = renamed an organisation
audit-org-move = moved an organisation
audit-org-archive = archived an organisation
btn-switch = 🔄 Switch role
cmd-switch = Switch organisation or role
switch-title = Choose whom you act for:
switch-line = { $role } — { $org }
switch-single = You hold one role: there is nothing to switch to.
switch-done = You are now { $role }, { $org }.
btn-member-role = Make { $role }
member-card = <b>{ $name }</b> — { $role }, «{ $org }»
member-role-changed = Role changed: { $name } is { $role }.
btn-give-teachers = 👤 Give to teachers
tasks-mine = 👤
teachers-choose-item = Which item do you give to teachers?
teachers-choose = <b>{ $number } { $title }</b>
    Tick the teachers who do this item:
teachers-none = No teachers here yet. Invite them: 👥 People → ➕ Invite.
btn-set-date = 📅 Set a due date
assign-ask-date = Write the due date of item { $number }: a date (15.05.2026) or a month (May 2026). /cancel to stop.
assign-date-set = Due date { $date } added to item { $number }.
assign-date-bad = I did not understand the date. Write, for example, 15.05.2026 or «May 2026». /cancel to stop.

## Browsing plans
plans-none-visible = Plans with tasks for your organisation will appear here. There are none yet.
plan-sections = <b>{ $title }</b>
    { $period } · sections: { $sections }
    Choose a section, or find an item by words or number.
section-items = <b>{ $section }</b>
    Items: { $items }
btn-search = 🔎 Search
search-ask = Send words from the item's title or its number (e.g. 2.3). To cancel — /cancel.
search-nothing = Nothing found. Try other words, or /cancel.
search-found = Items found: { $count } ("{ $query }")
item-deadline = 📅 Deadline: { $text } — <b>{ $date }</b>, { $left }
item-deadline-none = 📅 Deadline: { $text } — no date set
item-due-dates = Due date { $shown } of { $count }
item-responsible = 👤 Responsible: { $text }
item-text-only = 📝 Reports without photos are accepted
item-assigned = 🏫 Assignees: { $count }
item-own-status = 🏫 { $org }: { $status }
item-review-comment = 💬 Reviewer's note: { $comment }
item-history = <b>History</b>
btn-report = 📝 Report
btn-missing = 🙋 Who hasn't reported
btn-item-assignees = 🎯 Assignees
btn-text-only-on = 📝 Allow without photos
btn-text-only-off = 📷 Require photos
missing-title = <b>Not reported</b> for item { $item } (due { $date }): { $count }
missing-none = Everyone has reported.
btn-nudge = 📣 Remind
nudge-sent = 📣 Reminder sent: { $people } people in { $orgs } organisations.
nudge-partly-before = { $people } more were reminded today already — again tomorrow.
nudge-already = Everyone here was reminded of this due date today ({ $people }). You can remind again tomorrow.
nudge-nobody = Nobody to remind: those who have not reported have no one connected to the bot.
digest-nudge-title = 📣 <b>Reminder</b> from { $by } ({ $org }): report due
due-in = in { $days } { $days ->
    [one] day
   *[other] days
}
due-today = today
due-overdue = { $days } { $days ->
    [one] day
   *[other] days
} overdue
status-not_started = not started
status-reported = awaiting review
status-approved = approved
status-returned = returned for changes
status-overdue = overdue

## My tasks
tasks-group-overdue = 🔴 Overdue: { $count }
tasks-group-week = 🟡 This week: { $count }
tasks-group-later = ⚪ Later: { $count }
tasks-group-done = ✅ Done: { $count }
tasks-teachers = Teachers

## Report
cmd-report = Report an event
btn-skip = Skip ›
btn-files-done = ✅ Done ({ $count })
btn-files-clear = 🗑 Remove all files
btn-today = Today
btn-yesterday = Yesterday
btn-other-date = 📅 Another date
btn-submit = 📤 Submit report
btn-edit = ✏️ Edit
report-choose-task = Which task are you reporting on?
report-nothing-open = No task is waiting for a report right now.
report-ask-files = <b>Report: { $number } { $title }</b> (due { $date })
    Send photos of the event — one by one or as an album; documents are welcome too. Then press "Done".
report-text-only-hint = This item may be reported without photos: just press "Done".
report-files-added = Files added: { $added }. In the report: { $total }. More photos — or "Done".
report-files-expected = Waiting for a photo or a document. When you have sent everything, press "Done". To cancel — /cancel.
report-ask-date = When did the event take place?
report-ask-date-typed = Send the date as DD.MM.YYYY, e.g. 15.03.2026.
report-ask-participants = How many participants? Send a number or press "Skip".
report-ask-text = Describe the event briefly (up to 1000 characters) or press "Skip".
report-ask-link = A link to the news post (https://…) — or "Skip".
report-edit-which = What would you like to change?
report-summary-title = <b>Report: { $number } { $title }</b>
report-summary-org = 🏫 { $org }
report-summary-due = 📅 Due: { $date }
report-summary-date = 🗓 Event date: { $date }
report-summary-participants = 👥 Participants: { $count }
report-summary-text = 📝 { $text }
report-summary-link = 🔗 { $link }
report-summary-files = 📎 Photos: { $photos }, documents: { $documents }
report-submitted = 📤 The report was sent for review. I'll tell you when it has been looked at.
report-cancelled = Report cancelled. Nothing was sent.
report-step-over = That step is over. Open the task again: /tasks.
report-use-buttons = Answer the question above or use the buttons. To cancel — /cancel.
report-which-task = Files received: { $count }. Which task are they for?
report-no-due-date = This item has no due date yet — you can report once an admin sets one.
report-already = Your organisation has already reported for this due date.
report-not-assigned = This item is not assigned to your organisation.
report-too-many-files = A report holds at most { $max } files.
report-photo-required = At least one photo of the event is needed.
report-bad-date = I couldn't read the date. Send it as DD.MM.YYYY: not after today and not more than a year ago.
report-bad-participants = Send the number of participants in digits, e.g. 25.
report-bad-link = That doesn't look like a link. Send an address starting with https://, or press "Skip".
report-text-too-long = Too long: { $length } characters, the limit is { $max }.
evidence-too-big = The file is larger than 20 MB, which the bot cannot accept. Compress it or send another.
evidence-not-image = This file doesn't open as an image. Please send a real photo.
evidence-too-many-pixels = The image is too large (over 50 megapixels). Please send a smaller copy.
field-files = 📎 Files
field-date = 🗓 Date
field-participants = 👥 Participants
field-text = 📝 Description
field-link = 🔗 Link
field-event_date = date
history-line = { $when } · { $who }: { $action }
history-submitted = submitted the report
history-amended = amended the report
history-approved = approved
history-returned = returned for changes

## Review
cmd-review = Reports to review
btn-review = ✅ Review
btn-approve = ✅ Approve
btn-return = ↩️ Return
btn-show-files = 🖼 Files ({ $count })
btn-open-report = Open report
btn-amend = ✏️ Amend the report
review-title = <b>Reports to review</b>: { $count }
review-empty = No reports are waiting for review.
review-author = 👤 { $name }, version { $version }
review-reused = ⚠️ { $count ->
    [one] One photo was
   *[other] { $count } photos were
} already used in other reports: { $reports }
review-ask-comment = Write what needs to be fixed — the teacher will see this note.
review-comment-required = A report can't be returned without a note: write what to fix.
review-approved = Report approved.
review-returned = Report returned with your note.
review-not-waiting = This report is no longer waiting for a decision.
review-new = 📥 New report to review: { $number } { $title }
    { $org } · { $author }
review-approved-note = ✅ Your report on { $number } { $title } was approved.
review-returned-note = ↩️ Your report on { $number } { $title } was returned for changes.
    💬 { $comment }
plan-assigned = Items: { $items }, assigned: { $assigned }
btn-statuses = 🏫 All assignees
statuses-title = <b>Assignees</b> of item { $item } (due { $date }): { $count }

## Alerts
digest-title = 🔔 <b>Plan deadlines</b>
digest-escalate-head = ⚠️ { $org }: { $number } { $title } — { $when }
digest-escalate-admin = 🚨 { $org }: { $number } { $title } — { $when }
# One alert in a digest: behind its date, due today, or coming up.
digest-line-overdue = 🔴 { $number } { $title } — { $when }
digest-line-today = 📅 { $number } { $title } — { $when }
digest-line-ahead = ⏰ { $number } { $title } — { $when }
weekly-title = 📊 <b>Week { $start } – { $end }</b> — { $org }
weekly-line = • { $name }: due { $due }, done { $done }, overdue { $overdue }
weekly-worst = <b>Most overdue:</b>
weekly-no-overdue = No overdue items.
settings-bad-time = Send the time as HH:MM, e.g. 09:00.
settings-time-in-quiet = That time falls within your quiet hours, when no alerts are sent. Choose another time or change the quiet hours.

## Settings
cmd-settings = Language, alert time, quiet hours
btn-settings = ⚙️ Settings
settings-title = <b>⚙️ Settings</b>
    🌐 Language: { $language }
    🕒 Time zone: { $timezone }
    🔔 Alerts arrive at { $time }
    🌙 Quiet hours: { $quiet }
    📬 At most one digest a day: { $daily }
    🔕 Muted plans: { $muted }
settings-language-telegram = as in Telegram
settings-timezone-org = { $zone } (organisation's)
settings-timezone-as-org = As my organisation
settings-off = off
settings-yes = yes
settings-no = no
settings-rule-days = after { $days } d
btn-settings-language = 🌐 Language
btn-settings-timezone = 🕒 Time zone
btn-settings-time = 🔔 Alert time
btn-settings-quiet = 🌙 Quiet hours
btn-settings-daily-on = 📬 One digest a day
btn-settings-daily-off = 📬 Digests without a limit
settings-monthly-line = 📅 Monthly report (XLSX and DOCX per plan): { $monthly }
btn-settings-monthly-on = 📅 Send me the monthly report
btn-settings-monthly-off = 📅 Stop the monthly report
btn-settings-plans = 🔕 Mute a plan
settings-choose-language = Choose a language:
settings-language-set = Done: the language has changed.
settings-choose-timezone = Choose a time zone — alerts follow it:
settings-choose-time = When should alerts arrive? Choose or send a time, e.g. 08:30.
settings-choose-quiet = When should the bot send nothing?
settings-quiet-off = No quiet hours
settings-plans = Tap a plan to mute (🔕) or unmute (🔔) its alerts.
settings-bad-timezone = I don't know that time zone.
language-ru = Русский
language-be = Беларуская
language-en = English
btn-plan-rules = 🔔 Plan alerts
rules-title = <b>Alerts — { $title }</b>
    Tap a line to choose another value.
rules-before = Before the deadline, days: { $days }
rules-due = On the day: { $value }
rules-overdue = When overdue — repeat: { $days }
rules-head = To the head — { $days }
rules-admin = To the admin — { $days }
btn-rules-reset = ↺ Defaults

## Broadcasts
cmd-broadcast = Broadcast an announcement
cmd-broadcasts = My broadcasts
btn-broadcast = 📣 Broadcast
broadcast-ask-message = 📣 Broadcast on behalf of "{ $org }".
    Send the message to broadcast: text, a photo, a document, an album or a forwarded post — recipients get it as it is. To cancel — /cancel.
broadcast-choose-audience = Who should get it?
broadcast-use-buttons = Choose the recipients with the buttons above, or send /cancel.
audience-all = 👥 Everyone in my scope
audience-role = 🎭 By role
audience-kind = 🏷 By organisation kind
audience-district = 🗺 By district
audience-orgs = 🏫 Chosen organisations
audience-overdue = 🔴 Organisations with overdue items in a plan
audience-not-reported = 🙋 Who hasn't reported an item
audience-choose-plan = Choose a plan:
audience-choose-item = Choose an item:
btn-audience-done = Done ({ $count })
broadcast-preview = Recipients: <b>{ $count }</b>{ $unreachable ->
    [0] {""}
   *[other] {" "}({ $unreachable } more blocked the bot and will be skipped)
}.
btn-broadcast-send = 📤 Send now ({ $count })
btn-broadcast-later = 🕒 Schedule
broadcast-ask-time = When should it go? Send a time (18:30) or a date and time (25.12 18:30), in your time zone.
broadcast-bad-time = I couldn't read the time, or it has passed. Example: 18:30 or 25.12 18:30.
broadcast-no-recipients = Nobody to send to: choose other recipients.
broadcast-dropped = Broadcast cancelled, nothing was sent.
broadcast-scheduled = 🕒 Broadcast scheduled for { $when }, recipients: { $count }. To cancel — /broadcasts.
broadcast-started = 📤 Broadcast started, recipients: { $count }.
broadcast-progress = 📤 Sent: { $sent } · not delivered: { $failed } · left: { $left } · about { $eta } to go
btn-broadcast-cancel = ✖️ Stop the broadcast
broadcast-cancelling = Stopping the broadcast.
broadcast-done = ✅ Broadcast finished. Delivered: { $sent }, not delivered: { $failed }, blocked the bot: { $unreachable }.
broadcast-cancelled-summary = ✖️ Broadcast stopped. Delivered: { $sent }, not delivered: { $failed }, blocked the bot: { $unreachable }, not sent: { $left }.
broadcasts-title = <b>My broadcasts</b>
broadcasts-none = You haven't broadcast anything yet. Start with /broadcast.
broadcasts-line = { $date } · { $status } · { $sent }/{ $total }
broadcast-status-scheduled = scheduled
broadcast-status-sending = sending
broadcast-status-done = finished
broadcast-status-cancelled = stopped
broadcast-delivery = <b>Broadcast #{ $id }</b>, recipients: { $total }
outbox-pending = ⏳
outbox-sending = 📤
outbox-sent = ✅
outbox-failed = ⚠️
outbox-unreachable = 🚫
btn-failures-csv = 📄 Not delivered (CSV)

## progress
progress-title = 📊 <b>Progress</b>
progress-choose-plan = Choose a plan:
btn-progress = 📊 Progress
cmd-progress = Progress of the plans
btn-progress-sections = By section
btn-progress-districts = By district
btn-progress-orgs = By organisation
Choose a plan:
progress-no-plans = No plans have items given to your organisations yet.
progress-plan-title = 📊 <b>{ $title }</b>
progress-scope = { $org }, as of { $today }
progress-done = ✅ Done: { $done } of { $total }
progress-review = 🕓 Awaiting review: { $count }
progress-overdue = 🔴 Overdue: { $count }
progress-week = 🟡 Due this week: { $count }
progress-later = ⚪ Due later: { $count }
progress-by-sections = 📊 <b>{ $title }</b> — by section
progress-by-districts = 📊 <b>{ $title }</b> — by district, worst first
progress-by-orgs = 📊 <b>{ $title }</b> — by organisation, worst first
progress-line-overdue = 🔴 { $count }

## exports
btn-progress-export = 📤 Export XLSX
progress-export-building = Preparing the file…
progress-export-caption = Progress: { $title }
monthly-intro = 📅 <b>Monthly report</b> for { $period }: { $plans } plans. For each, the progress (XLSX) and the execution report (DOCX).
monthly-none = 📅 <b>Monthly report</b> for { $period }: no running plan has assigned items. To stop it: /settings.
export-sheet-summary = Summary
export-sheet-items = By item
export-scope = { $org }, as of { $today }
export-by-sections = By section
export-by-districts = By district and organisation
export-col-name = Name
export-col-total = Due dates
export-col-done = Done
export-col-review = Awaiting review
export-col-overdue = Overdue
export-col-week = This week
export-col-later = Later
export-col-percent = Done, share
export-col-section = Section
export-col-number = No.
export-col-title = Event
export-col-deadline = Deadline in the plan
export-col-org = Organisation
export-col-due = Due date
export-col-status = Status
export-col-submitted = Reported on
export-col-event-date = Held on
export-col-participants = Participants
export-col-text = What was done
export-col-link = Link
export-col-reviewer = Reviewed by
export-col-files = Files
export-status-done = done
export-status-review = awaiting review
export-status-returned = returned for changes
export-status-overdue = overdue
export-status-waiting = expected
btn-progress-audit = 📜 Audit CSV
progress-audit-caption = Audit trail: { $title }
export-audit-col-at = When
export-audit-col-who = Who
export-audit-col-action = Action
export-audit-col-org = Organisation
export-audit-col-number = No.
export-audit-col-title = Item / plan
export-audit-col-details = Details
export-audit-imported = imported the plan
export-audit-assigned = assigned the item
export-audit-submitted = submitted a report
export-audit-amended = amended a report
export-audit-approved = approved a report
export-audit-returned = returned a report for changes
export-audit-broadcast = sent an announcement
export-audit-invited = created an invite
export-audit-joined = joined by an invite
export-audit-recipients = recipients: { $count }
export-audit-audience-all = everyone
export-audit-audience-role = by role
export-audit-audience-org_kind = by kind of organisation
export-audit-audience-district = by district
export-audit-audience-orgs = chosen organisations
export-audit-audience-overdue = organisations behind on the plan
export-audit-audience-not_reported = who has not reported an item

## charts
btn-progress-charts = 📈 Charts
progress-charts-drawing = Drawing the charts…
progress-charts-caption = 📈 { $title }
chart-by-sections = Done by section
chart-by-districts = Done by district, worst first
chart-by-orgs = Done by organisation, worst first
chart-weekly = Reports per week
chart-done-axis = done, %
chart-reports-axis = reports a week
btn-progress-docx = 📄 Report DOCX
export-docx-heading = Progress of the plan: { $title }
export-docx-col-number = No.
export-docx-col-title = Event
export-docx-col-deadline = Deadline
export-docx-col-responsible = Responsible
export-docx-col-done = What was done
export-docx-not-done = Not done: no reports.
export-docx-review = A report awaits review.
export-docx-participants = participants: { $count }
export-docx-photos-left-out = Not every photo fits in this file (Telegram takes files up to 50 MB): all the reports' photos are in «🗂 Photos ZIP».
btn-progress-zip = 🗂 Photos ZIP
progress-zip-empty = The reports of this plan have no files yet.
progress-zip-caption = 🗂 { $title } — part { $part } of { $parts }
export-zip-photo = photo
export-zip-document = document
export-zip-col-file = File
export-zip-col-org = Organisation
export-zip-col-status = Report status
export-zip-col-sha256 = SHA-256
