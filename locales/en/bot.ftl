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
menu-head-hint = Your organisation's tasks, teachers' reports to review and deadlines will appear here.
menu-teacher-hint = Your tasks and the button to report an event will appear here.
menu-observer-hint = Plan progress will appear here.

btn-import-plan = 📥 Import plan
btn-plans = 📋 Plans
btn-help = ❓ Help
btn-cancel = ✖️ Cancel

help-text =
    <b>Commands</b>
    /menu — main menu
    /plans — imported plans
    /import — upload a work plan (administrators)
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
import-send-file = Send the work plan file as a document: TXT, DOCX, XLSX or CSV, up to 20 MB. To stop, send /cancel.
import-need-file = I need the plan file (TXT, DOCX, XLSX or CSV) sent as a document. To stop, send /cancel.
