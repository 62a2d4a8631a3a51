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
menu-head-hint = Здесь появятся задачи вашей организации, отчёты педагогов на проверку и сроки.
menu-teacher-hint = Здесь появятся ваши задачи и кнопка отчёта о проведённом мероприятии.
menu-observer-hint = Здесь появится ход исполнения планов.

btn-import-plan = 📥 Импорт плана
btn-plans = 📋 Планы
btn-help = ❓ Помощь
btn-cancel = ✖️ Отмена

help-text =
    <b>Команды</b>
    /menu — главное меню
    /plans — импортированные планы
    /import — загрузить план работы (для администраторов)
    /people — люди, приглашения, организации
    /tasks — задачи организации
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
import-send-file = Отправьте файл плана работы документом: TXT, DOCX, XLSX или CSV, до 20 МБ. Для отмены — /cancel.
import-need-file = Нужен файл плана (TXT, DOCX, XLSX или CSV), отправленный как документ. Для отмены — /cancel.

import-not-supported = Этот файл не похож на план: поддерживаются TXT, MD, DOCX, XLSX и CSV.
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
import-error-unknown-format = тип файла «{ $extension }» не поддерживается; отправьте TXT, MD, DOCX, XLSX или CSV
import-error-not-text = это не текстовый файл
import-error-encrypted = файл защищён паролем или сохранён в старом формате .doc/.xls; сохраните его как DOCX или XLSX без пароля
import-error-corrupt = файл повреждён и не открывается как { $format }
import-error-archive-too-big = файл распаковывается больше чем в { $limit_mb } МБ или { $limit_entries } частей — это не обычный документ
import-error-too-many-rows = в таблице больше { $limit } строк
import-error-no-table = не найдена таблица плана: нужна шапка со столбцами вроде «№», «Мероприятие», «Срок», «Ответственные»
import-error-no-items = в таблице плана нет пронумерованных пунктов
import-error-too-slow = файл читается дольше { $seconds } с — он слишком большой или испорчен

import-warning-duplicate-number = пункт { $number } встречается { $count } { $count ->
        [few] раза
       *[other] раз
    } ({ $places })
import-warning-numbering-gap = нумерация перескакивает с { $previous } на { $number }
import-warning-deadline-unreadable = пункт { $number }: не удалось прочитать срок «{ $text }»
import-warning-deadline-elsewhere = пункт { $number }: срок определяется отдельно («{ $text }») — укажите дату вручную
import-warning-deadline-missing = у пункта { $number } нет срока
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
plans-none = Планов пока нет. Загрузите план через /import.
plans-not-admin = Здесь появятся планы, по которым у вашей организации есть задачи.
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
plan-card = <b>{ $title }</b>
    Период: { $period }
    Пунктов: { $items }, назначено исполнителям: { $assigned }
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
plans-open = Откройте план кнопкой ниже.

btn-tasks = 📋 Задачи
cmd-tasks = Задачи организации
tasks-title = <b>Задачи — { $org }</b>
tasks-line = • { $number } { $title } — { $due }
tasks-due = до { $date } (дней: { $days })
tasks-due-today = сегодня
tasks-no-date = срок уточняется
tasks-none = Вашей организации пока не назначено ни одного пункта плана.
tasks-late = ⚠️ срок прошёл { $date }

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
