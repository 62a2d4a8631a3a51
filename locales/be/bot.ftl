## Агульныя тэксты.

role-admin = адміністратар рэгіёна
role-head = кіраўнік арганізацыі
role-teacher = педагог
role-observer = назіральнік

start-greeting = Добры дзень, { $name }!
start-member = Вы — { $role }, { $org }.
start-stranger =
    Гэты бот дапамагае аддзелам адукацыі і ўстановам выконваць гадавыя планы работы: задачы, тэрміны, справаздачы з фота.

    Вы пакуль не падключаны ні да адной арганізацыі. Папрасіце ў метадыста вашага аддзела адукацыі або ў кіраўніка вашага цэнтра спасылку-запрашэнне і адкрыйце яе — бот адразу пакажа вашы задачы.

menu-title = Галоўнае меню
menu-admin-hint = Імпартуйце план работы, прызначайце пункты арганізацыям і сачыце за выкананнем.
menu-head-hint = Задачы і тэрміны вашай арганізацыі, справаздачы педагогаў на праверку.
menu-teacher-hint = Адкрыйце задачы і адчытайцеся пра мерапрыемства — або проста дашліце фота, бот спытае, да якой задачы яно.
menu-observer-hint = Планы і ход іх выканання па арганізацыях.

btn-import-plan = 📥 Імпарт плана
btn-plans = 📋 Планы
btn-help = ❓ Дапамога
btn-cancel = ✖️ Адмена

help-text =
    <b>Каманды</b>
    /menu — галоўнае меню
    /plans — планы: раздзелы, пункты, тэрміны, пошук
    /import — загрузіць план работы (для адміністратараў)
    /people — людзі, запрашэнні, арганізацыі
    /tasks — мае задачы: пратэрмінавана, на тыдні, пазней, здадзена
    /report — адчытацца пра мерапрыемства (фота можна даслаць адразу, нават альбомам)
    /review — справаздачы на праверку
    /broadcast — рассылка аб'явы; /broadcasts — мае рассылкі
    /settings — мова, часавы пояс, час напамінаў, ціхія гадзіны
    /switch — змяніць ролю
    /cancel — перапыніць бягучае дзеянне
    /help — гэтая даведка

    Калі бот не адказвае на кнопку, адпраўце /menu.

cancel-done = Дзеянне адменена. Нічога не захавана.
cancel-nothing = Зараз няма чаго адмяняць.

fallback-unknown = Не зразумеў паведамленне. Адкрыйце /menu або адпраўце /help.
fallback-stranger = Спачатку падключыцеся да арганізацыі па спасылцы-запрашэнні. Падрабязней — /start.

flood-slow-down = Занадта шмат паведамленняў запар. Пачакайце некалькі секунд.

error-generic-domain = Не атрымалася выканаць дзеянне.
error-access-denied = Гэта дзеянне вам недаступнае.
error-not-found = Не знайшоў гэтага — магчыма, яго ўжо выдалілі.
error-unexpected = Нешта пайшло не так. Нічога не страчана — паспрабуйце яшчэ раз крыху пазней.

cmd-start = Пачатак работы
cmd-menu = Галоўнае меню
cmd-help = Даведка
cmd-cancel = Адмяніць дзеянне
cmd-plans = Планы работы
cmd-import = Імпарт плана

## Імпарт плана
import-send-file = Адпраўце файл плана работы дакументам: TXT, DOCX, XLSX, CSV або PDF, да 20 МБ. Для адмены — /cancel.
import-need-file = Патрэбны файл плана (TXT, DOCX, XLSX, CSV або PDF), адпраўлены як дакумент. Для адмены — /cancel.

import-not-supported = Гэты файл не падобны на план: падтрымліваюцца TXT, MD, DOCX, XLSX, CSV і PDF.
import-too-big = Файл большы за { $limit } МБ — Telegram не аддае боту такія файлы. Захавайце план без малюнкаў або падзяліце яго.
import-reading = Чытаю план…
import-preview-title = 📄 <b>{ $title }</b>
import-preview-no-title = 📄 <b>План без загалоўка</b> (файл { $file })
import-preview-period = Перыяд: { $start } – { $end }
import-preview-no-period = Перыяд: не знойдзены ў загалоўку
import-preview-counts = Раздзелаў: { $sections }, пунктаў: { $items }
import-preview-kinds = Тэрміны: да даты або ў перыяд — { $window }, рэгулярна — { $recurring }, увесь перыяд — { $ongoing }, без тэрміну — { $unspecified }
import-preview-warnings = ⚠️ Папярэджанняў: { $count } — праглядзіце іх перад захаваннем.
import-preview-new = Гэта новы план.
import-preview-update = Гэта новая версія ўжо загружанага плана: дададзена { $added }, выдалена { $removed }, зменена { $changed }. Справаздачы і прызначэнні па нязмененых пунктах захаваюцца.
import-preview-same = Гэта той самы план, што ўжо загружаны: змяненняў няма.
import-preview-confirm = Захаваць?
btn-import-save = ✅ Захаваць
btn-import-warnings = ⚠️ Папярэджанні ({ $count })
btn-import-cancel = ✖️ Адмена
btn-import-title = ✏️ Назва
btn-import-period = ✏️ Перыяд
import-own-plan-note = Гэта будзе план вашай арганізацыі: усе яго пункты адразу стануць яе задачамі, і вы зможаце раздаць іх педагогам.
import-preview-own = Пункты будуць адразу прызначаны вашай арганізацыі: { $org }.
import-saved-own = Пункты прызначаны арганізацыі «{ $org }» — яны ў /tasks; раздайце іх педагогам у /plans.
import-edit-title-ask = Адпраўце назву плана адным паведамленнем. Для адмены — /cancel.
import-edit-title-bad = Назва павінна быць ад { $min } да { $max } сімвалаў. Адпраўце яе яшчэ раз або /cancel.
import-edit-period-ask = Адпраўце перыяд плана: навучальны год «2024/2025», год «2026», гады «2025-2026» або даты «01.09.2024 – 31.08.2025». Даты без года ў тэрмінах будуць прачытаны ў гэтым перыядзе. Для адмены — /cancel.
import-edit-period-bad = Не зразумеў перыяд. Прыклады: «2024/2025», «2026», «2025-2026», «01.09.2024 – 31.08.2025». Адпраўце яшчэ раз або /cancel.
import-edit-need-text = Патрэбны тэкст адным паведамленнем. Для адмены — /cancel.
import-saved = ✅ План захаваны: раздзелаў { $sections }, пунктаў { $items }. Адкрыйце /plans.
import-updated = ✅ План абноўлены: дададзена { $added }, выдалена { $removed }, зменена { $changed }.
import-cancelled = Імпарт адменены, нічога не захавана.
import-stale = Гэта акно імпарту ўжо неактуальнае. Адпраўце файл зноў.
import-warnings-title = <b>Папярэджанні</b>
import-warnings-none = Папярэджанняў няма.
import-changes-title = <b>Змяненні</b>
import-change-added = ➕ { $item }
import-change-removed = ➖ { $item }
import-change-changed = ✏️ { $item }
import-failed = ❌ Не ўдалося прачытаць план: { $reason }
import-try-again = Выпраўце файл і адпраўце яго зноў, або /cancel.

import-error-too-big = файл большы за { $limit_mb } МБ
import-error-empty = файл пусты
import-error-unknown-format = тып файла «{ $extension }» не падтрымліваецца; адпраўце TXT, MD, DOCX, XLSX, CSV або PDF
import-error-not-text = гэта не тэкставы файл
import-error-encrypted = файл абаронены паролем або захаваны ў старым фармаце .doc/.xls; захавайце яго як DOCX або XLSX без пароля
import-error-corrupt = файл пашкоджаны і не адкрываецца як { $format }
import-error-archive-too-big = файл распакоўваецца больш чым у { $limit_mb } МБ або { $limit_entries } частак — гэта не звычайны дакумент
import-error-too-many-rows = у табліцы больш за { $limit } радкоў
import-error-no-table = не знойдзена табліца плана: патрэбна шапка са слупкамі накшталт «№», «Мерапрыемства», «Тэрмін», «Адказныя»
import-error-no-items = у табліцы плана няма пранумараваных пунктаў
import-error-too-slow = файл чытаецца даўжэй за { $seconds } с — ён занадта вялікі або сапсаваны
import-error-too-many-pages = у PDF больш за { $limit } старонак
import-error-pdf-encrypted = PDF абаронены паролем; захавайце яго без пароля
import-error-pdf-scanned = у PDF няма тэксту — гэта скан; дашліце зыходны дакумент або PDF, захаваны з яго

import-warning-duplicate-number = пункт { $number } сустракаецца { $count } { $count ->
        [few] разы
       *[other] разоў
    } ({ $places })
import-warning-numbering-gap = нумарацыя пераскоквае з { $previous } на { $number }
import-warning-deadline-unreadable = пункт { $number }: не ўдалося прачытаць тэрмін «{ $text }»
import-warning-deadline-elsewhere = пункт { $number }: тэрмін вызначаецца асобна («{ $text }») — укажыце дату ўручную
import-warning-deadline-missing = у пункта { $number } няма тэрміну
import-warning-deadline-impossible = пункт { $number }: у тэрміне «{ $text }» названа дата, якой няма ў календары — укажыце дату ўручную
import-warning-cell-cut = пункт { $number }: ячэйка ў { $length } сімвалаў абрэзана, каб змясціцца на экран
import-warning-no-title-item = радок з нумарам { $number } без тэксту мерапрыемства прапушчаны
import-warning-orphan-continuation = тэкст перад першым пунктам прапушчаны: «{ $text }»
import-warning-period-from-deadlines = у загалоўку няма перыяду; узяты па тэрмінах: { $period }
import-warning-period-from-year = у загалоўку няма перыяду; узяты зададзены год { $year }
import-warning-period-unknown = перыяд плана невядомы: даты без года не вызначыць
import-warning-title-missing = над табліцай не знойдзены загаловак плана
import-warning-responsible-missing = у пункта { $number } не ўказаны адказны
import-warning-row-ignored = радок, не падобны на пункт плана, прапушчаны: «{ $text }»
ref-line = радок
ref-row = радок
ref-table = табліца
ref-sheet = ліст
ref-paragraph = абзац

plans-title = <b>Загружаныя планы</b>
plans-line = { $n }. { $title } — { $period }, пунктаў: { $items }
period-unknown = перыяд не ўказаны

btn-people = 👥 Людзі
btn-back = ‹ Назад
btn-members = 👤 Удзельнікі
btn-invite = ➕ Запрасіць
btn-invites = 🔗 Адкрытыя запрашэнні
btn-remove-member = ✖ { $name }
btn-confirm-remove = Так, выдаліць
btn-revoke = Адклікаць: { $role }, { $uses }
btn-uses-one = Аднаму чалавеку
btn-uses-many = Да { $n } чалавек
people-title = <b>Арганізацыі</b> — выберыце, каб убачыць людзей і запрасіць новых.
people-none = Арганізацый пакуль няма. Загрузіце спіс: python -m bot import-orgs FILE.
org-archived-note = 🗄 Арганізацыя ў архіве: яе ўдзельнікі нічога не могуць рабіць у боце; іх можна выдаліць.
btn-archived-orgs = 🗄 Архіў ({ $count })
people-archived-title = <b>🗄 Арганізацыі ў архіве</b>
    Абярыце арганізацыю, каб убачыць або выдаліць яе ўдзельнікаў.
org-card = <b>{ $name }</b>
    { $kind }
    Удзельнікаў: { $members }
members-title = <b>Удзельнікі — { $org }</b>
members-line = { $role }: { $name }
members-none = У арганізацыі пакуль нікога няма. Запрасіце людзей кнопкай ніжэй.
member-remove-confirm = Выдаліць { $name } ({ $role }) з «{ $org }»? Доступ да задач арганізацыі знікне.
member-removed = { $name } выдалены(а) з «{ $org }».
invite-choose-role = Каго запрасіць у «{ $org }»?
invite-choose-uses = Колькі чалавек змогуць увайсці па гэтай спасылцы?
invite-created = Запрашэнне ў «{ $org }» ({ $role }).
    Спасылка: { $link }
    Дзейнічае да { $until }, уваходаў: { $uses }. Перашліце яе або пакажыце QR-код.
invite-qr-caption = QR-код запрашэння ў «{ $org }» ({ $role })
invites-title = <b>Адкрытыя запрашэнні — { $org }</b>
invites-none = Адкрытых запрашэнняў няма.
invites-line = { $role }: выкарыстана { $used } з { $max }, да { $until }
invite-revoked = Запрашэнне адклікана: па спасылцы больш не ўвайсці.
invite-joined = ✅ Вы ўвайшлі ў «{ $org }» як { $role }.
invite-already = Вы ўжо ўваходзіце ў «{ $org }» як { $role }.
invite-joined-notify = { $name } далучыўся(лася) да «{ $org }» як { $role } па вашым запрашэнні.
invite-joined-summary = Яшчэ { $count ->
        [one] { $count } чалавек увайшоў
        [few] { $count } чалавекі ўвайшлі
       *[other] { $count } чалавек увайшлі
    } у «{ $org }» па вашай спасылцы.
invite-error-unknown = Спасылка-запрашэнне не знойдзена. Праверце яе або папрасіце новую.
invite-error-expired = Тэрмін дзеяння запрашэння скончыўся. Папрасіце новую спасылку.
invite-error-revoked = Гэта запрашэнне адклікана. Папрасіце новую спасылку.
invite-error-used = Па гэтай спасылцы ўжо ўвайшла дапушчальная колькасць людзей. Папрасіце новую.
role-admin-acc = адміністратара
role-head-acc = кіраўніка
role-teacher-acc = педагога
role-observer-acc = назіральніка
cmd-people = Людзі і запрашэнні

btn-assign = 🎯 Выканаўцы па раздзелах
btn-accept-section = ✅ Прыняць прапанаванае: { $section }
btn-edit-section = ✏️ Па пунктах: { $section }
assign-title = <b>Выканаўцы — { $title }</b>
    Бот прапануе арганізацыі па тэксце «Адказныя». Прыміце раздзел цалкам або наладзьце па пунктах.
assign-section-line = { $section }: пунктаў { $items }, прапанавана арганізацый { $suggested }, ужо прызначана пунктаў { $assigned }
assign-accepted = Прызначана: { $count }.
assign-items-title = <b>{ $section }</b> — выберыце пункт
assign-item = <b>{ $number } { $title }</b>
    Адказныя: { $responsible }
    Тэрміны: { $dates }
    Прызначана: { $assigned }
assign-item-hint = ✅ — прызначана, ➕ — прызначыць. Спачатку — прапанаваныя па тэксце.
assign-none = нікому
assign-no-dates = без тэрміну — дату ўкажа адміністратар
section-untitled = Без раздзела

btn-tasks = 📋 Задачы
cmd-tasks = Задачы арганізацыі
tasks-title = <b>Задачы — { $org }</b>
tasks-line = • { $number } { $title } — { $due }
tasks-no-date = тэрмін удакладняецца
tasks-none = Вашай арганізацыі пакуль не прызначана ніводнага пункта плана.

btn-org-add = ➕ Падраздзяленне
btn-org-rename = ✏️ Перайменаваць
btn-org-move = ↪️ Перамясціць
btn-org-archive = 🗄 У архіў
btn-confirm-archive = Так, у архіў
btn-audit = 📜 Журнал
org-ask-name = Напішыце назву новай арганізацыі (унутры «{ $parent }»). /cancel — адмена.
org-ask-rename = Напішыце новую назву для «{ $name }». /cancel — адмена.
org-ask-kind = Якога тыпу «{ $name }»?
org-added = Дададзена: «{ $name }».
org-renamed = Перайменавана: «{ $name }».
org-choose-parent = Куды перамясціць «{ $name }»?
org-moved = «{ $name }» перамешчана.
org-archive-confirm = Адправіць «{ $name }» у архіў? Арганізацыя знікне са спісаў, яе людзі страцяць да яе доступ; гісторыя захаваецца.
org-archived = «{ $name }» у архіве.
org-error-name = Назва павінна быць ад 2 да 300 сімвалаў.
org-error-move = Арганізацыю нельга перамясціць унутр яе самой.
org-need-text = Патрэбны тэкст назвы. /cancel — адмена.
audit-title = <b>Журнал дзеянняў</b>
audit-line = { $at } — { $actor }: { $action }
audit-none = Запісаў пакуль няма.
audit-invite-create = стварыў(ла) запрашэнне
audit-invite-revoke = адклікаў(ла) запрашэнне
audit-member-join = увайшоў(ла) па запрашэнні
audit-member-remove = выдаліў(ла) удзельніка
audit-member-role = змяніў(ла) ролю ўдзельніка
audit-org-add = дадаў(ла) арганізацыю
audit-org-rename = перайменаваў(ла) арганізацыю
audit-org-move = перамясціў(ла) арганізацыю
audit-org-archive = адправіў(ла) арганізацыю ў архіў
btn-switch = 🔄 Змяніць ролю
cmd-switch = Змяніць арганізацыю або ролю
switch-title = Выберыце, ад чыйго імя працаваць:
switch-line = { $role } — { $org }
switch-single = У вас адна роля — пераключацца няма на што.
switch-done = Цяпер вы — { $role }, { $org }.
btn-member-role = Зрабіць: { $role }
member-card = <b>{ $name }</b> — { $role }, «{ $org }»
member-role-changed = Роля зменена: { $name } — { $role }.
btn-give-teachers = 👤 Даручыць педагогам
tasks-mine = 👤
teachers-choose-item = Які пункт даручыць педагогам?
teachers-choose = <b>{ $number } { $title }</b>
    Адзначце педагогаў, якім дапушчаны пункт:
teachers-none = У арганізацыі пакуль няма педагогаў. Запрасіце іх: 👥 Людзі → ➕ Запрасіць.
btn-set-date = 📅 Указаць тэрмін
assign-ask-date = Напішыце тэрмін для пункта { $number }: дату (15.05.2026) або месяц (травень 2026). /cancel — адмена.
assign-date-set = Тэрмін { $date } дададзены да пункта { $number }.
assign-date-bad = Не зразумеў дату. Напішыце, напрыклад, 15.05.2026 або «травень 2026». /cancel — адмена.

## Прагляд планаў
plans-none-visible = Тут з'явяцца планы, па якіх у вашай арганізацыі ёсць задачы. Пакуль такіх няма.
plan-sections = <b>{ $title }</b>
    { $period } · раздзелаў: { $sections }
    Выберыце раздзел або знайдзіце пункт па словах ці нумары.
section-items = <b>{ $section }</b>
    Пунктаў: { $items }
btn-search = 🔎 Пошук
search-ask = Напішыце словы з назвы пункта або яго нумар (напрыклад, 2.3). Для адмены — /cancel.
search-nothing = Нічога не знайшоў. Паспрабуйце іншыя словы або /cancel.
search-found = Знойдзена пунктаў: { $count } («{ $query }»)
item-deadline = 📅 Тэрмін: { $text } — <b>{ $date }</b>, { $left }
item-deadline-none = 📅 Тэрмін: { $text } — дата не прызначана
item-due-dates = Тэрмін { $shown } з { $count }
item-responsible = 👤 Адказныя: { $text }
item-text-only = 📝 Справаздачу можна здаць без фота
item-assigned = 🏫 Выканаўцаў: { $count }
item-own-status = 🏫 { $org }: { $status }
item-review-comment = 💬 Заўвага: { $comment }
item-history = <b>Гісторыя</b>
btn-report = 📝 Справаздача
btn-missing = 🙋 Хто не адчытаўся
btn-item-assignees = 🎯 Выканаўцы
btn-text-only-on = 📝 Дазволіць без фота
btn-text-only-off = 📷 Патрабаваць фота
missing-title = <b>Не адчыталіся</b> па пункце { $item } (тэрмін { $date }): { $count }
missing-none = Усе адчыталіся.
btn-nudge = 📣 Нагадаць
nudge-sent = 📣 Нагадванне адпраўлена: { $people } чал. у { $orgs } арг.
nudge-partly-before = Яшчэ { $people } чал. сёння ўжо нагадвалі — паўторна заўтра.
nudge-already = Сёння пра гэты тэрмін ужо нагадвалі ({ $people } чал.). Паўтарыць можна заўтра.
nudge-nobody = Няма каму нагадаць: у тых, хто не адчытаўся, няма супрацоўнікаў, падключаных да бота.
digest-nudge-title = 📣 <b>Нагадванне</b> ад { $by } ({ $org }): тэрмін справаздачы
due-in = праз { $days } { $days ->
    [one] дзень
    [few] дні
   *[other] дзён
}
due-today = сёння
due-overdue = пратэрмінавана на { $days } { $days ->
    [one] дзень
    [few] дні
   *[other] дзён
}
status-not_started = не пачата
status-reported = на праверцы
status-approved = прынята
status-returned = вернута на дапрацоўку
status-overdue = пратэрмінавана

## Мае задачы
tasks-group-overdue = 🔴 Пратэрмінавана: { $count }
tasks-group-week = 🟡 На гэтым тыдні: { $count }
tasks-group-later = ⚪ Пазней: { $count }
tasks-group-done = ✅ Здадзена: { $count }
tasks-teachers = Педагогі

## Справаздача
cmd-report = Адчытацца пра мерапрыемства
btn-skip = Прапусціць ›
btn-files-done = ✅ Гатова ({ $count })
btn-files-clear = 🗑 Прыбраць усе файлы
btn-today = Сёння
btn-yesterday = Учора
btn-other-date = 📅 Іншая дата
btn-submit = 📤 Адправіць справаздачу
btn-edit = ✏️ Змяніць
report-choose-task = Па якой задачы адчытацца?
report-nothing-open = Зараз няма задач, па якіх чакаюць справаздачу.
report-ask-files = <b>Справаздача: { $number } { $title }</b> (тэрмін { $date })
    Адпраўце фота мерапрыемства — па адным або альбомам, можна дадаць дакументы. Потым націсніце «Гатова».
report-text-only-hint = Па гэтым пункце можна адчытацца без фота: адразу націсніце «Гатова».
report-files-added = Дададзена файлаў: { $added }. Усяго ў справаздачы: { $total }. Яшчэ фота — або «Гатова».
report-files-expected = Чакаю фота або дакумент. Калі ўсё адправіце — націсніце «Гатова». Для адмены — /cancel.
report-ask-date = Калі прайшло мерапрыемства?
report-ask-date-typed = Напішыце дату ў выглядзе ДД.ММ.ГГГГ, напрыклад 15.03.2026.
report-ask-participants = Колькі было ўдзельнікаў? Напішыце лік або націсніце «Прапусціць».
report-ask-text = Коратка апішыце мерапрыемства (да 1000 знакаў) або націсніце «Прапусціць».
report-ask-link = Спасылка на навіну пра мерапрыемства (https://…) — або «Прапусціць».
report-edit-which = Што змяніць?
report-summary-title = <b>Справаздача: { $number } { $title }</b>
report-summary-org = 🏫 { $org }
report-summary-due = 📅 Тэрмін: { $date }
report-summary-date = 🗓 Дата мерапрыемства: { $date }
report-summary-participants = 👥 Удзельнікаў: { $count }
report-summary-text = 📝 { $text }
report-summary-link = 🔗 { $link }
report-summary-files = 📎 Фота: { $photos }, дакументаў: { $documents }
report-submitted = 📤 Справаздача адпраўлена на праверку. Паведамлю, калі яе паглядзяць.
report-cancelled = Справаздача адменена. Нічога не адпраўлена.
report-step-over = Гэты крок ужо пройдзены. Адкрыйце задачу зноў: /tasks.
report-use-buttons = Адкажыце на пытанне вышэй або скарыстайцеся кнопкамі. Для адмены — /cancel.
report-which-task = Атрымана файлаў: { $count }. Да якой задачы іх далучыць?
report-no-due-date = У гэтага пункта яшчэ няма тэрміну — справаздачу можна будзе здаць, калі адміністратар яго прызначыць.
report-already = Па гэтым тэрміне ваша арганізацыя ўжо адчыталася.
report-not-assigned = Гэты пункт не даручаны вашай арганізацыі.
report-too-many-files = У адной справаздачы не больш за { $max } файлаў.
report-photo-required = Патрэбна хоць адно фота мерапрыемства.
report-bad-date = Не зразумеў дату. Напішыце яе як ДД.ММ.ГГГГ: не пазней за сённяшні дзень і не раней чым год таму.
report-bad-participants = Напішыце колькасць удзельнікаў лічбамі, напрыклад 25.
report-bad-link = Гэта не падобна на спасылку. Дашліце адрас, што пачынаецца з https://, або націсніце «Прапусціць».
report-text-too-long = Занадта доўга: { $length } знакаў, можна да { $max }.
evidence-too-big = Файл большы за 20 МБ — такі бот не можа прыняць. Сцісніце яго або адпраўце іншы.
evidence-not-image = Гэты файл не адкрываецца як выява. Адпраўце сапраўднае фота.
evidence-too-many-pixels = Выява занадта вялікая (больш за 50 мегапікселяў). Адпраўце паменшаную копію.
field-files = 📎 Файлы
field-date = 🗓 Дата
field-participants = 👥 Удзельнікі
field-text = 📝 Апісанне
field-link = 🔗 Спасылка
field-event_date = дата
history-line = { $when } · { $who }: { $action }
history-submitted = адправіў(ла) справаздачу
history-amended = выправіў(ла) справаздачу
history-approved = прыняў(ла)
history-returned = вярнуў(ла) на дапрацоўку

## Праверка
cmd-review = Справаздачы на праверку
btn-review = ✅ Праверка
btn-approve = ✅ Прыняць
btn-return = ↩️ Вярнуць
btn-show-files = 🖼 Файлы ({ $count })
btn-open-report = Адкрыць справаздачу
btn-amend = ✏️ Выправіць справаздачу
review-title = <b>Справаздачы на праверку</b>: { $count }
review-empty = Справаздач на праверку няма.
review-author = 👤 { $name }, версія { $version }
review-reused = ⚠️ { $count ->
    [one] Адно фота ўжо было
   *[other] Фота ({ $count }) ужо былі
} у іншых справаздачах: { $reports }
review-ask-comment = Напішыце, што трэба выправіць, — педагог убачыць гэтую заўвагу.
review-comment-required = Без заўвагі вярнуць справаздачу нельга: напішыце, што выправіць.
review-approved = Справаздача прынята.
review-returned = Справаздача вернута з заўвагай.
review-not-waiting = Гэтая справаздача ўжо не чакае рашэння.
review-new = 📥 Новая справаздача на праверку: { $number } { $title }
    { $org } · { $author }
review-approved-note = ✅ Справаздача па пункце { $number } { $title } прынята.
review-returned-note = ↩️ Справаздача па пункце { $number } { $title } вернута на дапрацоўку.
    💬 { $comment }
plan-assigned = Пунктаў: { $items }, прызначана выканаўцам: { $assigned }
btn-statuses = 🏫 Усе выканаўцы
statuses-title = <b>Выканаўцы</b> пункта { $item } (тэрмін { $date }): { $count }

## Напаміны
digest-title = 🔔 <b>Тэрміны па планах</b>
digest-escalate-head = ⚠️ { $org }: { $number } { $title } — { $when }
digest-escalate-admin = 🚨 { $org }: { $number } { $title } — { $when }
# One alert in a digest: behind its date, due today, or coming up.
digest-line-overdue = 🔴 { $number } { $title } — { $when }
digest-line-today = 📅 { $number } { $title } — { $when }
digest-line-ahead = ⏰ { $number } { $title } — { $when }
weekly-title = 📊 <b>Вынікі тыдня { $start } – { $end }</b> — { $org }
weekly-line = • { $name }: тэрмін { $due }, здадзена { $done }, пратэрмінавана { $overdue }
weekly-worst = <b>Больш за ўсё пратэрмінавана:</b>
weekly-no-overdue = Пратэрмінаваных пунктаў няма.
settings-bad-time = Напішыце час як ГГ:ХХ, напрыклад 09:00.
settings-time-in-quiet = Гэты час трапляе ў ціхія гадзіны — напаміны тады не прыходзяць. Выберыце іншы час або змяніце ціхія гадзіны.

## Налады
cmd-settings = Мова, час напамінаў, ціхія гадзіны
btn-settings = ⚙️ Налады
settings-title = <b>⚙️ Налады</b>
    🌐 Мова: { $language }
    🕒 Часавы пояс: { $timezone }
    🔔 Напаміны прыходзяць у { $time }
    🌙 Ціхія гадзіны: { $quiet }
    📬 Не больш за адну зводку ў дзень: { $daily }
    🔕 Заглушана планаў: { $muted }
settings-language-telegram = як у Telegram
settings-timezone-org = { $zone } (па арганізацыі)
settings-timezone-as-org = Па арганізацыі
settings-off = выкл.
settings-yes = так
settings-no = не
settings-rule-days = праз { $days } дз.
btn-settings-language = 🌐 Мова
btn-settings-timezone = 🕒 Часавы пояс
btn-settings-time = 🔔 Час напамінаў
btn-settings-quiet = 🌙 Ціхія гадзіны
btn-settings-daily-on = 📬 Зводка раз у дзень
btn-settings-daily-off = 📬 Зводкі без абмежавання
settings-monthly-line = 📅 Штомесячная справаздача (XLSX і DOCX па планах): { $monthly }
btn-settings-monthly-on = 📅 Дасылаць штомесячную справаздачу
btn-settings-monthly-off = 📅 Не дасылаць штомесячную справаздачу
btn-settings-plans = 🔕 Заглушыць план
settings-choose-language = Выберыце мову:
settings-language-set = Гатова: мова зменена.
settings-choose-timezone = Выберыце часавы пояс — напаміны прыйдуць па ім:
settings-choose-time = У колькі дасылаць напаміны? Выберыце або напішыце час, напрыклад 08:30.
settings-choose-quiet = У якія гадзіны нічога не дасылаць?
settings-quiet-off = Без ціхіх гадзін
settings-plans = Націсніце на план, каб заглушыць (🔕) або зноў уключыць (🔔) напаміны па ім.
settings-bad-timezone = Не ведаю такога часавага пояса.
language-ru = Русский
language-be = Беларуская
language-en = English
btn-plan-rules = 🔔 Напаміны па плане
rules-title = <b>Напаміны — { $title }</b>
    Націскайце на радок, каб выбраць іншае значэнне.
rules-before = Да тэрміну, за дзён: { $days }
rules-due = У дзень тэрміну: { $value }
rules-overdue = Пры пратэрміноўцы — паўтараць: { $days }
rules-head = Кіраўніку — { $days }
rules-admin = Адміністратару — { $days }
btn-rules-reset = ↺ Па змаўчанні

## Рассылкі
cmd-broadcast = Разаслаць аб'яву
cmd-broadcasts = Мае рассылкі
btn-broadcast = 📣 Рассылка
broadcast-ask-message = 📣 Рассылка ад імя «{ $org }».
    Дашліце паведамленне, якое трэба разаслаць: тэкст, фота, дакумент, альбом або перасланы пост — яно пойдзе атрымальнікам як ёсць. Для адмены — /cancel.
broadcast-choose-audience = Каму адправіць?
broadcast-use-buttons = Выберыце атрымальнікаў кнопкамі вышэй або адпраўце /cancel.
audience-all = 👥 Усім у маёй зоне
audience-role = 🎭 Па ролі
audience-kind = 🏷 Па тыпе арганізацыі
audience-district = 🗺 Па раёне
audience-orgs = 🏫 Выбраным арганізацыям
audience-overdue = 🔴 Арганізацыям з пратэрміноўкай па плане
audience-not-reported = 🙋 Хто не адчытаўся па пункце
audience-choose-plan = Выберыце план:
audience-choose-item = Выберыце пункт:
btn-audience-done = Гатова ({ $count })
broadcast-preview = Атрымальнікаў: <b>{ $count }</b>{ $unreachable ->
    [0] {""}
   *[other] {" "}(яшчэ { $unreachable } заблакавалі бота — ім не адправіцца)
}.
btn-broadcast-send = 📤 Адправіць зараз ({ $count })
btn-broadcast-later = 🕒 Запланаваць
broadcast-ask-time = Калі адправіць? Напішыце час (18:30) або дату і час (25.12 18:30) — па вашым часавым поясе.
broadcast-bad-time = Не зразумеў час або ён ужо мінуў. Прыклад: 18:30 або 25.12 18:30.
broadcast-no-recipients = Няма каму адпраўляць: выберыце іншых атрымальнікаў.
broadcast-dropped = Рассылка адменена, нічога не адпраўлена.
broadcast-scheduled = 🕒 Рассылка запланавана на { $when }, атрымальнікаў: { $count }. Адмяніць — /broadcasts.
broadcast-started = 📤 Рассылка пачалася, атрымальнікаў: { $count }.
broadcast-progress = 📤 Адпраўлена: { $sent } · не дастаўлена: { $failed } · засталося: { $left } · яшчэ каля { $eta }
btn-broadcast-cancel = ✖️ Спыніць рассылку
broadcast-cancelling = Спыняю рассылку.
broadcast-done = ✅ Рассылка завершана. Дастаўлена: { $sent }, не дастаўлена: { $failed }, заблакавалі бота: { $unreachable }.
broadcast-cancelled-summary = ✖️ Рассылка спынена. Дастаўлена: { $sent }, не дастаўлена: { $failed }, заблакавалі бота: { $unreachable }, не адпраўлена: { $left }.
broadcasts-title = <b>Мае рассылкі</b>
broadcasts-none = Вы яшчэ нічога не рассылалі. Пачаць — /broadcast.
broadcasts-line = { $date } · { $status } · { $sent }/{ $total }
broadcast-status-scheduled = запланавана
broadcast-status-sending = ідзе
broadcast-status-done = завершана
broadcast-status-cancelled = спынена
broadcast-delivery = <b>Рассылка №{ $id }</b>, атрымальнікаў: { $total }
outbox-pending = ⏳
outbox-sending = 📤
outbox-sent = ✅
outbox-failed = ⚠️
outbox-unreachable = 🚫
btn-failures-csv = 📄 Недастаўленыя (CSV)

## progress
progress-title = 📊 <b>Ход выканання</b>
progress-choose-plan = Выберыце план:
btn-progress = 📊 Ход выканання
cmd-progress = Ход выканання планаў
btn-progress-sections = Па раздзелах
btn-progress-districts = Па раёнах
btn-progress-orgs = Па арганізацыях
Выберыце план:
progress-no-plans = Пакуль няма планаў з пунктамі, прызначанымі вашым арганізацыям.
progress-plan-title = 📊 <b>{ $title }</b>
progress-scope = { $org }, на { $today }
progress-done = ✅ Выканана: { $done } з { $total }
progress-review = 🕓 На праверцы: { $count }
progress-overdue = 🔴 Пратэрмінавана: { $count }
progress-week = 🟡 Тэрмін на гэтым тыдні: { $count }
progress-later = ⚪ Тэрмін пазней: { $count }
progress-by-sections = 📊 <b>{ $title }</b> — па раздзелах
progress-by-districts = 📊 <b>{ $title }</b> — па раёнах, спачатку тыя, хто адстае
progress-by-orgs = 📊 <b>{ $title }</b> — па арганізацыях, спачатку тыя, хто адстае
progress-line-overdue = 🔴 { $count }

## exports
btn-progress-export = 📤 Экспарт XLSX
progress-export-building = Рыхтую файл…
progress-export-caption = Ход выканання: { $title }
monthly-intro = 📅 <b>Штомесячная справаздача</b> за { $period }: планаў — { $plans }. Для кожнага — ход выканання (XLSX) і інфармацыя аб выкананні (DOCX).
monthly-none = 📅 <b>Штомесячная справаздача</b> за { $period }: дзейных планаў з прызначанымі пунктамі няма. Адключыць справаздачу — /settings.
export-sheet-summary = Зводка
export-sheet-items = Па пунктах
export-scope = { $org }, на { $today }
export-by-sections = Па раздзелах
export-by-districts = Па раёнах і арганізацыях
export-col-name = Найменне
export-col-total = Усяго тэрмінаў
export-col-done = Выканана
export-col-review = На праверцы
export-col-overdue = Пратэрмінавана
export-col-week = На гэтым тыдні
export-col-later = Пазней
export-col-percent = Выканана, доля
export-col-section = Раздзел
export-col-number = №
export-col-title = Мерапрыемства
export-col-deadline = Тэрмін па плане
export-col-org = Арганізацыя
export-col-due = Дата тэрміну
export-col-status = Статус
export-col-submitted = Дата справаздачы
export-col-event-date = Дата правядзення
export-col-participants = Удзельнікаў
export-col-text = Што зроблена
export-col-link = Спасылка
export-col-reviewer = Праверыў
export-col-files = Файлы
export-status-done = выканана
export-status-review = на праверцы
export-status-returned = вернута на дапрацоўку
export-status-overdue = пратэрмінавана
export-status-waiting = чакаецца
btn-progress-audit = 📜 Журнал CSV
progress-audit-caption = Журнал дзеянняў: { $title }
export-audit-col-at = Калі
export-audit-col-who = Хто
export-audit-col-action = Дзеянне
export-audit-col-org = Арганізацыя
export-audit-col-number = №
export-audit-col-title = Пункт / план
export-audit-col-details = Падрабязнасці
export-audit-imported = загрузіў план
export-audit-assigned = прызначыў пункт
export-audit-submitted = адправіў справаздачу
export-audit-amended = выправіў справаздачу
export-audit-approved = прыняў справаздачу
export-audit-returned = вярнуў справаздачу на дапрацоўку
export-audit-broadcast = зрабіў рассылку
export-audit-invited = стварыў запрашэнне
export-audit-joined = увайшоў па запрашэнні
export-audit-recipients = атрымальнікаў: { $count }
export-audit-audience-all = усім
export-audit-audience-role = па ролі
export-audit-audience-org_kind = па тыпе арганізацыі
export-audit-audience-district = па раёне
export-audit-audience-orgs = выбраным арганізацыям
export-audit-audience-overdue = арганізацыям з пратэрміноўкай па плане
export-audit-audience-not_reported = хто не адчытаўся па пункце

## charts
btn-progress-charts = 📈 Графікі
progress-charts-drawing = Малюю графікі…
progress-charts-caption = 📈 { $title }
chart-by-sections = Выкананне па раздзелах
chart-by-districts = Выкананне па раёнах, спачатку тыя, хто адстае
chart-by-orgs = Выкананне па арганізацыях, спачатку тыя, хто адстае
chart-weekly = Справаздачы па тыднях
chart-done-axis = выканана, %
chart-reports-axis = справаздач за тыдзень
btn-progress-docx = 📄 Справаздача DOCX
export-docx-heading = Інфармацыя аб ходзе выканання плана: { $title }
export-docx-col-number = № п/п
export-docx-col-title = Назва мерапрыемства
export-docx-col-deadline = Тэрмін выканання
export-docx-col-responsible = Адказныя
export-docx-col-done = Інфармацыя аб выкананні
export-docx-not-done = Не выканана: справаздач няма.
export-docx-review = Справаздача на праверцы.
export-docx-participants = удзельнікаў: { $count }
export-docx-photos-left-out = Не ўсе фота змясціліся ў файл (Telegram прымае файлы да 50 МБ): усе фота справаздач — у архіве «🗂 Фота ZIP».
btn-progress-zip = 🗂 Фота ZIP
progress-zip-empty = У справаздачах па гэтым плане пакуль няма файлаў.
progress-zip-caption = 🗂 { $title } — частка { $part } з { $parts }
export-zip-photo = фота
export-zip-document = дакумент
export-zip-col-file = Файл
export-zip-col-org = Арганізацыя
export-zip-col-status = Статус справаздачы
export-zip-col-sha256 = SHA-256
