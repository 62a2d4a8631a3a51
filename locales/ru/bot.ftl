## Общие тексты. Русский — исходный язык каталога.

role-admin = администратор региона
role-head = руководитель организации
role-teacher = педагог
role-observer = наблюдатель

start-greeting = Здравствуйте, { $name }!
start-member = Вы — { $role }, { $org }.
start-stranger =
    Этот бот помогает отделам образования и учреждениям выполнять годовые планы работы: задачи, сроки, отчёты с фото.

    Вы пока не подключены ни к одной организации. Попросите у методиста вашего отдела образования или у руководителя вашего центра ссылку-приглашение и откройте её — бот сразу покажет ваши задачи.

menu-title = Главное меню
menu-admin-hint = Импортируйте план работы, назначайте пункты организациям и следите за исполнением.
menu-head-hint = Задачи и сроки вашей организации, отчёты педагогов на проверку.
menu-teacher-hint = Откройте задачи и отчитайтесь о мероприятии — или просто пришлите фото, бот спросит, к какой задаче оно.
menu-observer-hint = Планы и ход их исполнения по организациям.

btn-import-plan = 📥 Импорт плана
btn-plans = 📋 Планы
btn-help = ❓ Помощь
btn-cancel = ✖️ Отмена

help-text =
    <b>Команды</b>
    /menu — главное меню
    /plans — планы: разделы, пункты, сроки, поиск
    /import — загрузить план работы (для администраторов)
    /people — люди, приглашения, организации
    /tasks — мои задачи: просрочено, на неделе, позже, сдано
    /report — отчитаться о мероприятии (фото можно прислать сразу, хоть альбомом)
    /review — отчёты на проверку
    /broadcast — рассылка объявления; /broadcasts — мои рассылки
    /settings — язык, часовой пояс, время напоминаний, тихие часы
    /switch — сменить роль
    /cancel — прервать текущее действие
    /help — эта справка

    Если бот не отвечает на кнопку, отправьте /menu.

cancel-done = Действие отменено. Ничего не сохранено.
cancel-nothing = Сейчас нечего отменять.

fallback-unknown = Не понял сообщение. Откройте /menu или отправьте /help.
fallback-stranger = Сначала подключитесь к организации по ссылке-приглашению. Подробнее — /start.

flood-slow-down = Слишком много сообщений подряд. Подождите несколько секунд.

error-generic-domain = Не получилось выполнить действие.
error-access-denied = Это действие вам недоступно.
error-not-found = Не нашёл этого — возможно, его уже удалили.
error-unexpected = Что-то пошло не так. Ничего не потеряно — попробуйте ещё раз чуть позже.

cmd-start = Начало работы
cmd-menu = Главное меню
cmd-help = Справка
cmd-cancel = Отменить действие
cmd-plans = Планы работы
cmd-import = Импорт плана

## Импорт плана
import-send-file = Отправьте файл плана работы документом: TXT, DOCX, XLSX, CSV или PDF, до 20 МБ. Для отмены — /cancel.
import-need-file = Нужен файл плана (TXT, DOCX, XLSX, CSV или PDF), отправленный как документ. Для отмены — /cancel.

import-not-supported = Этот файл не похож на план: поддерживаются TXT, MD, DOCX, XLSX, CSV и PDF.
import-too-big = Файл больше { $limit } МБ — Telegram не отдаёт боту такие файлы. Сохраните план без картинок или разбейте его.
import-reading = Читаю план…
import-preview-title = 📄 <b>{ $title }</b>
import-preview-no-title = 📄 <b>План без заголовка</b> (файл { $file })
import-preview-period = Период: { $start } – { $end }
import-preview-no-period = Период: не найден в заголовке
import-preview-counts = Разделов: { $sections }, пунктов: { $items }
import-preview-kinds = Сроки: к дате или в период — { $window }, регулярно — { $recurring }, весь период — { $ongoing }, без срока — { $unspecified }
import-preview-warnings = ⚠️ Предупреждений: { $count } — посмотрите их перед сохранением.
import-preview-new = Это новый план.
import-preview-update = Это новая версия уже загруженного плана: добавлено { $added }, удалено { $removed }, изменено { $changed }. Отчёты и назначения по неизменённым пунктам сохранятся.
import-preview-same = Это тот же план, что уже загружен: изменений нет.
import-preview-confirm = Сохранить?
btn-import-save = ✅ Сохранить
btn-import-warnings = ⚠️ Предупреждения ({ $count })
btn-import-cancel = ✖️ Отмена
btn-import-title = ✏️ Название
btn-import-period = ✏️ Период
import-own-plan-note = Это будет план вашей организации: все его пункты сразу станут её задачами, и вы сможете раздать их педагогам.
import-preview-own = Пункты будут сразу назначены вашей организации: { $org }.
import-saved-own = Пункты назначены организации «{ $org }» — они в /tasks; раздайте их педагогам в /plans.
import-edit-title-ask = Отправьте название плана одним сообщением. Для отмены — /cancel.
import-edit-title-bad = Название должно быть от { $min } до { $max } символов. Отправьте его ещё раз или /cancel.
import-edit-period-ask = Отправьте период плана: учебный год «2024/2025», год «2026», годы «2025-2026» или даты «01.09.2024 – 31.08.2025». Даты без года в сроках будут прочитаны в этом периоде. Для отмены — /cancel.
import-edit-period-bad = Не понял период. Примеры: «2024/2025», «2026», «2025-2026», «01.09.2024 – 31.08.2025». Отправьте ещё раз или /cancel.
import-edit-need-text = Нужен текст одним сообщением. Для отмены — /cancel.
import-saved = ✅ План сохранён: разделов { $sections }, пунктов { $items }. Откройте /plans.
import-updated = ✅ План обновлён: добавлено { $added }, удалено { $removed }, изменено { $changed }.
import-cancelled = Импорт отменён, ничего не сохранено.
import-stale = Это окно импорта уже неактуально. Отправьте файл заново.
import-warnings-title = <b>Предупреждения</b>
import-warnings-none = Предупреждений нет.
import-changes-title = <b>Изменения</b>
import-change-added = ➕ { $item }
import-change-removed = ➖ { $item }
import-change-changed = ✏️ { $item }
import-failed = ❌ Не удалось прочитать план: { $reason }
import-try-again = Исправьте файл и отправьте его снова, или /cancel.

import-error-too-big = файл больше { $limit_mb } МБ
import-error-empty = файл пустой
import-error-unknown-format = тип файла «{ $extension }» не поддерживается; отправьте TXT, MD, DOCX, XLSX, CSV или PDF
import-error-not-text = это не текстовый файл
import-error-encrypted = файл защищён паролем или сохранён в старом формате .doc/.xls; сохраните его как DOCX или XLSX без пароля
import-error-corrupt = файл повреждён и не открывается как { $format }
import-error-archive-too-big = файл распаковывается больше чем в { $limit_mb } МБ или { $limit_entries } частей — это не обычный документ
import-error-too-many-rows = в таблице больше { $limit } строк
import-error-no-table = не найдена таблица плана: нужна шапка со столбцами вроде «№», «Мероприятие», «Срок», «Ответственные»
import-error-no-items = в таблице плана нет пронумерованных пунктов
import-error-too-slow = файл читается дольше { $seconds } с — он слишком большой или испорчен
import-error-too-many-pages = в PDF больше { $limit } страниц
import-error-pdf-encrypted = PDF защищён паролем; сохраните его без пароля
import-error-pdf-scanned = в PDF нет текста — это скан; отправьте исходный документ или PDF, сохранённый из него

import-warning-duplicate-number = пункт { $number } встречается { $count } { $count ->
        [few] раза
       *[other] раз
    } ({ $places })
import-warning-numbering-gap = нумерация перескакивает с { $previous } на { $number }
import-warning-deadline-unreadable = пункт { $number }: не удалось прочитать срок «{ $text }»
import-warning-deadline-elsewhere = пункт { $number }: срок определяется отдельно («{ $text }») — укажите дату вручную
import-warning-deadline-missing = у пункта { $number } нет срока
import-warning-deadline-impossible = пункт { $number }: в сроке «{ $text }» названа дата, которой нет в календаре — укажите дату вручную
import-warning-cell-cut = пункт { $number }: ячейка в { $length } символов обрезана, чтобы поместиться на экран
import-warning-no-title-item = строка с номером { $number } без текста мероприятия пропущена
import-warning-orphan-continuation = текст перед первым пунктом пропущен: «{ $text }»
import-warning-period-from-deadlines = в заголовке нет периода; взят по срокам: { $period }
import-warning-period-from-year = в заголовке нет периода; взят указанный год { $year }
import-warning-period-unknown = период плана неизвестен: даты без года не определить
import-warning-title-missing = над таблицей не найден заголовок плана
import-warning-responsible-missing = у пункта { $number } не указан ответственный
import-warning-row-ignored = строка, не похожая на пункт плана, пропущена: «{ $text }»
ref-line = строка
ref-row = строка
ref-table = таблица
ref-sheet = лист
ref-paragraph = абзац

plans-title = <b>Загруженные планы</b>
plans-line = { $n }. { $title } — { $period }, пунктов: { $items }
period-unknown = период не указан

btn-people = 👥 Люди
btn-back = ‹ Назад
btn-members = 👤 Участники
btn-invite = ➕ Пригласить
btn-invites = 🔗 Открытые приглашения
btn-remove-member = ✖ { $name }
btn-confirm-remove = Да, удалить
btn-revoke = Отозвать: { $role }, { $uses }
btn-uses-one = Одному человеку
btn-uses-many = До { $n } человек
people-title = <b>Организации</b> — выберите, чтобы увидеть людей и пригласить новых.
people-none = Организаций пока нет. Загрузите список: python -m bot import-orgs FILE.
org-archived-note = 🗄 Организация в архиве: её участники ничего не могут делать в боте; их можно удалить.
btn-archived-orgs = 🗄 Архив ({ $count })
people-archived-title = <b>🗄 Организации в архиве</b>
    Выберите организацию, чтобы увидеть или удалить её участников.
org-card = <b>{ $name }</b>
    { $kind }
    Участников: { $members }
members-title = <b>Участники — { $org }</b>
members-line = { $role }: { $name }
members-none = В организации пока никого нет. Пригласите людей кнопкой ниже.
member-remove-confirm = Удалить { $name } ({ $role }) из «{ $org }»? Доступ к задачам организации пропадёт.
member-removed = { $name } удалён(а) из «{ $org }».
invite-choose-role = Кого пригласить в «{ $org }»?
invite-choose-uses = Сколько человек смогут войти по этой ссылке?
invite-created = Приглашение в «{ $org }» ({ $role }).
    Ссылка: { $link }
    Действует до { $until }, входов: { $uses }. Перешлите её или покажите QR-код.
invite-qr-caption = QR-код приглашения в «{ $org }» ({ $role })
invites-title = <b>Открытые приглашения — { $org }</b>
invites-none = Открытых приглашений нет.
invites-line = { $role }: использовано { $used } из { $max }, до { $until }
invite-revoked = Приглашение отозвано: по ссылке больше не войти.
invite-joined = ✅ Вы вошли в «{ $org }» как { $role }.
invite-already = Вы уже состоите в «{ $org }» как { $role }.
invite-joined-notify = { $name } присоединился(лась) к «{ $org }» как { $role } по вашему приглашению.
invite-joined-summary = Ещё { $count ->
        [one] { $count } человек вошёл
        [few] { $count } человека вошли
       *[other] { $count } человек вошли
    } в «{ $org }» по вашей ссылке.
invite-error-unknown = Ссылка-приглашение не найдена. Проверьте её или попросите новую.
invite-error-expired = Срок действия приглашения истёк. Попросите новую ссылку.
invite-error-revoked = Это приглашение отозвано. Попросите новую ссылку.
invite-error-used = По этой ссылке уже вошло допустимое число людей. Попросите новую.
role-admin-acc = администратора
role-head-acc = руководителя
role-teacher-acc = педагога
role-observer-acc = наблюдателя
cmd-people = Люди и приглашения

btn-assign = 🎯 Исполнители по разделам
btn-accept-section = ✅ Принять предложенное: { $section }
btn-edit-section = ✏️ По пунктам: { $section }
assign-title = <b>Исполнители — { $title }</b>
    Бот предлагает организации по тексту «Ответственные». Примите раздел целиком или настройте по пунктам.
assign-section-line = { $section }: пунктов { $items }, предложено организаций { $suggested }, уже назначено пунктов { $assigned }
assign-accepted = Назначено: { $count }.
assign-items-title = <b>{ $section }</b> — выберите пункт
assign-item = <b>{ $number } { $title }</b>
    Ответственные: { $responsible }
    Сроки: { $dates }
    Назначено: { $assigned }
assign-item-hint = ✅ — назначено, ➕ — назначить. Сначала — предложенные по тексту.
assign-none = никому
assign-no-dates = без срока — дату укажет администратор
section-untitled = Без раздела

btn-tasks = 📋 Задачи
cmd-tasks = Задачи организации
tasks-title = <b>Задачи — { $org }</b>
tasks-line = • { $number } { $title } — { $due }
tasks-no-date = срок уточняется
tasks-none = Вашей организации пока не назначено ни одного пункта плана.

btn-org-add = ➕ Подразделение
btn-org-rename = ✏️ Переименовать
btn-org-move = ↪️ Переместить
btn-org-archive = 🗄 В архив
btn-confirm-archive = Да, в архив
btn-audit = 📜 Журнал
org-ask-name = Напишите название новой организации (внутри «{ $parent }»). /cancel — отмена.
org-ask-rename = Напишите новое название для «{ $name }». /cancel — отмена.
org-ask-kind = Какого типа «{ $name }»?
org-added = Добавлено: «{ $name }».
org-renamed = Переименовано: «{ $name }».
org-choose-parent = Куда переместить «{ $name }»?
org-moved = «{ $name }» перемещено.
org-archive-confirm = Отправить «{ $name }» в архив? Организация пропадёт из списков, её люди потеряют к ней доступ; история сохранится.
org-archived = «{ $name }» в архиве.
org-error-name = Название должно быть от 2 до 300 символов.
org-error-move = Организацию нельзя переместить внутрь неё самой.
org-need-text = Нужен текст названия. /cancel — отмена.
audit-title = <b>Журнал действий</b>
audit-line = { $at } — { $actor }: { $action }
audit-none = Записей пока нет.
audit-invite-create = создал(а) приглашение
audit-invite-revoke = отозвал(а) приглашение
audit-member-join = вошёл(ла) по приглашению
audit-member-remove = удалил(а) участника
audit-member-role = сменил(а) роль участника
audit-org-add = добавил(а) организацию
audit-org-rename = переименовал(а) организацию
audit-org-move = переместил(а) организацию
audit-org-archive = отправил(а) организацию в архив
btn-switch = 🔄 Сменить роль
cmd-switch = Сменить организацию или роль
switch-title = Выберите, от чьего имени работать:
switch-line = { $role } — { $org }
switch-single = У вас одна роль — переключаться не на что.
switch-done = Теперь вы — { $role }, { $org }.
btn-member-role = Сделать: { $role }
member-card = <b>{ $name }</b> — { $role }, «{ $org }»
member-role-changed = Роль изменена: { $name } — { $role }.
btn-give-teachers = 👤 Поручить педагогам
tasks-mine = 👤
teachers-choose-item = Какой пункт поручить педагогам?
teachers-choose = <b>{ $number } { $title }</b>
    Отметьте педагогов, которым поручен пункт:
teachers-none = В организации пока нет педагогов. Пригласите их: 👥 Люди → ➕ Пригласить.
btn-set-date = 📅 Указать срок
assign-ask-date = Напишите срок для пункта { $number }: дату (15.05.2026) или месяц (май 2026). /cancel — отмена.
assign-date-set = Срок { $date } добавлен к пункту { $number }.
assign-date-bad = Не понял дату. Напишите, например, 15.05.2026 или «май 2026». /cancel — отмена.

## Просмотр планов
plans-none-visible = Здесь появятся планы, по которым у вашей организации есть задачи. Пока таких нет.
plan-sections = <b>{ $title }</b>
    { $period } · разделов: { $sections }
    Выберите раздел или найдите пункт по словам или номеру.
section-items = <b>{ $section }</b>
    Пунктов: { $items }
btn-search = 🔎 Поиск
search-ask = Напишите слова из названия пункта или его номер (например, 2.3). Для отмены — /cancel.
search-nothing = Ничего не нашёл. Попробуйте другие слова или /cancel.
search-found = Найдено пунктов: { $count } («{ $query }»)
item-deadline = 📅 Срок: { $text } — <b>{ $date }</b>, { $left }
item-deadline-none = 📅 Срок: { $text } — дата не назначена
item-due-dates = Срок { $shown } из { $count }
item-responsible = 👤 Ответственные: { $text }
item-text-only = 📝 Отчёт можно сдать без фото
item-assigned = 🏫 Исполнителей: { $count }
item-own-status = 🏫 { $org }: { $status }
item-review-comment = 💬 Замечание: { $comment }
item-history = <b>История</b>
btn-report = 📝 Отчитаться
btn-missing = 🙋 Кто не отчитался
btn-item-assignees = 🎯 Исполнители
btn-text-only-on = 📝 Разрешить без фото
btn-text-only-off = 📷 Требовать фото
missing-title = <b>Не отчитались</b> по пункту { $item } (срок { $date }): { $count }
missing-none = Все отчитались.
btn-nudge = 📣 Напомнить
nudge-sent = 📣 Напоминание отправлено: { $people } чел. в { $orgs } орг.
nudge-partly-before = Ещё { $people } чел. сегодня уже напоминали — повторно завтра.
nudge-already = Сегодня об этом сроке уже напоминали ({ $people } чел.). Повторить можно завтра.
nudge-nobody = Напомнить некому: у тех, кто не отчитался, нет подключённых к боту сотрудников.
digest-nudge-title = 📣 <b>Напоминание</b> от { $by } ({ $org }): срок отчёта
due-in = через { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}
due-today = сегодня
due-overdue = просрочено на { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}
status-not_started = не начато
status-reported = на проверке
status-approved = принято
status-returned = возвращено на доработку
status-overdue = просрочено

## Мои задачи
tasks-group-overdue = 🔴 Просрочено: { $count }
tasks-group-week = 🟡 На этой неделе: { $count }
tasks-group-later = ⚪ Позже: { $count }
tasks-group-done = ✅ Сдано: { $count }
tasks-teachers = Педагоги

## Отчёт
cmd-report = Отчитаться о мероприятии
btn-skip = Пропустить ›
btn-files-done = ✅ Готово ({ $count })
btn-files-clear = 🗑 Убрать все файлы
btn-today = Сегодня
btn-yesterday = Вчера
btn-other-date = 📅 Другая дата
btn-submit = 📤 Отправить отчёт
btn-edit = ✏️ Изменить
report-choose-task = За какую задачу отчитаться?
report-nothing-open = Сейчас нет задач, по которым ждут отчёт.
report-ask-files = <b>Отчёт: { $number } { $title }</b> (срок { $date })
    Отправьте фото мероприятия — по одному или альбомом, можно добавить документы. Затем нажмите «Готово».
report-text-only-hint = По этому пункту можно отчитаться без фото: сразу нажмите «Готово».
report-files-added = Добавлено файлов: { $added }. Всего в отчёте: { $total }. Ещё фото — или «Готово».
report-files-expected = Жду фото или документ. Когда всё отправите — нажмите «Готово». Для отмены — /cancel.
report-ask-date = Когда прошло мероприятие?
report-ask-date-typed = Напишите дату в виде ДД.ММ.ГГГГ, например 15.03.2026.
report-ask-participants = Сколько было участников? Напишите число или нажмите «Пропустить».
report-ask-text = Коротко опишите мероприятие (до 1000 знаков) или нажмите «Пропустить».
report-ask-link = Ссылка на новость о мероприятии (https://…) — или «Пропустить».
report-edit-which = Что изменить?
report-summary-title = <b>Отчёт: { $number } { $title }</b>
report-summary-org = 🏫 { $org }
report-summary-due = 📅 Срок: { $date }
report-summary-date = 🗓 Дата мероприятия: { $date }
report-summary-participants = 👥 Участников: { $count }
report-summary-text = 📝 { $text }
report-summary-link = 🔗 { $link }
report-summary-files = 📎 Фото: { $photos }, документов: { $documents }
report-submitted = 📤 Отчёт отправлен на проверку. Сообщу, когда его посмотрят.
report-cancelled = Отчёт отменён. Ничего не отправлено.
report-step-over = Этот шаг уже пройден. Откройте задачу заново: /tasks.
report-use-buttons = Ответьте на вопрос выше или воспользуйтесь кнопками. Для отмены — /cancel.
report-which-task = Получено файлов: { $count }. К какой задаче их приложить?
report-no-due-date = У этого пункта ещё нет срока — отчёт можно будет сдать, когда администратор его назначит.
report-already = По этому сроку ваша организация уже отчиталась.
report-not-assigned = Этот пункт не поручен вашей организации.
report-too-many-files = В одном отчёте не больше { $max } файлов.
report-photo-required = Нужно хотя бы одно фото мероприятия.
report-bad-date = Не понял дату. Напишите её как ДД.ММ.ГГГГ: не позже сегодняшнего дня и не раньше чем год назад.
report-bad-participants = Напишите число участников цифрами, например 25.
report-bad-link = Это не похоже на ссылку. Пришлите адрес, начинающийся с https://, или нажмите «Пропустить».
report-text-too-long = Слишком длинно: { $length } знаков, можно до { $max }.
evidence-too-big = Файл больше 20 МБ — такой бот не может принять. Сожмите его или отправьте другой.
evidence-not-image = Этот файл не открывается как изображение. Отправьте настоящее фото.
evidence-too-many-pixels = Изображение слишком большое (больше 50 мегапикселей). Отправьте уменьшенную копию.
field-files = 📎 Файлы
field-date = 🗓 Дата
field-participants = 👥 Участники
field-text = 📝 Описание
field-link = 🔗 Ссылка
field-event_date = дата
history-line = { $when } · { $who }: { $action }
history-submitted = отправил(а) отчёт
history-amended = исправил(а) отчёт
history-approved = принял(а)
history-returned = вернул(а) на доработку

## Проверка
cmd-review = Отчёты на проверку
btn-review = ✅ Проверка
btn-approve = ✅ Принять
btn-return = ↩️ Вернуть
btn-show-files = 🖼 Файлы ({ $count })
btn-open-report = Открыть отчёт
btn-amend = ✏️ Исправить отчёт
review-title = <b>Отчёты на проверку</b>: { $count }
review-empty = Отчётов на проверку нет.
review-author = 👤 { $name }, версия { $version }
review-reused = ⚠️ { $count ->
    [one] Одно фото уже было
   *[other] Фото ({ $count }) уже были
} в других отчётах: { $reports }
review-ask-comment = Напишите, что нужно исправить, — педагог увидит это замечание.
review-comment-required = Без замечания вернуть отчёт нельзя: напишите, что исправить.
review-approved = Отчёт принят.
review-returned = Отчёт возвращён с замечанием.
review-not-waiting = Этот отчёт уже не ждёт решения.
review-new = 📥 Новый отчёт на проверку: { $number } { $title }
    { $org } · { $author }
review-approved-note = ✅ Отчёт по пункту { $number } { $title } принят.
review-returned-note = ↩️ Отчёт по пункту { $number } { $title } возвращён на доработку.
    💬 { $comment }
plan-assigned = Пунктов: { $items }, назначено исполнителям: { $assigned }
btn-statuses = 🏫 Все исполнители
statuses-title = <b>Исполнители</b> пункта { $item } (срок { $date }): { $count }

## Напоминания
digest-title = 🔔 <b>Сроки по планам</b>
digest-escalate-head = ⚠️ { $org }: { $number } { $title } — { $when }
digest-escalate-admin = 🚨 { $org }: { $number } { $title } — { $when }
# One alert in a digest: behind its date, due today, or coming up.
digest-line-overdue = 🔴 { $number } { $title } — { $when }
digest-line-today = 📅 { $number } { $title } — { $when }
digest-line-ahead = ⏰ { $number } { $title } — { $when }
weekly-title = 📊 <b>Итоги недели { $start } – { $end }</b> — { $org }
weekly-line = • { $name }: срок { $due }, сдано { $done }, просрочено { $overdue }
weekly-worst = <b>Больше всего просрочено:</b>
weekly-no-overdue = Просроченных пунктов нет.
settings-bad-time = Напишите время как ЧЧ:ММ, например 09:00.
settings-time-in-quiet = Это время попадает в тихие часы — напоминания тогда не приходят. Выберите другое время или измените тихие часы.

## Настройки
cmd-settings = Язык, время напоминаний, тихие часы
btn-settings = ⚙️ Настройки
settings-title = <b>⚙️ Настройки</b>
    🌐 Язык: { $language }
    🕒 Часовой пояс: { $timezone }
    🔔 Напоминания приходят в { $time }
    🌙 Тихие часы: { $quiet }
    📬 Не больше одной сводки в день: { $daily }
    🔕 Заглушено планов: { $muted }
settings-language-telegram = как в Telegram
settings-timezone-org = { $zone } (по организации)
settings-timezone-as-org = По организации
settings-off = выкл.
settings-yes = да
settings-no = нет
settings-rule-days = через { $days } дн.
btn-settings-language = 🌐 Язык
btn-settings-timezone = 🕒 Часовой пояс
btn-settings-time = 🔔 Время напоминаний
btn-settings-quiet = 🌙 Тихие часы
btn-settings-daily-on = 📬 Сводка раз в день
btn-settings-daily-off = 📬 Сводки без ограничения
settings-monthly-line = 📅 Ежемесячный отчёт (XLSX и DOCX по планам): { $monthly }
btn-settings-monthly-on = 📅 Присылать ежемесячный отчёт
btn-settings-monthly-off = 📅 Не присылать ежемесячный отчёт
btn-settings-plans = 🔕 Заглушить план
settings-choose-language = Выберите язык:
settings-language-set = Готово: язык изменён.
settings-choose-timezone = Выберите часовой пояс — напоминания придут по нему:
settings-choose-time = Во сколько присылать напоминания? Выберите или напишите время, например 08:30.
settings-choose-quiet = В какие часы не присылать ничего?
settings-quiet-off = Без тихих часов
settings-plans = Нажмите на план, чтобы заглушить (🔕) или снова включить (🔔) напоминания по нему.
settings-bad-timezone = Не знаю такого часового пояса.
language-ru = Русский
language-be = Беларуская
language-en = English
btn-plan-rules = 🔔 Напоминания по плану
rules-title = <b>Напоминания — { $title }</b>
    Нажимайте на строку, чтобы выбрать другое значение.
rules-before = До срока, за дней: { $days }
rules-due = В день срока: { $value }
rules-overdue = При просрочке — повторять: { $days }
rules-head = Руководителю — { $days }
rules-admin = Администратору — { $days }
btn-rules-reset = ↺ По умолчанию

## Рассылки
cmd-broadcast = Разослать объявление
cmd-broadcasts = Мои рассылки
btn-broadcast = 📣 Рассылка
broadcast-ask-message = 📣 Рассылка от имени «{ $org }».
    Пришлите сообщение, которое нужно разослать: текст, фото, документ, альбом или пересланный пост — оно уйдёт получателям как есть. Для отмены — /cancel.
broadcast-choose-audience = Кому отправить?
broadcast-use-buttons = Выберите получателей кнопками выше или отправьте /cancel.
audience-all = 👥 Всем в моей зоне
audience-role = 🎭 По роли
audience-kind = 🏷 По типу организации
audience-district = 🗺 По району
audience-orgs = 🏫 Выбранным организациям
audience-overdue = 🔴 Организациям с просрочкой по плану
audience-not-reported = 🙋 Кто не отчитался по пункту
audience-choose-plan = Выберите план:
audience-choose-item = Выберите пункт:
btn-audience-done = Готово ({ $count })
broadcast-preview = Получателей: <b>{ $count }</b>{ $unreachable ->
    [0] {""}
   *[other] {" "}(ещё { $unreachable } заблокировали бота — им не отправится)
}.
btn-broadcast-send = 📤 Отправить сейчас ({ $count })
btn-broadcast-later = 🕒 Запланировать
broadcast-ask-time = Когда отправить? Напишите время (18:30) или дату и время (25.12 18:30) — по вашему часовому поясу.
broadcast-bad-time = Не понял время или оно уже прошло. Пример: 18:30 или 25.12 18:30.
broadcast-no-recipients = Некому отправлять: выберите других получателей.
broadcast-dropped = Рассылка отменена, ничего не отправлено.
broadcast-scheduled = 🕒 Рассылка запланирована на { $when }, получателей: { $count }. Отменить — /broadcasts.
broadcast-started = 📤 Рассылка началась, получателей: { $count }.
broadcast-progress = 📤 Отправлено: { $sent } · не доставлено: { $failed } · осталось: { $left } · ещё примерно { $eta }
btn-broadcast-cancel = ✖️ Остановить рассылку
broadcast-cancelling = Останавливаю рассылку.
broadcast-done = ✅ Рассылка завершена. Доставлено: { $sent }, не доставлено: { $failed }, заблокировали бота: { $unreachable }.
broadcast-cancelled-summary = ✖️ Рассылка остановлена. Доставлено: { $sent }, не доставлено: { $failed }, заблокировали бота: { $unreachable }, не отправлено: { $left }.
broadcasts-title = <b>Мои рассылки</b>
broadcasts-none = Вы ещё ничего не рассылали. Начать — /broadcast.
broadcasts-line = { $date } · { $status } · { $sent }/{ $total }
broadcast-status-scheduled = запланирована
broadcast-status-sending = идёт
broadcast-status-done = завершена
broadcast-status-cancelled = остановлена
broadcast-delivery = <b>Рассылка №{ $id }</b>, получателей: { $total }
outbox-pending = ⏳
outbox-sending = 📤
outbox-sent = ✅
outbox-failed = ⚠️
outbox-unreachable = 🚫
btn-failures-csv = 📄 Недоставленные (CSV)

## progress
progress-title = 📊 <b>Ход выполнения</b>
progress-choose-plan = Выберите план:
btn-progress = 📊 Ход выполнения
cmd-progress = Ход выполнения планов
btn-progress-sections = По разделам
btn-progress-districts = По районам
btn-progress-orgs = По организациям
Выберите план:
progress-no-plans = Пока нет планов с пунктами, назначенными вашим организациям.
progress-plan-title = 📊 <b>{ $title }</b>
progress-scope = { $org }, на { $today }
progress-done = ✅ Выполнено: { $done } из { $total }
progress-review = 🕓 На проверке: { $count }
progress-overdue = 🔴 Просрочено: { $count }
progress-week = 🟡 Срок на этой неделе: { $count }
progress-later = ⚪ Срок позже: { $count }
progress-by-sections = 📊 <b>{ $title }</b> — по разделам
progress-by-districts = 📊 <b>{ $title }</b> — по районам, сначала отстающие
progress-by-orgs = 📊 <b>{ $title }</b> — по организациям, сначала отстающие
progress-line-overdue = 🔴 { $count }

## exports
btn-progress-export = 📤 Экспорт XLSX
progress-export-building = Готовлю файл…
progress-export-caption = Ход выполнения: { $title }
monthly-intro = 📅 <b>Ежемесячный отчёт</b> за { $period }: планов — { $plans }. Для каждого — ход выполнения (XLSX) и информация о выполнении (DOCX).
monthly-none = 📅 <b>Ежемесячный отчёт</b> за { $period }: действующих планов с назначенными пунктами нет. Отключить отчёт — /settings.
export-sheet-summary = Сводка
export-sheet-items = По пунктам
export-scope = { $org }, на { $today }
export-by-sections = По разделам
export-by-districts = По районам и организациям
export-col-name = Наименование
export-col-total = Всего сроков
export-col-done = Выполнено
export-col-review = На проверке
export-col-overdue = Просрочено
export-col-week = На этой неделе
export-col-later = Позже
export-col-percent = Выполнено, доля
export-col-section = Раздел
export-col-number = №
export-col-title = Мероприятие
export-col-deadline = Срок по плану
export-col-org = Организация
export-col-due = Дата срока
export-col-status = Статус
export-col-submitted = Дата отчёта
export-col-event-date = Дата проведения
export-col-participants = Участников
export-col-text = Что сделано
export-col-link = Ссылка
export-col-reviewer = Проверил
export-col-files = Файлы
export-status-done = выполнено
export-status-review = на проверке
export-status-returned = возвращён на доработку
export-status-overdue = просрочено
export-status-waiting = ожидается
btn-progress-audit = 📜 Журнал CSV
progress-audit-caption = Журнал действий: { $title }
export-audit-col-at = Когда
export-audit-col-who = Кто
export-audit-col-action = Действие
export-audit-col-org = Организация
export-audit-col-number = №
export-audit-col-title = Пункт / план
export-audit-col-details = Подробности
export-audit-imported = загрузил план
export-audit-assigned = назначил пункт
export-audit-submitted = отправил отчёт
export-audit-amended = исправил отчёт
export-audit-approved = принял отчёт
export-audit-returned = вернул отчёт на доработку
export-audit-broadcast = сделал рассылку
export-audit-invited = создал приглашение
export-audit-joined = вошёл по приглашению
export-audit-recipients = получателей: { $count }
export-audit-audience-all = всем
export-audit-audience-role = по роли
export-audit-audience-org_kind = по типу организации
export-audit-audience-district = по району
export-audit-audience-orgs = выбранным организациям
export-audit-audience-overdue = организациям с просрочкой по плану
export-audit-audience-not_reported = кто не отчитался по пункту

## charts
btn-progress-charts = 📈 Графики
progress-charts-drawing = Рисую графики…
progress-charts-caption = 📈 { $title }
chart-by-sections = Выполнение по разделам
chart-by-districts = Выполнение по районам, сначала отстающие
chart-by-orgs = Выполнение по организациям, сначала отстающие
chart-weekly = Отчёты по неделям
chart-done-axis = выполнено, %
chart-reports-axis = отчётов за неделю
btn-progress-docx = 📄 Отчёт DOCX
export-docx-heading = Информация о ходе выполнения плана: { $title }
export-docx-col-number = № п/п
export-docx-col-title = Наименование мероприятия
export-docx-col-deadline = Срок исполнения
export-docx-col-responsible = Ответственные
export-docx-col-done = Информация о выполнении
export-docx-not-done = Не выполнено: отчётов нет.
export-docx-review = Отчёт на проверке.
export-docx-participants = участников: { $count }
export-docx-photos-left-out = Не все фото поместились в файл (Telegram принимает файлы до 50 МБ): все фото отчётов — в архиве «🗂 Фото ZIP».
btn-progress-zip = 🗂 Фото ZIP
progress-zip-empty = В отчётах по этому плану пока нет файлов.
progress-zip-caption = 🗂 { $title } — часть { $part } из { $parts }
export-zip-photo = фото
export-zip-document = документ
export-zip-col-file = Файл
export-zip-col-org = Организация
export-zip-col-status = Статус отчёта
export-zip-col-sha256 = SHA-256
