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
menu-head-hint = Тут з'явяцца задачы вашай арганізацыі, справаздачы педагогаў на праверку і тэрміны.
menu-teacher-hint = Тут з'явяцца вашы задачы і кнопка справаздачы аб праведзеным мерапрыемстве.
menu-observer-hint = Тут з'явіцца ход выканання планаў.

btn-import-plan = 📥 Імпарт плана
btn-plans = 📋 Планы
btn-help = ❓ Дапамога
btn-cancel = ✖️ Адмена

help-text =
    <b>Каманды</b>
    /menu — галоўнае меню
    /plans — імпартаваныя планы
    /import — загрузіць план работы (для адміністратараў)
    /people — людзі, запрашэнні, арганізацыі
    /tasks — задачы арганізацыі
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
import-send-file = Адпраўце файл плана работы дакументам: TXT, DOCX, XLSX або CSV, да 20 МБ. Для адмены — /cancel.
import-need-file = Патрэбны файл плана (TXT, DOCX, XLSX або CSV), адпраўлены як дакумент. Для адмены — /cancel.

import-not-supported = Гэты файл не падобны на план: падтрымліваюцца TXT, MD, DOCX, XLSX і CSV.
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
import-error-unknown-format = тып файла «{ $extension }» не падтрымліваецца; адпраўце TXT, MD, DOCX, XLSX або CSV
import-error-not-text = гэта не тэкставы файл
import-error-encrypted = файл абаронены паролем або захаваны ў старым фармаце .doc/.xls; захавайце яго як DOCX або XLSX без пароля
import-error-corrupt = файл пашкоджаны і не адкрываецца як { $format }
import-error-archive-too-big = файл распакоўваецца больш чым у { $limit_mb } МБ або { $limit_entries } частак — гэта не звычайны дакумент
import-error-too-many-rows = у табліцы больш за { $limit } радкоў
import-error-no-table = не знойдзена табліца плана: патрэбна шапка са слупкамі накшталт «№», «Мерапрыемства», «Тэрмін», «Адказныя»
import-error-no-items = у табліцы плана няма пранумараваных пунктаў
import-error-too-slow = файл чытаецца даўжэй за { $seconds } с — ён занадта вялікі або сапсаваны

import-warning-duplicate-number = пункт { $number } сустракаецца { $count } { $count ->
        [few] разы
       *[other] разоў
    } ({ $places })
import-warning-numbering-gap = нумарацыя пераскоквае з { $previous } на { $number }
import-warning-deadline-unreadable = пункт { $number }: не ўдалося прачытаць тэрмін «{ $text }»
import-warning-deadline-elsewhere = пункт { $number }: тэрмін вызначаецца асобна («{ $text }») — укажыце дату ўручную
import-warning-deadline-missing = у пункта { $number } няма тэрміну
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
plans-none = Планаў пакуль няма. Загрузіце план праз /import.
plans-not-admin = Тут з'явяцца планы, па якіх у вашай арганізацыі ёсць задачы.
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
plan-card = <b>{ $title }</b>
    Перыяд: { $period }
    Пунктаў: { $items }, прызначана выканаўцам: { $assigned }
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
plans-open = Адкрыйце план кнопкай ніжэй.

btn-tasks = 📋 Задачы
cmd-tasks = Задачы арганізацыі
tasks-title = <b>Задачы — { $org }</b>
tasks-line = • { $number } { $title } — { $due }
tasks-due = да { $date } (дзён: { $days })
tasks-due-today = сёння
tasks-no-date = тэрмін удакладняецца
tasks-none = Вашай арганізацыі пакуль не прызначана ніводнага пункта плана.
tasks-late = ⚠️ тэрмін мінуў { $date }

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
