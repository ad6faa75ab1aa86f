<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>Actions</name>
    <message>
        <source>{tip} ({shortcut})</source>
        <translation>{tip} ({shortcut})</translation>
    </message>
</context>
<context>
    <name>AddCodesDialog</name>
    <message>
        <source>Add codes to batch {number} of {date}</source>
        <translation>Добавление кодов в партию {number} от {date}</translation>
    </message>
    <message>
        <source>Paste marking codes, one per line, or load them from a text file. Codes already stored anywhere are not added and are listed with the batch they belong to.</source>
        <translation>Вставьте коды маркировки, по одному в строке, или загрузите их из текстового файла. Коды, которые уже сохранены, не добавляются: они будут перечислены вместе с партией, к которой относятся.</translation>
    </message>
    <message>
        <source>One code per line</source>
        <translation>По одному коду в строке</translation>
    </message>
    <message>
        <source>Load from file…</source>
        <translation>Загрузить из файла…</translation>
    </message>
    <message>
        <source>Add codes</source>
        <translation>Добавить коды</translation>
    </message>
    <message>
        <source>Codes file</source>
        <translation>Файл с кодами</translation>
    </message>
    <message>
        <source>Text files (*.txt *.csv)</source>
        <translation>Текстовые файлы (*.txt *.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
    <message>
        <source>The codes in {files} are added too.</source>
        <translation>Коды из {files} тоже будут добавлены.</translation>
    </message>
    <message>
        <source>Codes typed or pasted: {count}</source>
        <translation>Введено или вставлено кодов: {count}</translation>
    </message>
    <message>
        <source>Paste at least one code or load a file.</source>
        <translation>Вставьте хотя бы один код или загрузите файл.</translation>
    </message>
    <message>
        <source>Adding codes…</source>
        <translation>Добавление кодов…</translation>
    </message>
    <message>
        <source>Added: {added}. Not added: {rejected}, listed below.</source>
        <translation>Добавлено: {added}. Не добавлено: {rejected}, список ниже.</translation>
    </message>
    <message>
        <source>Added: {added}.</source>
        <translation>Добавлено: {added}.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Why it was not added</source>
        <translation>Почему не добавлен</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>AggregationPage</name>
    <message>
        <source>No serial port is set (Settings → Scanner).</source>
        <extracomment>How often kept scans are retried while the database is away (ms). The counters are re-read at most this often (ms): every scan of every station ends here. How long the &quot;kept scans got their verdicts&quot; report stays (ms).</extracomment>
        <translation>COM-порт не задан (Настройки → Сканер).</translation>
    </message>
    <message>
        <source>Scanner: keyboard wedge. Scan anywhere in the window.</source>
        <translation>Сканер: в режиме клавиатуры. Сканируйте в любом месте окна.</translation>
    </message>
    <message>
        <source>Scan the first code.</source>
        <translation>Отсканируйте первый код.</translation>
    </message>
    <message>
        <source>The batch chosen before no longer exists. Choose another.</source>
        <translation>Выбранной ранее партии больше нет. Выберите другую.</translation>
    </message>
    <message>
        <source>added to the open dialog&apos;s list</source>
        <translation>добавлен в список открытого окна</translation>
    </message>
    <message>
        <source>this batch</source>
        <translation>эту партию</translation>
    </message>
    <message>
        <source>Scanner: serial port {port}, connected.</source>
        <translation>Сканер: COM-порт {port}, подключён.</translation>
    </message>
    <message>
        <source>Serial scanner: {problem}</source>
        <translation>COM-сканер: {problem}</translation>
    </message>
</context>
<context>
    <name>AnalyticsPage</name>
    <message>
        <source>Dashboard</source>
        <translation>Сводка</translation>
    </message>
    <message>
        <source>Batch statistics</source>
        <translation>Статистика партии</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Сравнение</translation>
    </message>
</context>
<context>
    <name>AttemptsModel</name>
    <message>
        <source>Attempted at</source>
        <translation>Время попытки</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP-статус</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>Ответ</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>нет ответа</translation>
    </message>
</context>
<context>
    <name>AttemptsPane</name>
    <message>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>Select a delivery to see its attempts.</source>
        <translation>Выберите доставку, чтобы увидеть её попытки.</translation>
    </message>
    <message>
        <source>Every HTTP request is listed with its time, duration, status code, error and the start of the receiver&apos;s answer.</source>
        <translation>Каждый HTTP-запрос показан со временем, длительностью, кодом ответа, ошибкой и началом ответа получателя.</translation>
    </message>
    <message>
        <source>Attempts of delivery #{id}: {event} to {url}</source>
        <translation>Попытки доставки №{id}: {event} на {url}</translation>
    </message>
    <message>
        <source>Loading attempts…</source>
        <translation>Загрузка попыток…</translation>
    </message>
    <message>
        <source>Not sent yet.</source>
        <translation>Ещё не отправлено.</translation>
    </message>
    <message>
        <source>The first attempt is due at {time}. A subscription that is not active keeps its deliveries waiting.</source>
        <translation>Первая попытка — {time}. У неактивной подписки доставки ждут.</translation>
    </message>
    <message>
        <source>No attempts were recorded.</source>
        <translation>Попыток не записано.</translation>
    </message>
    <message>
        <source>The attempts could not be read.</source>
        <translation>Не удалось прочитать попытки.</translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>Active</source>
        <translation>Активна</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создание</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Изменение</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Удаление</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрытие</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Повторное открытие</translation>
    </message>
    <message>
        <source>Created from 1C</source>
        <translation>Создание из 1С</translation>
    </message>
    <message>
        <source>Updated from 1C</source>
        <translation>Обновление из 1С</translation>
    </message>
    <message>
        <source>Created from a file</source>
        <translation>Создание из файла</translation>
    </message>
    <message>
        <source>Updated from a file</source>
        <translation>Обновление из файла</translation>
    </message>
    <message>
        <source>Products imported</source>
        <translation>Импорт продукции</translation>
    </message>
    <message>
        <source>Products added from 1C</source>
        <translation>Продукция из 1С</translation>
    </message>
    <message>
        <source>Products added</source>
        <translation>Добавление продукции</translation>
    </message>
    <message>
        <source>Bulk aggregation</source>
        <translation>Массовая агрегация</translation>
    </message>
    <message>
        <source>Report made</source>
        <translation>Отчёт</translation>
    </message>
    <message>
        <source>Test event sent</source>
        <translation>Тестовое событие</translation>
    </message>
    <message>
        <source>Sent again</source>
        <translation>Повторная отправка</translation>
    </message>
    <message>
        <source>Failed deliveries sent again</source>
        <translation>Повторная отправка неудачных</translation>
    </message>
    <message>
        <source>Failed deliveries retried</source>
        <translation>Повтор неудачных доставок</translation>
    </message>
    <message>
        <source>Demo data created</source>
        <translation>Демо-данные</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Партия</translation>
    </message>
    <message>
        <source>Webhook subscription</source>
        <translation>Подписка на вебхуки</translation>
    </message>
    <message>
        <source>Webhook delivery</source>
        <translation>Доставка вебхука</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Продукция</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Batch number</source>
        <translation>Номер партии</translation>
    </message>
    <message>
        <source>Batch date</source>
        <translation>Дата партии</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>Время закрытия</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>Рабочий центр</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Смена</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Бригада</translation>
    </message>
    <message>
        <source>Nomenclature</source>
        <translation>Номенклатура</translation>
    </message>
    <message>
        <source>EKN code</source>
        <translation>Код ЕКН</translation>
    </message>
    <message>
        <source>Shift start</source>
        <translation>Начало смены</translation>
    </message>
    <message>
        <source>Shift end</source>
        <translation>Окончание смены</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Партии</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Строк</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
    <message>
        <source>Custom headers</source>
        <translation>Свои заголовки</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Ограничение частоты</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Повторы</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Тайм-аут</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Количество</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>не записано</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>{entity} {id}</source>
        <translation>{entity} {id}</translation>
    </message>
</context>
<context>
    <name>AuditFilterBar</name>
    <message>
        <source>Any user</source>
        <translation>Все пользователи</translation>
    </message>
    <message>
        <source>Any action</source>
        <translation>Все действия</translation>
    </message>
    <message>
        <source>Any entity</source>
        <translation>Все объекты</translation>
    </message>
    <message>
        <source>any</source>
        <translation>любой</translation>
    </message>
    <message>
        <source>One entity&apos;s history: choose the entity, then type its ID (a batch&apos;s ID, say)</source>
        <translation>История одного объекта: выберите объект и введите его ID (например, ID партии)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Станция</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Действие</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Изменения</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Загрузка…</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit log</source>
        <translation>Журнал аудита</translation>
    </message>
    <message>
        <source>Write every entry the filters select to an Excel workbook</source>
        <translation>Выгрузить в книгу Excel все записи, выбранные фильтрами</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Сбросить фильтры</translation>
    </message>
    <message>
        <source>An ID is looked for within one entity: choose the entity too.</source>
        <translation>ID ищется внутри одного объекта: выберите и объект.</translation>
    </message>
    <message>
        <source>The audit log could not be read.</source>
        <translation>Не удалось прочитать журнал аудита.</translation>
    </message>
    <message>
        <source>Loading the audit log…</source>
        <translation>Загрузка журнала аудита…</translation>
    </message>
    <message>
        <source>No entries match these filters.</source>
        <translation>Нет записей с такими фильтрами.</translation>
    </message>
    <message>
        <source>Choose another user, action or entity, a longer time range, or clear the filters.</source>
        <translation>Выберите другого пользователя, действие или объект, больший период или сбросьте фильтры.</translation>
    </message>
    <message>
        <source>Nothing has been changed yet.</source>
        <translation>Ничего ещё не менялось.</translation>
    </message>
    <message>
        <source>Every change is listed here as it is made: batches created, edited, closed or imported, webhook subscriptions, reports and exports, with who made it, on which station and when.</source>
        <translation>Здесь появляется каждое изменение, как только оно сделано: создание, правка, закрытие и импорт партий, подписки на вебхуки, отчёты и выгрузки — кто, на какой станции и когда.</translation>
    </message>
    <message>
        <source>newest {count} shown; more as you scroll</source>
        <translation>показаны последние {count}; дальше — при прокрутке</translation>
    </message>
    <message>
        <source>{count} entries</source>
        <translation>записей: {count}</translation>
    </message>
    <message>
        <source>Export of the audit log</source>
        <translation>Выгрузка журнала аудита</translation>
    </message>
</context>
<context>
    <name>BatchActions</name>
    <message>
        <source>New batch</source>
        <translation>Новая партия</translation>
    </message>
    <message>
        <source>Create a batch by hand</source>
        <translation>Создать партию вручную</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Edit the selected batch</source>
        <translation>Изменить выбранную партию</translation>
    </message>
    <message>
        <source>Close batch</source>
        <translation>Закрыть партию</translation>
    </message>
    <message>
        <source>Close the selected batch: no more aggregation until it is reopened</source>
        <translation>Закрыть выбранную партию: агрегация будет невозможна, пока партию не откроют снова</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Открыть снова</translation>
    </message>
    <message>
        <source>Reopen the selected closed batch</source>
        <translation>Снова открыть выбранную закрытую партию</translation>
    </message>
    <message>
        <source>Add codes</source>
        <translation>Добавить коды</translation>
    </message>
    <message>
        <source>Add product codes to the selected batch: paste them or load a file</source>
        <translation>Добавить коды продукции в выбранную партию: вставить их или загрузить файл</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <source>Import shift tasks or product codes from Excel, CSV or a 1C JSON file (or drop the file on this page)</source>
        <translation>Импорт сменных заданий или кодов продуктов из Excel, CSV или файла JSON из 1С (или перетащите файл на эту страницу)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Экспорт…</translation>
    </message>
    <message>
        <source>Export the listed batches or their product codes to Excel or CSV</source>
        <translation>Выгрузить партии списка или их коды продуктов в Excel или CSV</translation>
    </message>
    <message>
        <source>Report…</source>
        <translation>Отчёт…</translation>
    </message>
    <message>
        <source>A report on the selected batch, in PDF or Excel</source>
        <translation>Отчёт по выбранной партии в PDF или Excel</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Сравнить</translation>
    </message>
    <message>
        <source>Compare the chosen batches (Ctrl+click to choose 2 to 50) in Analytics</source>
        <translation>Сравнить выбранные партии в «Аналитике» (Ctrl+щелчок — выбрать от 2 до 50)</translation>
    </message>
    <message>
        <source>Open in Aggregation</source>
        <translation>Открыть в агрегации</translation>
    </message>
    <message>
        <source>Scan codes into the selected batch</source>
        <translation>Сканировать коды в выбранную партию</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Load the list again</source>
        <translation>Загрузить список заново</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>Go to the search field</source>
        <translation>Перейти к полю поиска</translation>
    </message>
    <message>
        <source>Copy row</source>
        <translation>Копировать строку</translation>
    </message>
    <message>
        <source>Copy the selected row as text</source>
        <translation>Скопировать выбранную строку как текст</translation>
    </message>
    <message>
        <source>The batch is closed: reopen it first.</source>
        <extracomment>The actions a role may be refused, by their name in ``ACTION_USE_CASES``.</extracomment>
        <translation>Партия закрыта: сначала откройте её снова.</translation>
    </message>
</context>
<context>
    <name>BatchChooser</name>
    <message>
        <source>Choose the batch to aggregate into</source>
        <translation>Выберите партию для агрегации</translation>
    </message>
    <message>
        <source>Batch number or nomenclature…</source>
        <translation>Номер партии или номенклатура…</translation>
    </message>
    <message>
        <source>Batches of work center {center} are listed first.</source>
        <translation>Сначала показаны партии рабочего центра {center}.</translation>
    </message>
    <message>
        <source>No work center is set for this station (Settings → This station): all open batches are listed.</source>
        <translation>Рабочий центр станции не задан (Настройки → Эта станция): показаны все открытые партии.</translation>
    </message>
    <message>
        <source>Work center {center}</source>
        <translation>Рабочий центр {center}</translation>
    </message>
    <message>
        <source>Other work centers</source>
        <translation>Другие рабочие центры</translation>
    </message>
    <message>
        <source>No open batch matches. Batches arrive from 1C or are imported on the Batches page.</source>
        <translation>Подходящих открытых партий нет. Партии приходят из 1С или загружаются на странице «Партии».</translation>
    </message>
    <message>
        <source>There are no open batches. Batches arrive from 1C or are imported on the Batches page.</source>
        <translation>Открытых партий нет. Партии приходят из 1С или загружаются на странице «Партии».</translation>
    </message>
    <message>
        <source>Enter takes the first batch; Down moves into the list.</source>
        <translation>Enter — первая партия списка; стрелка вниз — переход в список.</translation>
    </message>
    <message>
        <source>Could not load the batches: {reason}</source>
        <translation>Не удалось загрузить партии: {reason}</translation>
    </message>
    <message>
        <source>No. {number} of {date}  ·  {nomenclature}  ·  {shift}  ·  {team}  ·  {done} of {total} aggregated</source>
        <translation>№ {number} от {date}  ·  {nomenclature}  ·  {shift}  ·  {team}  ·  агрегировано {done} из {total}</translation>
    </message>
</context>
<context>
    <name>BatchDetailPanel</name>
    <message>
        <source>Select a batch to see its fields, statistics and products.</source>
        <translation>Выберите партию, чтобы увидеть её реквизиты, статистику и продукцию.</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>Рабочий центр</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Смена</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Бригада</translation>
    </message>
    <message>
        <source>Nomenclature</source>
        <translation>Номенклатура</translation>
    </message>
    <message>
        <source>ЕКН</source>
        <translation>Код ЕКН</translation>
    </message>
    <message>
        <source>Shift start</source>
        <translation>Начало смены</translation>
    </message>
    <message>
        <source>Shift end</source>
        <translation>Окончание смены</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Изменена</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Aggregation</source>
        <translation>Агрегация</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Продукция</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Осталось</translation>
    </message>
    <message>
        <source>Shift length</source>
        <translation>Длительность смены</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>Прошло</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>В час</translation>
    </message>
    <message>
        <source>Estimated finish</source>
        <translation>Ожидаемое завершение</translation>
    </message>
    <message>
        <source>The statistics could not be loaded: {reason}</source>
        <translation>Не удалось загрузить статистику: {reason}</translation>
    </message>
    <message>
        <source>Batch {number} of {date}</source>
        <translation>Партия {number} от {date}</translation>
    </message>
    <message>
        <source>Closed at {moment}</source>
        <translation>Закрыта {moment}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыта</translation>
    </message>
    <message>
        <source>{identifier} · {name}</source>
        <translation>{identifier} · {name}</translation>
    </message>
    <message>
        <source>No estimate yet: nothing has been aggregated during the shift so far.</source>
        <translation>Оценки пока нет: за смену ещё ничего не агрегировано.</translation>
    </message>
    <message>
        <source>Products ({count})</source>
        <translation>Продукция ({count})</translation>
    </message>
    <message>
        <source>Loading products…</source>
        <translation>Загрузка продукции…</translation>
    </message>
    <message>
        <source>No products in this batch yet.</source>
        <translation>В партии пока нет продукции.</translation>
    </message>
    <message>
        <source>Add codes with “Add codes” (Ctrl+Shift+V) or import a 1C products file.</source>
        <translation>Добавьте коды кнопкой «Добавить коды» (Ctrl+Shift+V) или загрузите файл продукции из 1С.</translation>
    </message>
    <message>
        <source>The products could not be loaded.</source>
        <translation>Не удалось загрузить продукцию.</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>New batch</source>
        <translation>Новая партия</translation>
    </message>
    <message>
        <source>Edit batch {number} of {date}</source>
        <translation>Изменение партии {number} от {date}</translation>
    </message>
    <message>
        <source>For example 1001</source>
        <translation>Например, 1001</translation>
    </message>
    <message>
        <source>Batch number</source>
        <translation>Номер партии</translation>
    </message>
    <message>
        <source>Batch date</source>
        <translation>Дата партии</translation>
    </message>
    <message>
        <source>Work center identifier (ИдентификаторРЦ)</source>
        <translation>Идентификатор рабочего центра (ИдентификаторРЦ)</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>Рабочий центр</translation>
    </message>
    <message>
        <source>Name for a new work center (РабочийЦентр)</source>
        <translation>Наименование нового рабочего центра (РабочийЦентр)</translation>
    </message>
    <message>
        <source>Work center name</source>
        <translation>Наименование рабочего центра</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Смена</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Бригада</translation>
    </message>
    <message>
        <source>Nomenclature</source>
        <translation>Номенклатура</translation>
    </message>
    <message>
        <source>ЕКН code</source>
        <translation>Код ЕКН</translation>
    </message>
    <message>
        <source>Shift start</source>
        <translation>Начало смены</translation>
    </message>
    <message>
        <source>Shift end</source>
        <translation>Окончание смены</translation>
    </message>
    <message>
        <source>Task description</source>
        <translation>Описание сменного задания</translation>
    </message>
    <message>
        <source>Times are in the production time zone ({zone}).</source>
        <translation>Время указано в часовом поясе производства ({zone}).</translation>
    </message>
</context>
<context>
    <name>BatchEditing</name>
    <message>
        <source>Batch {number} of {date} was saved.</source>
        <translation>Партия {number} от {date} сохранена.</translation>
    </message>
    <message>
        <source>Close batch</source>
        <translation>Закрыть партию</translation>
    </message>
    <message>
        <source>Close batch {number} of {date}?</source>
        <translation>Закрыть партию {number} от {date}?</translation>
    </message>
    <message>
        <source>{aggregated} of {total} products are aggregated. A closed batch takes no more scans or edits until it is reopened.</source>
        <translation>Агрегировано {aggregated} из {total}. В закрытую партию нельзя сканировать и её нельзя изменять, пока её не откроют снова.</translation>
    </message>
    <message>
        <source>Batch {number} of {date} was closed.</source>
        <translation>Партия {number} от {date} закрыта.</translation>
    </message>
    <message>
        <source>Batch {number} of {date} was reopened.</source>
        <translation>Партия {number} от {date} снова открыта.</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Партии</translation>
    </message>
</context>
<context>
    <name>BatchFormats</name>
    <message>
        <source>{value} bytes</source>
        <translation>{value} байт</translation>
    </message>
    <message>
        <source>{value} KB</source>
        <translation>{value} КБ</translation>
    </message>
    <message>
        <source>{value} MB</source>
        <translation>{value} МБ</translation>
    </message>
    <message>
        <source>{value} GB</source>
        <translation>{value} ГБ</translation>
    </message>
    <message>
        <source>{value} %</source>
        <translation>{value} %</translation>
    </message>
    <message>
        <source>{value} h</source>
        <translation>{value} ч</translation>
    </message>
</context>
<context>
    <name>BatchHeader</name>
    <message>
        <source>Change batch (F2)</source>
        <translation>Сменить партию (F2)</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Осталось</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>В час</translation>
    </message>
    <message>
        <source>Estimated end</source>
        <translation>Ожидаемое окончание</translation>
    </message>
    <message>
        <source>Batch No. {number} of {date}</source>
        <translation>Партия № {number} от {date}</translation>
    </message>
    <message>
        <source>(no nomenclature)</source>
        <translation>(номенклатура не указана)</translation>
    </message>
    <message>
        <source>Shift: {shift}   Team: {team}   Work center: {center}</source>
        <translation>Смена: {shift}   Бригада: {team}   Рабочий центр: {center}</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>ЗАКРЫТА</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} из {total}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>готово</translation>
    </message>
    <message>
        <source>At the pace so far this shift (aggregated per elapsed shift hour).</source>
        <translation>По темпу этой смены (агрегировано за прошедший час смены).</translation>
    </message>
</context>
<context>
    <name>BatchListStatus</name>
    <message>
        <source>Try again</source>
        <translation>Повторить</translation>
    </message>
    <message>
        <source>The batches could not be loaded: {reason}</source>
        <translation>Не удалось загрузить партии: {reason}</translation>
    </message>
    <message>
        <source>The batches could not be loaded.</source>
        <translation>Не удалось загрузить партии.</translation>
    </message>
    <message>
        <source>Loading batches…</source>
        <translation>Загрузка партий…</translation>
    </message>
    <message>
        <source>No batches match these filters.</source>
        <translation>Нет партий, подходящих под эти фильтры.</translation>
    </message>
    <message>
        <source>Change the filters or clear them to see every batch.</source>
        <translation>Измените фильтры или сбросьте их, чтобы увидеть все партии.</translation>
    </message>
    <message>
        <source>There are no batches yet.</source>
        <translation>Партий пока нет.</translation>
    </message>
    <message>
        <source>Import a 1C file (Ctrl+O, or drop it here) or create a batch (Ctrl+N).</source>
        <translation>Загрузите файл 1С (Ctrl+O или перетащите его сюда) или создайте партию (Ctrl+N).</translation>
    </message>
    <message>
        <source>Batches loaded: {loaded}; counting…</source>
        <translation>Загружено партий: {loaded}; подсчёт…</translation>
    </message>
    <message>
        <source>Batches: {total}</source>
        <translation>Партий: {total}</translation>
    </message>
    <message>
        <source>Batches: {loaded} of {total} loaded</source>
        <translation>Партий: загружено {loaded} из {total}</translation>
    </message>
</context>
<context>
    <name>BatchStatsTab</name>
    <message>
        <source>The batch&apos;s id (the Batches area&apos;s ID column)</source>
        <translation>Идентификатор партии (столбец ID в разделе «Партии»)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Показать</translation>
    </message>
    <message>
        <source>Batch selected in Batches</source>
        <translation>Партия, выбранная в «Партиях»</translation>
    </message>
    <message>
        <source>Batch ID</source>
        <translation>ID партии</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Продукция</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Осталось</translation>
    </message>
    <message>
        <source>Aggregation rate</source>
        <translation>Доля агрегации</translation>
    </message>
    <message>
        <source>Shift duration</source>
        <translation>Длительность смены</translation>
    </message>
    <message>
        <source>Elapsed (within the shift)</source>
        <translation>Прошло (в пределах смены)</translation>
    </message>
    <message>
        <source>Products per hour</source>
        <translation>Продукции в час</translation>
    </message>
    <message>
        <source>Estimated completion</source>
        <translation>Ожидаемое завершение</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Бригада</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Партии</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>Часы</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>В час</translation>
    </message>
    <message>
        <source>Team performance</source>
        <translation>Работа бригад</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Показатели</translation>
    </message>
    <message>
        <source>Aggregated per hour of the shift</source>
        <translation>Агрегировано по часам смены</translation>
    </message>
    <message>
        <source>No batch chosen.</source>
        <translation>Партия не выбрана.</translation>
    </message>
    <message>
        <source>Type a batch&apos;s id and press Show, or select a batch in the Batches area and press &quot;Batch selected in Batches&quot;.</source>
        <translation>Введите ID партии и нажмите «Показать» или выберите партию в разделе «Партии» и нажмите «Партия, выбранная в «Партиях»».</translation>
    </message>
    <message>
        <source>Select a batch in the Batches area first.</source>
        <translation>Сначала выберите партию в разделе «Партии».</translation>
    </message>
    <message>
        <source>Statistics of batch {number}</source>
        <translation>Статистика партии {number}</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрыта</translation>
    </message>
    <message>
        <source>open</source>
        <translation>открыта</translation>
    </message>
    <message>
        <source>Batch {number} of {date} · {work_center} · {shift} · {team} · {state}</source>
        <translation>Партия {number} от {date} · {work_center} · {shift} · {team} · {state}</translation>
    </message>
    <message>
        <source>not yet known</source>
        <translation>пока неизвестно</translation>
    </message>
    <message>
        <source>cannot be estimated</source>
        <translation>оценить нельзя</translation>
    </message>
    <message>
        <source>Aggregated before the shift: {earlier}; after it: {later}</source>
        <translation>Агрегировано до смены: {earlier}; после неё: {later}</translation>
    </message>
    <message>
        <source>Team performance at {work_center}, {start} – {end}</source>
        <translation>Работа бригад на {work_center}, {start} – {end}</translation>
    </message>
    <message>
        <source>No team worked at this work center in these 30 days.</source>
        <translation>За эти 30 дней на этом рабочем центре не работала ни одна бригада.</translation>
    </message>
</context>
<context>
    <name>BatchTable</name>
    <message>
        <source>Closed</source>
        <translation>Закрыта</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыта</translation>
    </message>
    <message>
        <source>{identifier} · {name}</source>
        <translation>{identifier} · {name}</translation>
    </message>
    <message>
        <source>{aggregated} of {total} products aggregated</source>
        <translation>Агрегировано {aggregated} из {total}</translation>
    </message>
    <message>
        <source>Closed at {moment}</source>
        <translation>Закрыта {moment}</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>Рабочий центр</translation>
    </message>
    <message>
        <source>Nomenclature</source>
        <translation>Номенклатура</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Продукция</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Смена</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Бригада</translation>
    </message>
    <message>
        <source>ЕКН</source>
        <translation>Код ЕКН</translation>
    </message>
    <message>
        <source>Shift start</source>
        <translation>Начало смены</translation>
    </message>
    <message>
        <source>Shift end</source>
        <translation>Окончание смены</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>Дата закрытия</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Описание</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Изменена</translation>
    </message>
    <message>
        <source>Aggregated products as a share of all products</source>
        <translation>Доля агрегированной продукции в партии</translation>
    </message>
    <message>
        <source>Products (codes) in the batch</source>
        <translation>Продукция (коды) в партии</translation>
    </message>
    <message>
        <source>Products aggregated so far</source>
        <translation>Агрегировано на данный момент</translation>
    </message>
    <message>
        <source>The task description cannot be sorted by</source>
        <translation>По описанию задания сортировать нельзя</translation>
    </message>
</context>
<context>
    <name>BatchesPage</name>
    <message>
        <source>The list cannot be sorted by description.</source>
        <translation>Список нельзя сортировать по описанию.</translation>
    </message>
    <message>
        <source>Batch {number} is closed: reopen it before editing.</source>
        <translation>Партия {number} закрыта: откройте её снова, чтобы изменить.</translation>
    </message>
    <message>
        <source>Batch {number} of {date} was created.</source>
        <translation>Партия {number} от {date} создана.</translation>
    </message>
</context>
<context>
    <name>BulkAggregation</name>
    <message>
        <source>not found</source>
        <extracomment>How many failed codes the summary table shows (the job&apos;s result in the Jobs panel has all).</extracomment>
        <translation>не найден</translation>
    </message>
    <message>
        <source>attached to another batch</source>
        <translation>привязан к другой партии</translation>
    </message>
    <message>
        <source>already aggregated</source>
        <translation>уже агрегирован</translation>
    </message>
    <message>
        <source>bad format</source>
        <translation>неверный формат</translation>
    </message>
    <message>
        <source>batch is closed</source>
        <translation>партия закрыта</translation>
    </message>
</context>
<context>
    <name>BulkAggregationDialog</name>
    <message>
        <source>Bulk aggregation</source>
        <translation>Массовая агрегация</translation>
    </message>
    <message>
        <source>Aggregate many codes into {batch} at once: paste them one per line, scan them, or open a text file.</source>
        <translation>Агрегировать сразу много кодов в {batch}: вставьте их по одному в строке, отсканируйте или откройте текстовый файл.</translation>
    </message>
    <message>
        <source>One code per line</source>
        <translation>По одному коду в строке</translation>
    </message>
    <message>
        <source>Open file… (Ctrl+O)</source>
        <translation>Открыть файл… (Ctrl+O)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
    <message>
        <source>Aggregate (Ctrl+Enter)</source>
        <translation>Агрегировать (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>{count} codes</source>
        <translation>Кодов: {count}</translation>
    </message>
    <message>
        <source>Codes to aggregate</source>
        <translation>Коды для агрегации</translation>
    </message>
    <message>
        <source>Text files (*.txt *.csv);;All files (*)</source>
        <translation>Текстовые файлы (*.txt *.csv);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Чтение {name}…</translation>
    </message>
    <message>
        <source>{count} codes from {name}</source>
        <translation>Кодов из {name}: {count}</translation>
    </message>
    <message>
        <source> (the first 200 shown)</source>
        <translation> (показаны первые 200)</translation>
    </message>
    <message>
        <source>The file could not be read: {reason}</source>
        <translation>Файл не прочитан: {reason}</translation>
    </message>
    <message>
        <source>The job did not finish.</source>
        <translation>Задача не завершилась.</translation>
    </message>
    <message>
        <source>{aggregated} of {total} codes aggregated, {failed} failed.</source>
        <translation>Агрегировано {aggregated} из {total} кодов, с ошибкой: {failed}.</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>Close the dialog to aggregate another list.</source>
        <translation>Закройте окно, чтобы агрегировать другой список.</translation>
    </message>
</context>
<context>
    <name>CompareTab</name>
    <message>
        <source>The batch&apos;s id (the Batches area&apos;s ID column)</source>
        <translation>Идентификатор партии (столбец ID в разделе «Партии»)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Добавить</translation>
    </message>
    <message>
        <source>Add the batch selected in Batches</source>
        <translation>Добавить партию, выбранную в «Партиях»</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Сравнить</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Убрать</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Очистить</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Номер</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Дата</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>Рабочий центр</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Бригада</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Продукция</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Доля</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Длительность</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>В час</translation>
    </message>
    <message>
        <source>Batch ID</source>
        <translation>ID партии</translation>
    </message>
    <message>
        <source>Aggregation rate, %</source>
        <translation>Доля агрегации, %</translation>
    </message>
    <message>
        <source>Batches to compare (IDs)</source>
        <translation>Партии для сравнения (ID)</translation>
    </message>
    <message>
        <source>Select a batch in the Batches area first.</source>
        <translation>Сначала выберите партию в разделе «Партии».</translation>
    </message>
    <message>
        <source>Comparison of {count} batches</source>
        <translation>Сравнение партий: {count}</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Среднее</translation>
    </message>
    <message>
        <source>Nothing compared yet.</source>
        <translation>Пока ничего не сравнивалось.</translation>
    </message>
    <message>
        <source>Add at least {minimum} batches by their ids (or from the Batches area&apos;s selection) and press Compare. Chosen: {count}.</source>
        <translation>Добавьте не меньше {minimum} партий по их ID (или выбранные в разделе «Партии») и нажмите «Сравнить». Выбрано: {count}.</translation>
    </message>
</context>
<context>
    <name>CredentialDialog</name>
    <message>
        <source>New PIN for {user}</source>
        <translation>Новый PIN-код — {user}</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>Новый PIN-код</translation>
    </message>
    <message>
        <source>4 to 12 digits. The old PIN stops working when this one is saved; tell the user their new PIN.</source>
        <translation>От 4 до 12 цифр. Прежний PIN-код перестанет действовать, когда этот будет сохранён; сообщите пользователю новый PIN-код.</translation>
    </message>
    <message>
        <source>Badge for {user}</source>
        <translation>Пропуск — {user}</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Пропуск</translation>
    </message>
    <message>
        <source>Scan the new badge while this dialog is open, or type its code. A badge the user had before stops working.</source>
        <translation>Отсканируйте новый пропуск, пока открыто это окно, или введите его код. Прежний пропуск пользователя перестанет действовать.</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <source>Batches dated on or after</source>
        <translation>Партии с даты</translation>
    </message>
    <message>
        <source>Batches dated on or before</source>
        <translation>Партии по дату</translation>
    </message>
    <message>
        <source>All work centers</source>
        <translation>Все рабочие центры</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Даты</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Партии</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открыто</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрыто</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>Продукция</translation>
    </message>
    <message>
        <source>Aggregated</source>
        <translation>Агрегировано</translation>
    </message>
    <message>
        <source>Aggregation rate</source>
        <translation>Доля агрегации</translation>
    </message>
    <message>
        <source>Batches created</source>
        <translation>Создано партий</translation>
    </message>
    <message>
        <source>Batches closed</source>
        <translation>Закрыто партий</translation>
    </message>
    <message>
        <source>Products added</source>
        <translation>Добавлено продукции</translation>
    </message>
    <message>
        <source>Products aggregated</source>
        <translation>Агрегировано продукции</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>Доля</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Смена</translation>
    </message>
    <message>
        <source>Click a shift to see its batches</source>
        <translation>Щёлкните смену, чтобы увидеть её партии</translation>
    </message>
    <message>
        <source>Work center</source>
        <translation>Рабочий центр</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Название</translation>
    </message>
    <message>
        <source>Click a work center to see its batches</source>
        <translation>Щёлкните рабочий центр, чтобы увидеть его партии</translation>
    </message>
    <message>
        <source>Click a day to see the batches of that day</source>
        <translation>Щёлкните день, чтобы увидеть партии этого дня</translation>
    </message>
    <message>
        <source>By shift</source>
        <translation>По сменам</translation>
    </message>
    <message>
        <source>Top work centers</source>
        <translation>Лучшие рабочие центры</translation>
    </message>
    <message>
        <source>Aggregated per hour, last 24 hours</source>
        <translation>Агрегировано по часам, последние 24 часа</translation>
    </message>
    <message>
        <source>Aggregated per day, last 30 days</source>
        <translation>Агрегировано по дням, последние 30 дней</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>любая дата</translation>
    </message>
    <message>
        <source>{identifier} · {name}</source>
        <translation>{identifier} · {name}</translation>
    </message>
    <message>
        <source>Today, {date}:</source>
        <translation>Сегодня, {date}:</translation>
    </message>
    <message>
        <source>As of {time}</source>
        <translation>Данные на {time}</translation>
    </message>
    <message>
        <source>No batches yet.</source>
        <translation>Партий пока нет.</translation>
    </message>
    <message>
        <source>Import a 1C file or create a batch in the Batches area; the figures appear here as products are aggregated.</source>
        <translation>Загрузите файл 1С или создайте партию в разделе «Партии»; показатели появятся здесь по мере агрегации продукции.</translation>
    </message>
    <message>
        <source>No batches of these dates and work center.</source>
        <translation>Нет партий с этими датами и рабочим центром.</translation>
    </message>
    <message>
        <source>Choose other dates or all work centers.</source>
        <translation>Выберите другие даты или все рабочие центры.</translation>
    </message>
    <message>
        <source>Export of the dashboard</source>
        <translation>Экспорт сводки</translation>
    </message>
</context>
<context>
    <name>DeliveriesModel</name>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Подписка</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Попытки</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Delivered at {time}</source>
        <translation>Доставлено {time}</translation>
    </message>
    <message>
        <source>Next attempt at {time}</source>
        <translation>Следующая попытка {time}</translation>
    </message>
</context>
<context>
    <name>DeliveryFilterBar</name>
    <message>
        <source>All subscriptions</source>
        <extracomment>&quot;All time&quot; still needs a start for &quot;resend all failed in the range&quot;.</extracomment>
        <translation>Все подписки</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Любой статус</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Все события</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Последний час</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Последние 24 часа</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>За всё время</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Свой период…</translation>
    </message>
    <message>
        <source>from</source>
        <translation>с</translation>
    </message>
    <message>
        <source>to</source>
        <translation>по</translation>
    </message>
    <message>
        <source>Subscription</source>
        <translation>Подписка</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Событие</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>{since} to {until}</source>
        <translation>с {since} по {until}</translation>
    </message>
</context>
<context>
    <name>DeliveryLog</name>
    <message>
        <source>Delivery log</source>
        <translation>Журнал доставки</translation>
    </message>
    <message>
        <source>Resend</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>Send the selected delivery again now (Ctrl+R)</source>
        <translation>Отправить выбранную доставку снова сейчас (Ctrl+R)</translation>
    </message>
    <message>
        <source>Resend all failed…</source>
        <translation>Отправить снова все неудачные…</translation>
    </message>
    <message>
        <source>Send again every failed delivery in the chosen time range (and subscription)</source>
        <translation>Отправить снова все неудачные доставки за выбранный период (и подписку)</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Загрузить ещё</translation>
    </message>
    <message>
        <source>The delivery log could not be read: {reason}</source>
        <translation>Не удалось прочитать журнал доставки: {reason}</translation>
    </message>
    <message>
        <source>The delivery log could not be read.</source>
        <translation>Не удалось прочитать журнал доставки.</translation>
    </message>
    <message>
        <source>Loading deliveries…</source>
        <translation>Загрузка доставок…</translation>
    </message>
    <message>
        <source>No deliveries match these filters ({range}).</source>
        <translation>Нет доставок по этим фильтрам ({range}).</translation>
    </message>
    <message>
        <source>Choose a longer time range or clear the filters.</source>
        <translation>Выберите период побольше или сбросьте фильтры.</translation>
    </message>
    <message>
        <source>Nothing has been sent yet.</source>
        <translation>Пока ничего не отправлено.</translation>
    </message>
    <message>
        <source>Once a subscription exists, every event it wants is sent and listed here with its attempts.</source>
        <translation>Когда есть подписка, каждое нужное ей событие отправляется и показывается здесь с попытками.</translation>
    </message>
    <message>
        <source>No deliveries in this time range ({range}).</source>
        <translation>За этот период доставок нет ({range}).</translation>
    </message>
    <message>
        <source>Events are listed here as they are sent. Send a test event (Ctrl+T) to try a subscription, or choose a longer time range.</source>
        <translation>События появляются здесь по мере отправки. Отправьте тестовое событие (Ctrl+T), чтобы проверить подписку, или выберите период побольше.</translation>
    </message>
    <message>
        <source>newest {count} shown; more below</source>
        <translation>показаны последние {count}; ниже есть ещё</translation>
    </message>
    <message>
        <source>{count} in the range</source>
        <translation>за период: {count}</translation>
    </message>
</context>
<context>
    <name>DesktopApp</name>
    <message>
        <source>The database is unavailable</source>
        <extracomment>How often the status bar&apos;s counts that nothing announces are read.</extracomment>
        <translation>База данных недоступна</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Time</source>
        <extracomment>Announced changes re-read the log at most this often (a busy floor changes many times a second).</extracomment>
        <translation>Время</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Пользователь</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Станция</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Объект</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Было</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Стало</translation>
    </message>
    <message>
        <source>No entry selected</source>
        <translation>Запись не выбрана</translation>
    </message>
    <message>
        <source>Select an entry to see what it changed.</source>
        <translation>Выберите запись, чтобы увидеть, что она изменила.</translation>
    </message>
    <message>
        <source>{action}: {entity}</source>
        <translation>{action}: {entity}</translation>
    </message>
    <message>
        <source>This entry records no changed values.</source>
        <translation>В этой записи нет изменённых значений.</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPane</name>
    <message>
        <source>Scanner diagnostics (F9)</source>
        <translation>Диагностика сканера (F9)</translation>
    </message>
    <message>
        <source>No scan received yet.</source>
        <translation>Сканирований пока не было.</translation>
    </message>
    <message>
        <source>Latin</source>
        <translation>латиница</translation>
    </message>
    <message>
        <source>Russian, repaired by physical key</source>
        <translation>русская, исправлено по клавишам</translation>
    </message>
    <message>
        <source>non-Latin, not repaired</source>
        <translation>не латиница, не исправлено</translation>
    </message>
    <message>
        <source>keyboard wedge</source>
        <translation>сканер-клавиатура</translation>
    </message>
    <message>
        <source>serial port</source>
        <translation>COM-порт</translation>
    </message>
    <message>
        <source>typed by hand</source>
        <translation>введено вручную</translation>
    </message>
    <message>
        <source>Last scan: {source}, {keys} keys in {duration} ms (longest pause {gap} ms), terminator {terminator}, layout {layout}.</source>
        <translation>Последнее сканирование: {source}, клавиш {keys} за {duration} мс (наибольшая пауза {gap} мс), окончание {terminator}, раскладка: {layout}.</translation>
    </message>
    <message>
        <source>received: {text}</source>
        <translation>получено: {text}</translation>
    </message>
    <message>
        <source>read as: {text}</source>
        <translation>прочитано как: {text}</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>MESDesk</source>
        <translation>MESDesk</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Что выгрузить</translation>
    </message>
    <message>
        <source>Batches, with their counters</source>
        <translation>Партии со счётчиками</translation>
    </message>
    <message>
        <source>Product codes of the batches, with their aggregation</source>
        <translation>Коды продуктов этих партий с отметками агрегации</translation>
    </message>
    <message>
        <source>Every batch the list shows (its filters): {count}</source>
        <translation>Все партии списка (по его фильтрам): {count}</translation>
    </message>
    <message>
        <source>Every batch the list shows (its filters)</source>
        <translation>Все партии списка (по его фильтрам)</translation>
    </message>
    <message>
        <source>The selected batch, {batch}</source>
        <translation>Выбранная партия, {batch}</translation>
    </message>
    <message>
        <source>The selected batch (select one in the list first)</source>
        <translation>Выбранная партия (сначала выберите её в списке)</translation>
    </message>
    <message>
        <source>Which batches</source>
        <translation>Какие партии</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Книга Excel (.xlsx)</translation>
    </message>
    <message>
        <source>CSV for Excel (.csv: UTF-8, semicolons)</source>
        <translation>CSV для Excel (.csv: UTF-8, точка с запятой)</translation>
    </message>
    <message>
        <source>The file&apos;s headers are the 1C keys, so it can be imported again. It is kept with the other exports; you can open it or save a copy when it is ready.</source>
        <translation>Заголовки файла — ключи 1С, поэтому его можно импортировать обратно. Файл хранится вместе с другими выгрузками; когда он будет готов, его можно открыть или сохранить копию.</translation>
    </message>
</context>
<context>
    <name>ExportLine</name>
    <message>
        <source>Export to Excel</source>
        <translation>Выгрузить в Excel</translation>
    </message>
    <message>
        <source>Write what this tab shows to an Excel workbook, a sheet per table</source>
        <translation>Записать то, что показано на этой вкладке, в книгу Excel: по листу на каждую таблицу</translation>
    </message>
</context>
<context>
    <name>FieldsDialog</name>
    <message>
        <source>The badge was scanned.</source>
        <extracomment>Each field&apos;s check (raises a catalogued ValidationError); &quot;&quot; is allowed where it may be left empty (a PIN or a badge: one of the two is enough).</extracomment>
        <translation>Пропуск отсканирован.</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>No. {number} of {date}</source>
        <translation>№ {number} от {date}</translation>
    </message>
</context>
<context>
    <name>FileJobs</name>
    <message>
        <source>Export of {count} batches</source>
        <translation>Выгрузка партий: {count}</translation>
    </message>
    <message>
        <source>Export of {count} product codes</source>
        <translation>Выгрузка кодов продуктов: {count}</translation>
    </message>
    <message>
        <source>Report on batch {batch}</source>
        <translation>Отчёт по партии {batch}</translation>
    </message>
</context>
<context>
    <name>FileResultBar</name>
    <message>
        <source>Open file</source>
        <translation>Открыть файл</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Показать в папке</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Скрыть</translation>
    </message>
    <message>
        <source>{title}: {name} ({size})</source>
        <translation>{title}: {name} ({size})</translation>
    </message>
    <message>
        <source>Save a copy as</source>
        <translation>Сохранить копию как</translation>
    </message>
    <message>
        <source>Saving a copy to {path}…</source>
        <translation>Сохранение копии в {path}…</translation>
    </message>
    <message>
        <source>Saved a copy to {path}</source>
        <translation>Копия сохранена: {path}</translation>
    </message>
    <message>
        <source>The copy could not be saved: {reason}</source>
        <translation>Не удалось сохранить копию: {reason}</translation>
    </message>
    <message>
        <source>Nothing on this computer opens {path}.</source>
        <translation>На этом компьютере нет программы, которая открывает {path}.</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Failed: {reason}</source>
        <translation>Ошибка импорта: {reason}</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Отчёты</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Imports</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Not uploaded yet</source>
        <translation>Ещё не выгружены</translation>
    </message>
    <message>
        <source>Local only</source>
        <translation>Только локально</translation>
    </message>
    <message>
        <source>Waiting to upload</source>
        <translation>Ждёт выгрузки</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>Выгружается</translation>
    </message>
    <message>
        <source>In storage</source>
        <translation>В хранилище</translation>
    </message>
    <message>
        <source>Upload failed</source>
        <translation>Ошибка выгрузки</translation>
    </message>
    <message>
        <source>No object storage is configured: the file is kept on station {station}.</source>
        <translation>Объектное хранилище не настроено: файл хранится на рабочем месте {station}.</translation>
    </message>
    <message>
        <source>Next attempt: {time}</source>
        <translation>Следующая попытка: {time}</translation>
    </message>
    <message>
        <source>Uploaded: {time}</source>
        <translation>Выгружен: {time}</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Ожидает</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Импортируется</translation>
    </message>
    <message>
        <source>Imported: {created} created, {updated} updated</source>
        <translation>Импортирован: создано {created}, обновлено {updated}</translation>
    </message>
    <message>
        <source>no reason was recorded</source>
        <translation>причина не записана</translation>
    </message>
    <message>
        <source>Rows: {rows}, skipped: {skipped}, with errors: {errors}</source>
        <translation>Строк: {rows}, пропущено: {skipped}, с ошибками: {errors}</translation>
    </message>
    <message>
        <source>1 file waits for the object storage.</source>
        <translation>Файлов, ожидающих выгрузки в объектное хранилище: 1.</translation>
    </message>
    <message>
        <source>{count} files wait for the object storage.</source>
        <translation>Файлов, ожидающих выгрузки в объектное хранилище: {count}.</translation>
    </message>
    <message>
        <source>Last failure: {problem}</source>
        <translation>Последняя ошибка: {problem}</translation>
    </message>
    <message>
        <source>No reports yet: a report made on the Batches page is kept here.</source>
        <translation>Отчётов пока нет: отчёт, сделанный на странице «Партии», хранится здесь.</translation>
    </message>
    <message>
        <source>No exports yet: an export made on the Batches or Analytics page is kept here.</source>
        <translation>Файлов экспорта пока нет: экспорт, сделанный на странице «Партии» или «Аналитика», хранится здесь.</translation>
    </message>
    <message>
        <source>No imports yet: files imported, uploaded here, or dropped into the imports bucket by another system are kept here.</source>
        <translation>Файлов импорта пока нет: здесь хранятся импортированные файлы, загруженные здесь или положенные в хранилище imports другой системой.</translation>
    </message>
    <message>
        <source>Every file is in the object storage.</source>
        <translation>Все файлы в объектном хранилище.</translation>
    </message>
    <message>
        <source>No object storage is configured: files are kept on this computer.</source>
        <translation>Объектное хранилище не настроено: файлы хранятся на этом компьютере.</translation>
    </message>
    <message>
        <source>Uploaded 1 file</source>
        <translation>Выгружено файлов: 1</translation>
    </message>
    <message>
        <source>Uploaded {count} files</source>
        <translation>Выгружено файлов: {count}</translation>
    </message>
    <message>
        <source>{count} failed</source>
        <translation>с ошибкой: {count}</translation>
    </message>
    <message>
        <source>{count} still waits</source>
        <translation>ещё ждут: {count}</translation>
    </message>
    <message>
        <source>{count} imported</source>
        <translation>импортировано: {count}</translation>
    </message>
</context>
<context>
    <name>FilesModel</name>
    <message>
        <source>Name</source>
        <extracomment>(bucket, name) of the row, in every column.</extracomment>
        <translation>Название</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Хранилище</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Размер</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Создан</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Кем</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Рабочее место</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>{bytes} bytes</source>
        <translation>{bytes} байт</translation>
    </message>
</context>
<context>
    <name>FilesPage</name>
    <message>
        <source>Open</source>
        <extracomment>The entity of a live change that makes the shown tab read again. The job kinds of an upload into imports and of Sync now (named in the jobs panel). How often the shown tab is re-read besides the announced changes (next-attempt times).</extracomment>
        <translation>Открыть</translation>
    </message>
    <message>
        <source>Open the selected file</source>
        <translation>Открыть выбранный файл</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Сохранить как…</translation>
    </message>
    <message>
        <source>Save a copy of the selected file</source>
        <translation>Сохранить копию выбранного файла</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Копировать ссылку</translation>
    </message>
    <message>
        <source>Copy a link to the selected file</source>
        <translation>Скопировать ссылку на выбранный файл</translation>
    </message>
    <message>
        <source>Upload into imports…</source>
        <translation>Загрузить для импорта…</translation>
    </message>
    <message>
        <source>Hand a file in to be imported</source>
        <translation>Передать файл на импорт</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Удалить…</translation>
    </message>
    <message>
        <source>Delete the selected file everywhere</source>
        <translation>Удалить выбранный файл отовсюду</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Синхронизировать</translation>
    </message>
    <message>
        <source>Upload this station&apos;s waiting files to the object storage now</source>
        <translation>Сейчас выгрузить ожидающие файлы этого рабочего места в объектное хранилище</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Read the list again</source>
        <translation>Прочитать список заново</translation>
    </message>
    <message>
        <source>The files could not be read: {reason}</source>
        <translation>Не удалось прочитать список файлов: {reason}</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>Открывается {name}…</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>Открыт {name}.</translation>
    </message>
    <message>
        <source>No program opens {name}; it is at {path}.</source>
        <translation>Нет программы, чтобы открыть {name}; файл находится в {path}.</translation>
    </message>
    <message>
        <source>Save {name} as</source>
        <translation>Сохранить {name} как</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>Сохранено в {path}.</translation>
    </message>
    <message>
        <source>Link copied; valid until {time}.</source>
        <translation>Ссылка скопирована; действует до {time}.</translation>
    </message>
    <message>
        <source>Link to the file on this computer copied (the file is not in the object storage).</source>
        <translation>Скопирована ссылка на файл на этом компьютере (файла нет в объектном хранилище).</translation>
    </message>
    <message>
        <source>Upload into imports</source>
        <translation>Загрузка для импорта</translation>
    </message>
    <message>
        <source>Batch files (*.xlsx *.xls *.csv *.json);;All files (*)</source>
        <translation>Файлы партий (*.xlsx *.xls *.csv *.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>{file} was uploaded into imports; it is imported shortly.</source>
        <translation>{file} загружен для импорта; он скоро будет импортирован.</translation>
    </message>
    <message>
        <source>Delete file</source>
        <translation>Удаление файла</translation>
    </message>
    <message>
        <source>Delete {name} from {bucket}?</source>
        <translation>Удалить {name} из раздела «{bucket}»?</translation>
    </message>
    <message>
        <source>It is removed from the object storage, this computer and the list. This cannot be undone.</source>
        <translation>Файл будет удалён из объектного хранилища, с этого компьютера и из списка. Это нельзя отменить.</translation>
    </message>
    <message>
        <source>{name} was deleted.</source>
        <translation>{name} удалён.</translation>
    </message>
    <message>
        <source>{name} was deleted already.</source>
        <translation>{name} уже был удалён.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Number, nomenclature, ЕКН, description</source>
        <extracomment>A date edit at this value shows &quot;any date&quot; (a QDateEdit cannot be empty).</extracomment>
        <translation>Номер, номенклатура, ЕКН, описание</translation>
    </message>
    <message>
        <source>Search the batch number, the nomenclature, the ЕКН code and the task description (Ctrl+F)</source>
        <translation>Поиск по номеру партии, номенклатуре, коду ЕКН и описанию задания (Ctrl+F)</translation>
    </message>
    <message>
        <source>Open and closed</source>
        <translation>Все партии</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Открытые</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрытые</translation>
    </message>
    <message>
        <source>Show open batches, closed batches or both</source>
        <translation>Показывать открытые партии, закрытые или все</translation>
    </message>
    <message>
        <source>All work centers</source>
        <translation>Все рабочие центры</translation>
    </message>
    <message>
        <source>Any shift</source>
        <translation>Любая смена</translation>
    </message>
    <message>
        <source>Any team</source>
        <translation>Любая бригада</translation>
    </message>
    <message>
        <source>Batches dated on or after</source>
        <translation>Партии с даты</translation>
    </message>
    <message>
        <source>Batches dated on or before</source>
        <translation>Партии по дату</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Сбросить фильтры</translation>
    </message>
    <message>
        <source>Show every batch</source>
        <translation>Показать все партии</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>Даты</translation>
    </message>
    <message>
        <source>any date</source>
        <translation>любая дата</translation>
    </message>
    <message>
        <source>{identifier} · {name}</source>
        <translation>{identifier} · {name}</translation>
    </message>
</context>
<context>
    <name>FormFooter</name>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
</context>
<context>
    <name>HeadersEditor</name>
    <message>
        <source>Header</source>
        <translation>Заголовок</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Значение</translation>
    </message>
    <message>
        <source>Add header</source>
        <translation>Добавить заголовок</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>A file to import</source>
        <translation>Файл для импорта</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Обзор…</translation>
    </message>
    <message>
        <source>Excel (.xlsx, .xls, .ods), CSV (UTF-8 or Windows-1251, separated by ; or ,) or a 1C JSON file. Headers: the 1C keys or the English names, in any order.</source>
        <translation>Excel (.xlsx, .xls, .ods), CSV (UTF-8 или Windows-1251, разделитель ; или ,) или файл JSON из 1С. Заголовки — ключи 1С или английские имена, в любом порядке.</translation>
    </message>
    <message>
        <source>Product codes into the selected batch, {batch}</source>
        <translation>Коды продуктов в выбранную партию, {batch}</translation>
    </message>
    <message>
        <source>Product codes into the selected batch (select an open batch in the list first)</source>
        <translation>Коды продуктов в выбранную партию (сначала выберите открытую партию в списке)</translation>
    </message>
    <message>
        <source>The file holds</source>
        <translation>В файле</translation>
    </message>
    <message>
        <source>Shift tasks (batches)</source>
        <translation>Сменные задания (партии)</translation>
    </message>
    <message>
        <source>Update batches that already exist</source>
        <translation>Обновлять уже существующие партии</translation>
    </message>
    <message>
        <source>A batch with the same number and date is updated from the file; without this it is skipped and reported.</source>
        <translation>Партия с тем же номером и датой обновляется из файла; без этой отметки она пропускается и попадает в отчёт.</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>Выберите файл для импорта</translation>
    </message>
    <message>
        <source>Spreadsheets, CSV and 1C files (*.xlsx *.xls *.ods *.csv *.json)</source>
        <translation>Таблицы, CSV и файлы 1С (*.xlsx *.xls *.ods *.csv *.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Все файлы (*)</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Importing {file}…</source>
        <translation>Загрузка {file}…</translation>
    </message>
    <message>
        <source>{file} was imported.</source>
        <translation>Файл {file} загружен.</translation>
    </message>
    <message>
        <source>Import of {file}</source>
        <translation>Загрузка {file}</translation>
    </message>
</context>
<context>
    <name>ImportResultDialog</name>
    <message>
        <source>Import of {file}</source>
        <extracomment>Codes of the problems that skip a row rather than refuse it (shown amber, not red).</extracomment>
        <translation>Импорт {file}</translation>
    </message>
    <message>
        <source>{total} rows: {created} codes added, {skipped} skipped, {rejected} refused.</source>
        <translation>Строк: {total}; кодов добавлено: {created}, пропущено: {skipped}, отклонено: {rejected}.</translation>
    </message>
    <message>
        <source>{total} rows: {created} batches created, {updated} updated, {skipped} skipped, {rejected} refused.</source>
        <translation>Строк: {total}; партий создано: {created}, обновлено: {updated}, пропущено: {skipped}, отклонено: {rejected}.</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Строка</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Столбец</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>The first {shown} of {total} problems are listed.</source>
        <translation>Показаны первые {shown} из {total} замечаний.</translation>
    </message>
    <message>
        <source>Rows are numbered as in Excel (the header is row 1). A refused or skipped row changed nothing; the others were stored together.</source>
        <translation>Строки пронумерованы как в Excel (заголовок — строка 1). Отклонённая или пропущенная строка ничего не изменила; остальные сохранены вместе.</translation>
    </message>
    <message>
        <source>Columns that name no field were passed over: {columns}.</source>
        <translation>Столбцы, не соответствующие ни одному полю, пропущены: {columns}.</translation>
    </message>
    <message>
        <source>The file is kept among the imports as {name}.</source>
        <translation>Файл сохранён среди импортированных как {name}.</translation>
    </message>
</context>
<context>
    <name>IntakeResultDialog</name>
    <message>
        <source>Import of {file}</source>
        <translation>Загрузка {file}</translation>
    </message>
    <message>
        <source>Codes added: {added}. Skipped (unknown batch or already stored): {skipped}. Rejected: {rejected}.</source>
        <translation>Кодов добавлено: {added}. Пропущено (неизвестная партия или код уже есть): {skipped}. Отклонено: {rejected}.</translation>
    </message>
    <message>
        <source>Batches created: {created}. Updated: {updated}. Unchanged: {unchanged}. Rejected: {rejected}.</source>
        <translation>Партий создано: {created}. Обновлено: {updated}. Без изменений: {unchanged}. Отклонено: {rejected}.</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создана</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Обновлена</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Без изменений</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлен</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Пропущен</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Отклонён</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Элемент</translation>
    </message>
    <message>
        <source>Batch number</source>
        <translation>Номер партии</translation>
    </message>
    <message>
        <source>Batch date</source>
        <translation>Дата партии</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Поле</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>Items are numbered from 1 in the order of the file. A rejected item changed nothing; the others were stored.</source>
        <translation>Элементы нумеруются с 1 в порядке следования в файле. Отклонённый элемент ничего не изменил, остальные сохранены.</translation>
    </message>
</context>
<context>
    <name>JobProgress</name>
    <message>
        <source>Cancel</source>
        <extracomment>The job&apos;s final update (succeeded, failed or cancelled). The job id, once ``start`` has submitted it. ``on_end`` of the jobs started here and not ended, by job id.</extracomment>
        <translation>Отменить</translation>
    </message>
    <message>
        <source>Starting {kind}…</source>
        <translation>Запуск: {kind}…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Отмена…</translation>
    </message>
    <message>
        <source>The job could not be started: {reason}</source>
        <translation>Не удалось запустить задание: {reason}</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} из {total}</translation>
    </message>
    <message>
        <source>Done: {summary}</source>
        <translation>Готово: {summary}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>Queued</source>
        <translation>В очереди</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>Выполнено</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <source>{percent} % ({done} of {total})</source>
        <translation>{percent} % ({done} из {total})</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>{done} done</source>
        <translation>Обработано: {done}</translation>
    </message>
    <message>
        <source>re-queued deliveries</source>
        <translation>доставок снова в очереди</translation>
    </message>
    <message>
        <source>closed batches</source>
        <translation>закрыто партий</translation>
    </message>
    <message>
        <source>deleted files</source>
        <translation>удалено файлов</translation>
    </message>
    <message>
        <source>changes counted</source>
        <translation>учтено изменений</translation>
    </message>
    <message>
        <source>bytes freed</source>
        <translation>освобождено байт</translation>
    </message>
    <message>
        <source>success</source>
        <translation>успешно</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>вид</translation>
    </message>
    <message>
        <source>total</source>
        <translation>всего</translation>
    </message>
    <message>
        <source>total rows</source>
        <translation>всего строк</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>строк</translation>
    </message>
    <message>
        <source>aggregated</source>
        <translation>агрегировано</translation>
    </message>
    <message>
        <source>added</source>
        <translation>добавлено</translation>
    </message>
    <message>
        <source>created</source>
        <translation>создано</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>обновлено</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>пропущено</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>с ошибкой</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>отклонено</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>ошибок</translation>
    </message>
    <message>
        <source>warnings</source>
        <translation>предупреждений</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>партия</translation>
    </message>
    <message>
        <source>report</source>
        <translation>отчёт</translation>
    </message>
    <message>
        <source>file</source>
        <translation>файл</translation>
    </message>
    <message>
        <source>link</source>
        <translation>ссылка</translation>
    </message>
    <message>
        <source>expires</source>
        <translation>действует до</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>да</translation>
    </message>
    <message>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <source>{count} items</source>
        <translation>Элементов: {count}</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Импорт</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <source>Export of batches</source>
        <translation>Экспорт партий</translation>
    </message>
    <message>
        <source>Export of product codes</source>
        <translation>Экспорт кодов продуктов</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Отчёт</translation>
    </message>
    <message>
        <source>Export of the dashboard</source>
        <translation>Экспорт сводки</translation>
    </message>
    <message>
        <source>Export of batch statistics</source>
        <translation>Экспорт статистики партии</translation>
    </message>
    <message>
        <source>Export of a comparison</source>
        <translation>Экспорт сравнения партий</translation>
    </message>
    <message>
        <source>Export of the audit log</source>
        <translation>Выгрузка журнала аудита</translation>
    </message>
    <message>
        <source>Bulk aggregation</source>
        <translation>Массовая агрегация</translation>
    </message>
    <message>
        <source>File sync</source>
        <translation>Синхронизация файлов</translation>
    </message>
    <message>
        <source>Upload into imports</source>
        <translation>Загрузка для импорта</translation>
    </message>
    <message>
        <source>Closing of expired batches</source>
        <translation>Автозакрытие партий</translation>
    </message>
    <message>
        <source>Cleanup of old files</source>
        <translation>Очистка старых файлов</translation>
    </message>
    <message>
        <source>Webhook retries</source>
        <translation>Повтор вебхуков</translation>
    </message>
    <message>
        <source>Analytics totals</source>
        <translation>Итоги аналитики</translation>
    </message>
</context>
<context>
    <name>JobsModel</name>
    <message>
        <source>Job</source>
        <extracomment>(done, total, status) for the progress bar delegate. The job id of the row, in every column.</extracomment>
        <translation>Задание</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Рабочее место</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Статус</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Ход выполнения</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Начато</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <source>Result or error</source>
        <translation>Результат или ошибка</translation>
    </message>
    <message>
        <source>{kind} #{id}</source>
        <translation>{kind} №{id}</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <source>Jobs</source>
        <extracomment>The use case behind the Schedule tab (``domain/roles`` says who may read it). How often other stations&apos; jobs are read while the panel is shown. How many of the newest jobs are shown.</extracomment>
        <translation>Фоновые задания</translation>
    </message>
    <message>
        <source>Long work of every station. This station&apos;s jobs update as they run; other stations&apos; every few seconds.</source>
        <translation>Длительные операции всех рабочих мест. Задания этого рабочего места обновляются по ходу выполнения, других — раз в несколько секунд.</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Отменить задание</translation>
    </message>
    <message>
        <source>Ask the selected job to stop. A job of another station stops at its next progress report.</source>
        <translation>Попросить выбранное задание остановиться. Задание другого рабочего места остановится при следующем отчёте о ходе выполнения.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Расписание</translation>
    </message>
    <message>
        <source>Jobs could not be refreshed: {reason}</source>
        <translation>Не удалось обновить список заданий: {reason}</translation>
    </message>
    <message>
        <source>No jobs yet: imports, exports, reports and bulk aggregation appear here</source>
        <translation>Заданий пока нет: здесь появятся импорт, экспорт, отчёты и массовая агрегация</translation>
    </message>
    <message>
        <source>Whichever station starts one, it is listed with its progress and then its result or error.</source>
        <translation>С какого бы рабочего места ни запустили задание, здесь будет виден ход его выполнения, а затем результат или ошибка.</translation>
    </message>
    <message>
        <source>Loading jobs…</source>
        <translation>Загрузка заданий…</translation>
    </message>
    <message>
        <source>Select a job to see its result or error.</source>
        <translation>Выберите задание, чтобы увидеть результат или ошибку.</translation>
    </message>
    <message>
        <source>{kind} #{id} on {station}: {status}</source>
        <translation>{kind} №{id}, рабочее место {station}: {status}</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Создано</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Начато</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <source>{label}: {time}</source>
        <translation>{label}: {time}</translation>
    </message>
    <message>
        <source>Progress: {progress}</source>
        <translation>Ход выполнения: {progress}</translation>
    </message>
    <message>
        <source>Now: {message}</source>
        <translation>Сейчас: {message}</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Параметры:</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Результат:</translation>
    </message>
    <message>
        <source>(the job returned nothing)</source>
        <translation>(задание ничего не вернуло)</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Ошибка:</translation>
    </message>
    <message>
        <source>Cancelled:</source>
        <translation>Отменено:</translation>
    </message>
    <message>
        <source>Job #{id} was asked to stop; its station stops it at its next progress report.</source>
        <translation>Заданию №{id} отправлен запрос на остановку: его рабочее место остановит задание при следующем отчёте о ходе выполнения.</translation>
    </message>
    <message>
        <source>Job #{id} had already finished.</source>
        <translation>Задание №{id} уже завершено.</translation>
    </message>
    <message>
        <source>Job #{id} could not be cancelled: {reason}</source>
        <translation>Не удалось отменить задание №{id}: {reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>MESDesk</source>
        <translation>MESDesk</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>Партии</translation>
    </message>
    <message>
        <source>Aggregation</source>
        <translation>Агрегация</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Аналитика</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Фоновые задания</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлы</translation>
    </message>
    <message>
        <source>Webhooks</source>
        <translation>Вебхуки</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Аудит</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Пользователи</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Заблокировано</translation>
    </message>
    <message>
        <source>{name} ({role}) · Ctrl+L locks</source>
        <translation>{name} ({role}) · Ctrl+L — заблокировать</translation>
    </message>
    <message>
        <source>Database: connecting…</source>
        <translation>База данных: подключение…</translation>
    </message>
    <message>
        <source>embedded</source>
        <translation>встроенная</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>общая</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>подключена</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>связь потеряна</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>переподключение…</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>подключение…</translation>
    </message>
    <message>
        <source>Database: {mode}, {state}</source>
        <translation>База данных: {mode}, {state}</translation>
    </message>
    <message>
        <source>running</source>
        <translation>отправляются</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>остановлены</translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation>ещё не запущены</translation>
    </message>
    <message>
        <source>Webhooks: {state}</source>
        <translation>Вебхуки: {state}</translation>
    </message>
    <message>
        <source>Webhooks: {state}, {count} queued</source>
        <translation>Вебхуки: {state}, в очереди {count}</translation>
    </message>
    <message>
        <source>The webhook worker sends events to the subscribed URLs. Queued: deliveries waiting to be sent, due now or waiting to retry after a failure.</source>
        <translation>Отправка вебхуков передаёт события на адреса подписок. В очереди: доставки, ожидающие отправки сейчас или повтора после ошибки.</translation>
    </message>
    <message>
        <source>Offline scans waiting: {count}</source>
        <translation>Офлайн-сканы в очереди: {count}</translation>
    </message>
    <message>
        <source>Files waiting to upload: {count}</source>
        <translation>Файлы ждут выгрузки в хранилище: {count}</translation>
    </message>
    <message>
        <source>Files: all in storage</source>
        <translation>Файлы: все в хранилище</translation>
    </message>
    <message>
        <source>Reports, exports and imports made here are uploaded to the object storage; while it cannot be reached they are kept on this computer and uploaded when it is back. The Files area lists them.</source>
        <translation>Отчёты, выгрузки и загрузки, сделанные здесь, выгружаются в объектное хранилище; пока оно недоступно, они хранятся на этом компьютере и выгружаются, когда связь восстановится. Они перечислены в разделе «Файлы».</translation>
    </message>
    <message>
        <source>Jobs running: {count}</source>
        <translation>Выполняется заданий: {count}</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>This area is being built.</source>
        <extracomment>The use case behind each area: whoever may run it is offered the area.</extracomment>
        <translation>Этот раздел ещё в разработке.</translation>
    </message>
    <message>
        <source>Connecting to the database…</source>
        <translation>Подключение к базе данных…</translation>
    </message>
    <message>
        <source>This area is not for the role of who is signed in.</source>
        <translation>Этот раздел недоступен для роли вошедшего пользователя.</translation>
    </message>
</context>
<context>
    <name>Problem</name>
    <message>
        <source>batch {number} is closed; reopen it to aggregate</source>
        <comment>aggregation.batch_closed</comment>
        <translation>партия {number} закрыта; откройте её снова, чтобы агрегировать</translation>
    </message>
    <message>
        <source>these batches do not exist: {ids}</source>
        <comment>analytics.batches_missing</comment>
        <translation>этих партий нет: {ids}</translation>
    </message>
    <message>
        <source>choose {minimum} to {maximum} batches to compare, not {count}</source>
        <comment>analytics.compare_count</comment>
        <translation>для сравнения выберите от {minimum} до {maximum} партий, а не {count}</translation>
    </message>
    <message>
        <source>the range ends ({end_date}) before it starts ({start_date})</source>
        <comment>analytics.dates_reversed</comment>
        <translation>период заканчивается ({end_date}) раньше, чем начинается ({start_date})</translation>
    </message>
    <message>
        <source>an entity id needs its entity too: batch 12 and webhook subscription 12 are not the same</source>
        <comment>audit.entity_id_without_entity</comment>
        <translation>для ID нужен и объект: партия 12 и подписка 12 — не одно и то же</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; cannot be looked for: at most {maximum} characters, and no NUL character</source>
        <comment>audit.filter_text</comment>
        <translation>«{text}» нельзя искать: не более {maximum} символов и без символа NUL</translation>
    </message>
    <message>
        <source>must be later than &apos;from&apos; ({since})</source>
        <comment>audit.until_before_since</comment>
        <translation>должно быть позже начала периода ({since})</translation>
    </message>
    <message>
        <source>{user} ({role}) may not {ability}: that takes the {needed} role</source>
        <comment>auth.forbidden</comment>
        <translation>{user} ({role}) не может {ability}: для этого нужна роль «{needed}»</translation>
    </message>
    <message>
        <source>&apos;{login}&apos; has no PIN: sign in with the badge</source>
        <comment>auth.no_pin</comment>
        <translation>у «{login}» нет PIN-кода: войдите по пропуску</translation>
    </message>
    <message>
        <source>nobody is signed in: sign in with a badge or a PIN first</source>
        <comment>auth.not_signed_in</comment>
        <translation>никто не вошёл: сначала войдите по пропуску или PIN-коду</translation>
    </message>
    <message>
        <source>this badge belongs to no active user</source>
        <comment>auth.unknown_badge</comment>
        <translation>этот пропуск не принадлежит ни одному действующему пользователю</translation>
    </message>
    <message>
        <source>there is no active user &apos;{login}&apos;</source>
        <comment>auth.unknown_user</comment>
        <translation>действующего пользователя «{login}» нет</translation>
    </message>
    <message>
        <source>say who runs this: --user LOGIN, or MESDESK_USER in the environment</source>
        <comment>auth.user_missing</comment>
        <translation>укажите, кто выполняет команду: --user ЛОГИН или MESDESK_USER в окружении</translation>
    </message>
    <message>
        <source>wrong PIN for &apos;{login}&apos;</source>
        <comment>auth.wrong_pin</comment>
        <translation>неверный PIN-код для «{login}»</translation>
    </message>
    <message>
        <source>expected FIELD=VALUE, got {assignment}</source>
        <comment>batch.assignment_malformed</comment>
        <translation>ожидалось ПОЛЕ=ЗНАЧЕНИЕ, получено {assignment}</translation>
    </message>
    <message>
        <source>batch {number} of {date} is closed; reopen it to add codes</source>
        <comment>batch.closed_for_codes</comment>
        <translation>партия {number} от {date} закрыта; откройте её снова, чтобы добавить коды</translation>
    </message>
    <message>
        <source>the batch is closed: reopen it before editing</source>
        <comment>batch.closed_for_edit</comment>
        <translation>партия закрыта: откройте её снова, чтобы изменить</translation>
    </message>
    <message>
        <source>{name} is not a field that can be edited; editable fields are {fields}</source>
        <comment>batch.field_not_editable</comment>
        <translation>{name} — не поле, которое можно изменить; изменяемые поля: {fields}</translation>
    </message>
    <message>
        <source>the character {char} at position {position} cannot be searched for</source>
        <comment>batch.filter_character_unusable</comment>
        <translation>символ {char} в позиции {position} нельзя искать</translation>
    </message>
    <message>
        <source>no codes were given: paste, scan or open a file of codes</source>
        <comment>batch.no_codes_given</comment>
        <translation>коды не указаны: вставьте, отсканируйте или откройте файл с кодами</translation>
    </message>
    <message>
        <source>batch {id} does not exist</source>
        <comment>batch.not_found</comment>
        <translation>партия {id} не найдена</translation>
    </message>
    <message>
        <source>batch {number} of {date} was changed by another station at the same moment and not stored; try again</source>
        <comment>batch.not_stored</comment>
        <translation>партию {number} от {date} в тот же момент изменила другая станция, и она не сохранена; повторите</translation>
    </message>
    <message>
        <source>batch {number} of {date} exists already (id {id})</source>
        <comment>batch.number_date_taken</comment>
        <translation>партия {number} от {date} уже существует (id {id})</translation>
    </message>
    <message>
        <source>the shift must end after it starts ({start_at} – {end_at})</source>
        <comment>batch.shift_end_not_after_start</comment>
        <translation>смена должна заканчиваться позже, чем начинается ({start_at} – {end_at})</translation>
    </message>
    <message>
        <source>cannot sort by {sort}; sortable columns are {columns}</source>
        <comment>batch.sort_unknown</comment>
        <translation>сортировать по «{sort}» нельзя; можно по столбцам: {columns}</translation>
    </message>
    <message>
        <source>interrupted</source>
        <comment>cli.interrupted</comment>
        <translation>прервано</translation>
    </message>
    <message>
        <source>{reason}</source>
        <comment>cli.usage</comment>
        <translation>{reason}</translation>
    </message>
    <message>
        <source>AI {ai} appears more than once (again at position {position})</source>
        <comment>code.ai_repeated</comment>
        <translation>поле AI {ai} встречается дважды (повтор в позиции {position})</translation>
    </message>
    <message>
        <source>expiry date (AI {ai}) {value} is not a valid YYMMDD date</source>
        <comment>code.bad_date</comment>
        <translation>срок годности (AI {ai}) {value} — не дата в формате ГГММДД</translation>
    </message>
    <message>
        <source>character {character} at position {position} is not allowed</source>
        <comment>code.control_character</comment>
        <translation>символ {character} в позиции {position} недопустим</translation>
    </message>
    <message>
        <source>code is empty</source>
        <comment>code.empty</comment>
        <translation>код пустой</translation>
    </message>
    <message>
        <source>the code belongs to batch {number} of {date}</source>
        <comment>code.exists_in_batch</comment>
        <translation>код относится к партии {number} от {date}</translation>
    </message>
    <message>
        <source>the code is in this batch already</source>
        <comment>code.exists_in_this_batch</comment>
        <translation>код уже есть в этой партии</translation>
    </message>
    <message>
        <source>AI {ai} is empty</source>
        <comment>code.field_empty</comment>
        <translation>поле AI {ai} пустое</translation>
    </message>
    <message>
        <source>AI {ai} must be {expected} characters long, got {actual}</source>
        <comment>code.field_length</comment>
        <translation>в поле AI {ai} должно быть символов: {expected}, получено: {actual}</translation>
    </message>
    <message>
        <source>AI {ai} is longer than {maximum} characters</source>
        <comment>code.field_too_long</comment>
        <translation>в поле AI {ai} больше {maximum} символов</translation>
    </message>
    <message>
        <source>the GS separator after the serial (AI 21) is missing and the code could not be split (serial starts at position {position})</source>
        <comment>code.gs_missing</comment>
        <translation>после серийного номера (AI 21) нет разделителя GS, и разделить код на поля не удалось (серийный номер начинается с позиции {position})</translation>
    </message>
    <message>
        <source>GTIN {gtin} has a wrong check digit (expected {expected})</source>
        <comment>code.gtin_check_digit</comment>
        <translation>у GTIN {gtin} неверная контрольная цифра (должна быть {expected})</translation>
    </message>
    <message>
        <source>the scan arrived in a Russian keyboard layout (character {character} at position {position}): switch the keyboard layout or the scanner setting</source>
        <comment>code.layout</comment>
        <translation>скан пришёл в русской раскладке клавиатуры (символ {character} в позиции {position}): переключите раскладку или настройку сканера</translation>
    </message>
    <message>
        <source>the scan arrived in a Russian keyboard layout and could not be repaired: switch the keyboard layout or the scanner setting</source>
        <comment>code.layout_unrepairable</comment>
        <translation>скан пришёл в русской раскладке клавиатуры, и исправить его не удалось: переключите раскладку или настройку сканера</translation>
    </message>
    <message>
        <source>the code is listed more than once</source>
        <comment>code.listed_twice</comment>
        <translation>код указан несколько раз</translation>
    </message>
    <message>
        <source>no known AI at position {position} (the code continues &apos;{preview}&apos;)</source>
        <comment>code.no_ai</comment>
        <translation>в позиции {position} нет известного AI (дальше идёт «{preview}»)</translation>
    </message>
    <message>
        <source>character {character} at position {position} is not allowed in AI {ai}: digits only</source>
        <comment>code.not_a_digit</comment>
        <translation>символ {character} в позиции {position} недопустим в поле AI {ai}: допустимы только цифры</translation>
    </message>
    <message>
        <source>code must be text, not {type}</source>
        <comment>code.not_text</comment>
        <translation>код должен быть текстом, а не {type}</translation>
    </message>
    <message>
        <source>character {character} at position {position} is not allowed in AI {ai} (GS1 charset 82)</source>
        <comment>code.outside_charset</comment>
        <translation>символ {character} в позиции {position} недопустим в поле AI {ai} (набор символов GS1 82)</translation>
    </message>
    <message>
        <source>code is longer than {maximum} characters</source>
        <comment>code.too_long</comment>
        <translation>код длиннее {maximum} символов</translation>
    </message>
    <message>
        <source>the code ends inside the GTIN (AI 01): {count} of its 14 digits arrived</source>
        <comment>code.truncated_gtin</comment>
        <translation>код обрывается внутри GTIN (AI 01): пришло {count} из 14 цифр</translation>
    </message>
    <message>
        <source>AI {ai} is not supported in a marking code</source>
        <comment>code.unknown_ai</comment>
        <translation>поле AI {ai} не поддерживается в коде маркировки</translation>
    </message>
    <message>
        <source>whitespace character {character} at position {position} is not allowed</source>
        <comment>code.whitespace</comment>
        <translation>пробельный символ {character} в позиции {position} недопустим</translation>
    </message>
    <message>
        <source>give codes or --file, not both</source>
        <comment>codes.both_given</comment>
        <translation>укажите коды или --file, но не то и другое сразу</translation>
    </message>
    <message>
        <source>give at least one code, or --file</source>
        <comment>codes.none_given</comment>
        <translation>укажите хотя бы один код или --file</translation>
    </message>
    <message>
        <source>the server at {where} refused the user name or password</source>
        <comment>database.probe_auth</comment>
        <translation>сервер {where} не принял имя пользователя или пароль</translation>
    </message>
    <message>
        <source>the server said: {reason}</source>
        <comment>database.probe_failed</comment>
        <translation>ответ сервера: {reason}</translation>
    </message>
    <message>
        <source>the database {where} does not exist on that server</source>
        <comment>database.probe_no_database</comment>
        <translation>базы данных {where} на этом сервере нет</translation>
    </message>
    <message>
        <source>no PostgreSQL server answers at {where}</source>
        <comment>database.probe_no_server</comment>
        <translation>по адресу {where} не отвечает сервер PostgreSQL</translation>
    </message>
    <message>
        <source>no answer from {where} within {seconds} seconds</source>
        <comment>database.probe_timeout</comment>
        <translation>{where} не ответил за {seconds} с</translation>
    </message>
    <message>
        <source>the server name in {where} is unknown</source>
        <comment>database.probe_unknown_host</comment>
        <translation>неизвестное имя сервера: {where}</translation>
    </message>
    <message>
        <source>the port after the server name must be a number, e.g. :5432</source>
        <comment>database.url_bad_port</comment>
        <translation>порт после имени сервера должен быть числом, например :5432</translation>
    </message>
    <message>
        <source>enter the server&apos;s URL, or choose the embedded database</source>
        <comment>database.url_empty</comment>
        <translation>введите URL сервера или выберите встроенную базу данных</translation>
    </message>
    <message>
        <source>the database URL is not a URL like postgresql://user@host:5432/database</source>
        <comment>database.url_invalid</comment>
        <translation>это не URL; он выглядит так: postgresql://пользователь@сервер:5432/база</translation>
    </message>
    <message>
        <source>the URL names no database: add it at the end, e.g. /mesdesk</source>
        <comment>database.url_no_database</comment>
        <translation>в URL не указана база данных: добавьте её в конце, например /mesdesk</translation>
    </message>
    <message>
        <source>the database URL names a {kind} database; MESDesk works with PostgreSQL (postgresql://…)</source>
        <comment>database.url_not_postgresql</comment>
        <translation>адрес указывает на базу данных {kind}; MESDesk работает с PostgreSQL (postgresql://…)</translation>
    </message>
    <message>
        <source>the database refused a value: {reason}</source>
        <comment>database.value_refused</comment>
        <translation>база данных не приняла значение: {reason}</translation>
    </message>
    <message>
        <source>webhook delivery {id} does not exist</source>
        <comment>delivery.not_found</comment>
        <translation>доставка вебхука {id} не найдена</translation>
    </message>
    <message>
        <source>cannot re-send delivery {delivery}: webhook subscription {id} is disabled; activate it first</source>
        <comment>delivery.resend_disabled</comment>
        <translation>нельзя отправить доставку {delivery} повторно: подписка {id} отключена; сначала включите её</translation>
    </message>
    <message>
        <source>unknown delivery status &apos;{status}&apos;; use one of {known}</source>
        <comment>delivery.status_unknown</comment>
        <translation>неизвестный статус доставки «{status}»; допустимые: {known}</translation>
    </message>
    <message>
        <source>a demo data set has between {minimum} and {maximum} batches, not {value}</source>
        <comment>demo.size_out_of_range</comment>
        <translation>в демонстрационных данных бывает от {minimum} до {maximum} партий, а не {value}</translation>
    </message>
    <message>
        <source>nothing to change: give at least one field</source>
        <comment>edit.nothing_to_change</comment>
        <translation>нечего менять: укажите хотя бы одно поле</translation>
    </message>
    <message>
        <source>cannot export to {name}: the file name must end in .xlsx or .csv</source>
        <comment>export.format_unknown</comment>
        <translation>нельзя выгрузить в {name}: имя файла должно оканчиваться на .xlsx или .csv</translation>
    </message>
    <message>
        <source>name the batches whose products to export (--batch ID) or filter the batches</source>
        <comment>export.no_batches</comment>
        <translation>укажите партии, продукты которых выгрузить (--batch ID), или отберите партии фильтром</translation>
    </message>
    <message>
        <source>the export is stored as {object}, but it could not be copied to {file}: {reason}</source>
        <comment>export.output_failed</comment>
        <translation>выгрузка сохранена как {object}, но её не удалось скопировать в {file}: {reason}</translation>
    </message>
    <message>
        <source>{file} cannot be a file name: choose another</source>
        <comment>export.output_invalid</comment>
        <translation>{file} не может быть именем файла: выберите другое</translation>
    </message>
    <message>
        <source>{count} batches named; at most {limit} can be named at once (filter them instead)</source>
        <comment>export.too_many_batches</comment>
        <translation>указано партий: {count}; за один раз можно указать не больше {limit} (отберите их фильтром)</translation>
    </message>
    <message>
        <source>the export could not be written: {reason}</source>
        <comment>export.write_failed</comment>
        <translation>не удалось записать выгрузку: {reason}</translation>
    </message>
    <message>
        <source>{bucket} is not a bucket: choose one of {buckets}</source>
        <comment>file.bucket_unknown</comment>
        <translation>{bucket} — не хранилище: выберите одно из {buckets}</translation>
    </message>
    <message>
        <source>{file} changed while it was being read; try again</source>
        <comment>file.changed</comment>
        <translation>{file} изменился во время чтения; повторите загрузку</translation>
    </message>
    <message>
        <source>{file} is empty</source>
        <comment>file.empty</comment>
        <translation>файл {file} пуст</translation>
    </message>
    <message>
        <source>{file} is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8 and try again</source>
        <comment>file.encoding</comment>
        <translation>{file} — не текст в UTF-8 (недопустимый байт по смещению {offset}); сохраните его в UTF-8 и повторите</translation>
    </message>
    <message>
        <source>{file} is a folder, not a file</source>
        <comment>file.is_folder</comment>
        <translation>{file} — это папка, а не файл</translation>
    </message>
    <message>
        <source>{file} has a value longer than {char_limit} characters (at line {line}, column {col}); a 1C item is far smaller</source>
        <comment>file.item_too_big</comment>
        <translation>в {file} есть значение длиннее {char_limit} символов (строка {line}, позиция {col}); запись из 1С намного меньше</translation>
    </message>
    <message>
        <source>{file} is not valid JSON: {reason} at line {line}, column {col}</source>
        <comment>file.json_invalid</comment>
        <translation>{file} — не корректный JSON: {reason}, строка {line}, позиция {col}</translation>
    </message>
    <message>
        <source>the file or folder could not be used: {reason}</source>
        <comment>file.local_failed</comment>
        <translation>файл или папку не удалось использовать: {reason}</translation>
    </message>
    <message>
        <source>the local copy of {name} is gone: it cannot be uploaded</source>
        <comment>file.local_missing</comment>
        <translation>локальной копии {name} больше нет: её нельзя выгрузить</translation>
    </message>
    <message>
        <source>{name} is not a file name a bucket accepts</source>
        <comment>file.name_invalid</comment>
        <translation>{name} — недопустимое имя файла для хранилища</translation>
    </message>
    <message>
        <source>{file} holds an empty array: nothing to store</source>
        <comment>file.no_items</comment>
        <translation>{file} содержит пустой массив: сохранять нечего</translation>
    </message>
    <message>
        <source>{file} does not hold a JSON array of 1C items</source>
        <comment>file.not_an_array</comment>
        <translation>{file} не содержит JSON-массив записей 1С</translation>
    </message>
    <message>
        <source>there is no {name} in {bucket}</source>
        <comment>file.not_found</comment>
        <translation>в {bucket} нет файла {name}</translation>
    </message>
    <message>
        <source>{name} is kept on station {station} only and is not uploaded yet</source>
        <comment>file.not_here</comment>
        <translation>{name} хранится только на станции {station} и ещё не выгружен</translation>
    </message>
    <message>
        <source>{file} is {size_mb} MB; files over {limit_mb} MB are refused</source>
        <comment>file.too_big</comment>
        <translation>{file}: {size_mb} МБ; файлы больше {limit_mb} МБ не принимаются</translation>
    </message>
    <message>
        <source>{file} nests arrays and objects deeper than {limit} levels (at line {line}, column {col})</source>
        <comment>file.too_deep</comment>
        <translation>в {file} массивы и объекты вложены глубже {limit} уровней (строка {line}, позиция {col})</translation>
    </message>
    <message>
        <source>{file} holds more than {limit} items; split it into smaller files or raise the intake_max_items setting</source>
        <comment>file.too_many_items</comment>
        <translation>в {file} больше {limit} записей; разделите его на несколько файлов или увеличьте настройку intake_max_items</translation>
    </message>
    <message>
        <source>cannot read {file}: {reason}</source>
        <comment>file.unreadable</comment>
        <translation>не удаётся прочитать {file}: {reason}</translation>
    </message>
    <message>
        <source>files are uploaded into imports only, not into {bucket}</source>
        <comment>file.upload_bucket</comment>
        <translation>файлы загружаются только в imports, не в {bucket}</translation>
    </message>
    <message>
        <source>a header needs a name</source>
        <comment>header.name_empty</comment>
        <translation>у заголовка должно быть имя</translation>
    </message>
    <message>
        <source>header name &apos;{name}&apos; cannot contain {character} (position {position}): use Latin letters, digits and !#$%&amp;&apos;*+-.^_`|~</source>
        <comment>header.name_invalid</comment>
        <translation>в имени заголовка «{name}» на позиции {position} недопустимый символ {character}: используйте латинские буквы, цифры и !#$%&amp;&apos;*+-.^_`|~</translation>
    </message>
    <message>
        <source>expected NAME=VALUE, got &apos;{text}&apos;</source>
        <comment>header.pair_invalid</comment>
        <translation>ожидается ИМЯ=ЗНАЧЕНИЕ, получено «{text}»</translation>
    </message>
    <message>
        <source>header &apos;{name}&apos; is set by MESDesk and cannot be replaced</source>
        <comment>header.reserved</comment>
        <translation>заголовок «{name}» задаёт MESDesk (подпись, событие, тип содержимого), его нельзя заменить</translation>
    </message>
    <message>
        <source>header &apos;{name}&apos; is given twice</source>
        <comment>header.twice</comment>
        <translation>заголовок «{name}» указан дважды</translation>
    </message>
    <message>
        <source>the value of header &apos;{name}&apos; contains the control character {character} at position {position}</source>
        <comment>header.value_control_character</comment>
        <translation>в значении заголовка «{name}» на позиции {position} стоит управляющий символ {character}</translation>
    </message>
    <message>
        <source>the value of header &apos;{name}&apos; contains {character} at position {position}: only Latin letters, digits, punctuation and spaces can be sent</source>
        <comment>header.value_non_ascii</comment>
        <translation>в значении заголовка «{name}» на позиции {position} стоит символ {character}: отправить можно только латинские буквы, цифры, знаки препинания и пробелы</translation>
    </message>
    <message>
        <source>the value of header &apos;{name}&apos; must not start or end with a space or tab</source>
        <comment>header.value_whitespace</comment>
        <translation>значение заголовка «{name}» не должно начинаться или заканчиваться пробелом или табуляцией</translation>
    </message>
    <message>
        <source>{file} holds batches, not product codes: import it without choosing a batch</source>
        <comment>import.batches_not_codes</comment>
        <translation>в {file} партии, а не коды продукции: импортируйте его, не выбирая партию</translation>
    </message>
    <message>
        <source>the cell {cell} holds the error {value}</source>
        <comment>import.cell_error</comment>
        <translation>в ячейке {cell} ошибка {value}</translation>
    </message>
    <message>
        <source>the code is listed again (first in row {first_row})</source>
        <comment>import.code_repeated</comment>
        <translation>код указан повторно (впервые в строке {first_row})</translation>
    </message>
    <message>
        <source>{file} holds product codes: choose the batch they go into</source>
        <comment>import.codes_need_batch</comment>
        <translation>в {file} коды продукции: выберите партию, в которую их добавить</translation>
    </message>
    <message>
        <source>{file} has no column {headers} (the 1C key or its English name)</source>
        <comment>import.columns_missing</comment>
        <translation>в {file} нет столбца {headers} (ключа 1С или его английского имени)</translation>
    </message>
    <message>
        <source>{file} is neither UTF-8 nor Windows-1251 text; save it as &quot;CSV UTF-8&quot; and try again</source>
        <comment>import.csv_encoding</comment>
        <translation>{file} — текст не в UTF-8 и не в Windows-1251; сохраните его как «CSV UTF-8» и повторите</translation>
    </message>
    <message>
        <source>{file} cannot be read as CSV: a value is longer than {char_limit} characters, or its quotes do not close</source>
        <comment>import.csv_unreadable</comment>
        <translation>{file} не читается как CSV: значение длиннее {char_limit} символов или не закрыты кавычки</translation>
    </message>
    <message>
        <source>{file} looks like a {format} file but cannot be read: it is damaged or incomplete</source>
        <comment>import.damaged</comment>
        <translation>{file} похож на файл {format}, но не читается: он повреждён или неполон</translation>
    </message>
    <message>
        <source>Duplicate batch number and date</source>
        <comment>import.duplicate_batch</comment>
        <translation>Партия с таким номером и датой уже есть</translation>
    </message>
    <message>
        <source>the same batch number and date as row {first_row}</source>
        <comment>import.duplicate_in_file</comment>
        <translation>те же номер и дата партии, что в строке {first_row}</translation>
    </message>
    <message>
        <source>the cell {cell} holds a formula whose value was never calculated; open the file in Excel, let it calculate, and save it</source>
        <comment>import.formula_without_value</comment>
        <translation>в ячейке {cell} формула, значение которой не вычислено; откройте файл в Excel, дайте ему пересчитать и сохраните</translation>
    </message>
    <message>
        <source>the column {header} is there twice (first in column {first_column}); keep one of them</source>
        <comment>import.header_duplicate</comment>
        <translation>столбец {header} повторяется (впервые в столбце {first_column}); оставьте один</translation>
    </message>
    <message>
        <source>the header row has a column without a name; name it or delete the column</source>
        <comment>import.header_empty</comment>
        <translation>в строке заголовков есть столбец без имени; назовите его или удалите столбец</translation>
    </message>
    <message>
        <source>the cells {cells} are merged; unmerge them and fill in every cell</source>
        <comment>import.merged_cells</comment>
        <translation>ячейки {cells} объединены; разъедините их и заполните каждую</translation>
    </message>
    <message>
        <source>the first row of {file} names no column MESDesk knows: it must hold the column names (the 1C keys such as НомерПартии, or the English names such as batch_number)</source>
        <comment>import.no_header</comment>
        <translation>первая строка {file} не называет ни одного известного MESDesk столбца: в ней должны быть имена столбцов (ключи 1С, например НомерПартии, или английские имена, например batch_number)</translation>
    </message>
    <message>
        <source>{file} has a header row but no rows under it: nothing to import</source>
        <comment>import.no_rows</comment>
        <translation>в {file} есть строка заголовков, но нет строк под ней: импортировать нечего</translation>
    </message>
    <message>
        <source>{file} has no worksheet with cells</source>
        <comment>import.no_worksheet</comment>
        <translation>в {file} нет листа с ячейками</translation>
    </message>
    <message>
        <source>{file} is not a regular file</source>
        <comment>import.not_a_regular_file</comment>
        <translation>{file} — не обычный файл</translation>
    </message>
    <message>
        <source>{file} is not a spreadsheet (.xlsx, .xls, .ods), a CSV file or a 1C JSON file</source>
        <comment>import.not_a_table</comment>
        <translation>{file} — не таблица (.xlsx, .xls, .ods), не файл CSV и не файл 1С в JSON</translation>
    </message>
    <message>
        <source>{file} is protected by a password; save a copy without the password and import that</source>
        <comment>import.password_protected</comment>
        <translation>{file} защищён паролем; сохраните копию без пароля и импортируйте её</translation>
    </message>
    <message>
        <source>the row is for batch {number} of {date}, not for the chosen batch {chosen_number} of {chosen_date}</source>
        <comment>import.row_of_other_batch</comment>
        <translation>строка относится к партии {number} от {date}, а не к выбранной партии {chosen_number} от {chosen_date}</translation>
    </message>
    <message>
        <source>{file} has more than {limit} rows; split it into smaller files or raise the intake_max_items setting</source>
        <comment>import.too_many_rows</comment>
        <translation>в {file} больше {limit} строк; разделите его на несколько файлов или увеличьте настройку intake_max_items</translation>
    </message>
    <message>
        <source>there is a value in a column without a header; name the column or clear the value</source>
        <comment>import.value_without_header</comment>
        <translation>значение в столбце без заголовка; назовите столбец или очистите значение</translation>
    </message>
    <message>
        <source>{file} is a ZIP archive, but not an Excel or OpenDocument workbook</source>
        <comment>import.zip_not_a_workbook</comment>
        <translation>{file} — ZIP-архив, но не книга Excel или OpenDocument</translation>
    </message>
    <message>
        <source>the same batch number and date as item {first} in this file</source>
        <comment>intake.duplicate_in_file</comment>
        <translation>те же номер и дата партии, что у элемента {first} этого файла</translation>
    </message>
    <message>
        <source>the key {key} is missing</source>
        <comment>intake.key_missing</comment>
        <translation>нет ключа {key}</translation>
    </message>
    <message>
        <source>the key {key} is not a 1C key of a shift task; it was ignored</source>
        <comment>intake.key_unknown</comment>
        <translation>ключ {key} не входит в ключи сменного задания 1С и пропущен</translation>
    </message>
    <message>
        <source>expected an object with the 1C keys, got a JSON {kind}</source>
        <comment>intake.not_an_object</comment>
        <translation>ожидался объект с ключами 1С, а получен JSON-{kind}</translation>
    </message>
    <message>
        <source>the job was interrupted: MESDesk on {station} stopped working on it (last sign of life {last_seen_at})</source>
        <comment>job.abandoned</comment>
        <translation>задание прервано: MESDesk на рабочем месте {station} перестал его выполнять (последний признак жизни — {last_seen_at})</translation>
    </message>
    <message>
        <source>the job was cancelled because MESDesk was shutting down</source>
        <comment>job.cancelled_at_shutdown</comment>
        <translation>задание отменено: MESDesk завершал работу</translation>
    </message>
    <message>
        <source>the job was cancelled before it started</source>
        <comment>job.cancelled_before_start</comment>
        <translation>задание отменено до начала выполнения</translation>
    </message>
    <message>
        <source>the job was cancelled</source>
        <comment>job.cancelled_by_user</comment>
        <translation>задание отменено</translation>
    </message>
    <message>
        <source>batches closed because their shift had ended: {count}</source>
        <comment>job.expired_batches_closed</comment>
        <translation>закрыто открытых партий с завершённой сменой: {count}</translation>
    </message>
    <message>
        <source>files older than {days} days deleted: {count}</source>
        <comment>job.old_files_deleted</comment>
        <translation>удалено файлов старше {days} дн.: {count}</translation>
    </message>
    <message>
        <source>the job ended, but its result could not be stored: it contains a NUL character, which the database does not accept</source>
        <comment>job.outcome_has_nul</comment>
        <translation>задание завершилось, но его результат не удалось сохранить: в нём есть символ NUL, который база данных не принимает</translation>
    </message>
    <message>
        <source>the job ended, but its outcome could not be stored: {reason}</source>
        <comment>job.outcome_unstorable</comment>
        <translation>задание завершилось, но его итог не удалось сохранить: {reason}</translation>
    </message>
    <message>
        <source>MESDesk is shutting down: no new job can start</source>
        <comment>job.runner_closed</comment>
        <translation>MESDesk завершает работу: новые задания не запускаются</translation>
    </message>
    <message>
        <source>changes counted into the analytics totals: {count}</source>
        <comment>job.statistics_folded</comment>
        <translation>изменений учтено в итогах аналитики: {count}</translation>
    </message>
    <message>
        <source>done</source>
        <comment>job.step_done</comment>
        <translation>готово</translation>
    </message>
    <message>
        <source>writing the rows</source>
        <comment>job.step_exporting</comment>
        <translation>запись строк</translation>
    </message>
    <message>
        <source>reading the file</source>
        <comment>job.step_reading_file</comment>
        <translation>чтение файла</translation>
    </message>
    <message>
        <source>storing the items</source>
        <comment>job.step_storing_items</comment>
        <translation>сохранение записей</translation>
    </message>
    <message>
        <source>{count} failed webhook deliveries queued again</source>
        <comment>job.webhooks_requeued</comment>
        <translation>неудачных доставок снова поставлено в очередь: {count}</translation>
    </message>
    <message>
        <source>column {column}</source>
        <comment>location.column</comment>
        <translation>столбец {column}</translation>
    </message>
    <message>
        <source>field &apos;{field}&apos;</source>
        <comment>location.field</comment>
        <translation>поле «{field}»</translation>
    </message>
    <message>
        <source>item {index}</source>
        <comment>location.index</comment>
        <translation>запись {index}</translation>
    </message>
    <message>
        <source>row {row}</source>
        <comment>location.row</comment>
        <translation>строка {row}</translation>
    </message>
    <message>
        <source>{address} is not an e-mail address</source>
        <comment>mail.address_invalid</comment>
        <translation>{address} — не адрес электронной почты</translation>
    </message>
    <message>
        <source>the mail server refused the user name or the password</source>
        <comment>mail.auth</comment>
        <translation>почтовый сервер отклонил имя пользователя или пароль</translation>
    </message>
    <message>
        <source>the mail server failed: {reason}</source>
        <comment>mail.failed</comment>
        <translation>ошибка почтового сервера: {reason}</translation>
    </message>
    <message>
        <source>no recipients: give an address, or set the recipients of this notification in Settings</source>
        <comment>mail.no_recipients</comment>
        <translation>нет получателей: укажите адрес или задайте получателей этого уведомления в настройках</translation>
    </message>
    <message>
        <source>no mail server is configured: set the SMTP host in Settings</source>
        <comment>mail.not_configured</comment>
        <translation>почтовый сервер не настроен: укажите SMTP-сервер в настройках</translation>
    </message>
    <message>
        <source>the mail server refused the recipients {recipients}</source>
        <comment>mail.recipients_refused</comment>
        <translation>почтовый сервер отклонил получателей {recipients}</translation>
    </message>
    <message>
        <source>the mail server at {host}:{port} refused the connection: is it running?</source>
        <comment>mail.refused</comment>
        <translation>почтовый сервер {host}:{port} отклонил подключение: он запущен?</translation>
    </message>
    <message>
        <source>the mail server refused the sender address {sender}</source>
        <comment>mail.sender_refused</comment>
        <translation>почтовый сервер отклонил адрес отправителя {sender}</translation>
    </message>
    <message>
        <source>the mail server at {host}:{port} did not answer in {seconds} s</source>
        <comment>mail.timeout</comment>
        <translation>почтовый сервер {host}:{port} не ответил за {seconds} с</translation>
    </message>
    <message>
        <source>a secure (TLS) connection to the mail server failed: {reason}</source>
        <comment>mail.tls</comment>
        <translation>не удалось защищённое (TLS) подключение к почтовому серверу: {reason}</translation>
    </message>
    <message>
        <source>the mail server host {host} is not known (DNS)</source>
        <comment>mail.unknown_host</comment>
        <translation>имя почтового сервера {host} не найдено (DNS)</translation>
    </message>
    <message>
        <source>the page cursor is not valid: start again from the first page</source>
        <comment>page.cursor_invalid</comment>
        <translation>курсор страницы недействителен: начните с первой страницы</translation>
    </message>
    <message>
        <source>must be between {minimum} and {maximum}, got {value}</source>
        <comment>page.limit_out_of_range</comment>
        <translation>допустимо от {minimum} до {maximum}, указано {value}</translation>
    </message>
    <message>
        <source>something went wrong ({kind}); the details were written to the log</source>
        <comment>problem.internal</comment>
        <translation>что-то пошло не так ({kind}); подробности записаны в журнал</translation>
    </message>
    <message>
        <source>a problem this version cannot describe ({code})</source>
        <comment>problem.unknown</comment>
        <translation>проблема, которую эта версия не умеет описать ({code})</translation>
    </message>
    <message>
        <source>the report font {font_file} is missing from this installation</source>
        <comment>report.font_missing</comment>
        <translation>шрифт отчёта {font_file} отсутствует в этой установке</translation>
    </message>
    <message>
        <source>a report is made as {formats}, not as {format}</source>
        <comment>report.format_unknown</comment>
        <translation>отчёт формируется в форматах {formats}, а не {format}</translation>
    </message>
    <message>
        <source>a report is written in {languages}, not in {language}</source>
        <comment>report.language_unknown</comment>
        <translation>отчёт пишется на языках {languages}, а не на {language}</translation>
    </message>
    <message>
        <source>the report could not be written: {reason}</source>
        <comment>report.not_written</comment>
        <translation>не удалось записать отчёт: {reason}</translation>
    </message>
    <message>
        <source>there is no folder to write {file} in</source>
        <comment>report.output_folder_missing</comment>
        <translation>нет папки, в которую можно записать {file}</translation>
    </message>
    <message>
        <source>the report was made but could not be copied to {file}: {reason}</source>
        <comment>report.output_not_written</comment>
        <translation>отчёт сформирован, но скопировать его в {file} не удалось: {reason}</translation>
    </message>
    <message>
        <source>reading the batch</source>
        <comment>report.step_reading</comment>
        <translation>чтение партии</translation>
    </message>
    <message>
        <source>storing the report</source>
        <comment>report.step_storing</comment>
        <translation>сохранение отчёта</translation>
    </message>
    <message>
        <source>writing the products</source>
        <comment>report.step_writing</comment>
        <translation>запись продуктов</translation>
    </message>
    <message>
        <source>unique code already aggregated</source>
        <comment>scan.already_aggregated</comment>
        <translation>уникальный код уже агрегирован</translation>
    </message>
    <message>
        <source>unique code already used at {at}</source>
        <comment>scan.already_used</comment>
        <translation>уникальный код уже использован {at}</translation>
    </message>
    <message>
        <source>batch is closed</source>
        <comment>scan.batch_closed</comment>
        <translation>партия закрыта</translation>
    </message>
    <message>
        <source>unique code not found</source>
        <comment>scan.not_found</comment>
        <translation>уникальный код не найден</translation>
    </message>
    <message>
        <source>not processed: the database became unreachable before this scan</source>
        <comment>scan.not_processed</comment>
        <translation>не обработан: база данных стала недоступна до этого скана</translation>
    </message>
    <message>
        <source>unique code is attached to another batch</source>
        <comment>scan.other_batch</comment>
        <translation>уникальный код привязан к другой партии</translation>
    </message>
    <message>
        <source>unique code is attached to another batch (batch {number} of {date})</source>
        <comment>scan.other_batch_named</comment>
        <translation>уникальный код привязан к другой партии (№ {number} от {date})</translation>
    </message>
    <message>
        <source>database unreachable: the scan is kept and its verdict follows on reconnect</source>
        <comment>scan.pending</comment>
        <translation>база данных недоступна: скан сохранён, результат будет после восстановления связи</translation>
    </message>
    <message>
        <source>repeated scan ignored</source>
        <comment>scan.repeat</comment>
        <translation>повторный скан пропущен</translation>
    </message>
    <message>
        <source>letters and digits alone also occur inside ordinary codes, which this token would break: set the scanner to send GS, or a text with punctuation such as &lt;GS&gt;</source>
        <comment>scanner.gs_token_alphanumeric</comment>
        <translation>одни буквы и цифры встречаются и внутри обычных кодов, и такая подстановка их испортит: настройте сканер на передачу GS или текста со знаками, например &lt;GS&gt;</translation>
    </message>
    <message>
        <source>type the token as the scanner sends it, without control characters</source>
        <comment>scanner.gs_token_control</comment>
        <translation>введите подстановку так, как её передаёт сканер, без управляющих символов</translation>
    </message>
    <message>
        <source>choose the port the scanner is connected to</source>
        <comment>scanner.serial_port_empty</comment>
        <translation>выберите порт, к которому подключён сканер</translation>
    </message>
    <message>
        <source>tick at least one: MESDesk needs to know where a scan ends</source>
        <comment>scanner.terminator_none</comment>
        <translation>отметьте хотя бы один вариант: MESDesk должен знать, где заканчивается скан</translation>
    </message>
    <message>
        <source>the scheduled task {task} is running already, on this or another station: try again when that run has finished</source>
        <comment>schedule.busy</comment>
        <translation>задача по расписанию {task} уже выполняется на этой или другой станции: повторите, когда она завершится</translation>
    </message>
    <message>
        <source>there is no scheduled task {task}; the tasks are {known}</source>
        <comment>schedule.unknown_task</comment>
        <translation>задачи по расписанию {task} нет; есть задачи: {known}</translation>
    </message>
    <message>
        <source>the database is unreachable ({reason})</source>
        <comment>service.database_unreachable</comment>
        <translation>база данных недоступна ({reason})</translation>
    </message>
    <message>
        <source>the embedded database could not start: {reason}</source>
        <comment>service.embedded_database_failed</comment>
        <translation>встроенная база данных не запустилась: {reason}</translation>
    </message>
    <message>
        <source>the settings file {file} is not valid TOML: {reason}</source>
        <comment>settings.file_invalid</comment>
        <translation>файл настроек {file} — не корректный TOML: {reason}</translation>
    </message>
    <message>
        <source>the station needs a name: it is recorded with every scan and change made here</source>
        <comment>settings.station_empty</comment>
        <translation>укажите имя рабочего места: оно записывается с каждым сканированием и изменением, сделанным здесь</translation>
    </message>
    <message>
        <source>choose the time zone the shifts are planned in</source>
        <comment>settings.timezone_empty</comment>
        <translation>выберите часовой пояс, в котором планируются смены</translation>
    </message>
    <message>
        <source>unknown time zone {timezone}: choose one such as Europe/Moscow</source>
        <comment>settings.timezone_unknown</comment>
        <translation>неизвестный часовой пояс «{timezone}»: выберите, например, Europe/Moscow</translation>
    </message>
    <message>
        <source>the setting {name} cannot be {value}</source>
        <comment>settings.value_invalid</comment>
        <translation>настройка {name} не может иметь значение {value}</translation>
    </message>
    <message>
        <source>the object storage at {endpoint} refused the access key or the secret key</source>
        <comment>storage.credentials</comment>
        <translation>объектное хранилище {endpoint} отклонило ключ доступа или секретный ключ</translation>
    </message>
    <message>
        <source>{endpoint} is not an object storage address: give host:port or an http(s) URL without a path</source>
        <comment>storage.endpoint_invalid</comment>
        <translation>{endpoint} — не адрес объектного хранилища: укажите хост:порт или адрес http(s) без пути</translation>
    </message>
    <message>
        <source>the object storage at {endpoint} failed: {reason}</source>
        <comment>storage.failed</comment>
        <translation>ошибка объектного хранилища {endpoint}: {reason}</translation>
    </message>
    <message>
        <source>no object storage is configured: files are kept on this computer only</source>
        <comment>storage.not_configured</comment>
        <translation>объектное хранилище не настроено: файлы хранятся только на этом компьютере</translation>
    </message>
    <message>
        <source>there is no {name} in bucket {bucket}</source>
        <comment>storage.object_missing</comment>
        <translation>в хранилище {bucket} нет объекта {name}</translation>
    </message>
    <message>
        <source>the object storage key may not {action} in bucket {bucket}</source>
        <comment>storage.permission</comment>
        <translation>ключу объектного хранилища не разрешено действие «{action}» в {bucket}</translation>
    </message>
    <message>
        <source>{prefix} cannot begin a bucket name: use lower-case letters, digits, dots and hyphens</source>
        <comment>storage.prefix_invalid</comment>
        <translation>{prefix} не может быть началом имени хранилища: используйте строчные латинские буквы, цифры, точки и дефисы</translation>
    </message>
    <message>
        <source>the object storage at {endpoint} refused the connection: is it running?</source>
        <comment>storage.refused</comment>
        <translation>объектное хранилище {endpoint} отклонило подключение: оно запущено?</translation>
    </message>
    <message>
        <source>the object storage at {endpoint} did not answer in {seconds} s</source>
        <comment>storage.timeout</comment>
        <translation>объектное хранилище {endpoint} не ответило за {seconds} с</translation>
    </message>
    <message>
        <source>a secure (TLS) connection to {endpoint} failed: {reason}</source>
        <comment>storage.tls</comment>
        <translation>не удалось защищённое (TLS) подключение к {endpoint}: {reason}</translation>
    </message>
    <message>
        <source>the object storage host {host} is not known (DNS)</source>
        <comment>storage.unknown_host</comment>
        <translation>имя хоста объектного хранилища {host} не найдено (DNS)</translation>
    </message>
    <message>
        <source>expected true or false, got {value}</source>
        <comment>subscription.boolean_expected</comment>
        <translation>ожидается true или false, получено {value}</translation>
    </message>
    <message>
        <source>no successful delivery since {since}: 24 h of failures (last error: {error})</source>
        <comment>subscription.disabled_failing</comment>
        <translation>нет успешных доставок с {since}: 24 ч ошибок (последняя: {error})</translation>
    </message>
    <message>
        <source>the receiver answered 410 Gone at {at} (delivery {delivery})</source>
        <comment>subscription.disabled_gone</comment>
        <translation>получатель ответил 410 Gone {at} (доставка №{delivery})</translation>
    </message>
    <message>
        <source>expected a list of event types</source>
        <comment>subscription.events_not_list</comment>
        <translation>ожидается список типов событий</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; cannot be changed; changeable fields are {changeable}</source>
        <comment>subscription.field_not_changeable</comment>
        <translation>поле «{name}» изменить нельзя; изменяемые поля: {changeable}</translation>
    </message>
    <message>
        <source>choose at least one event type</source>
        <comment>subscription.no_events</comment>
        <translation>отметьте хотя бы одно событие</translation>
    </message>
    <message>
        <source>webhook subscription {id} does not exist</source>
        <comment>subscription.not_found</comment>
        <translation>подписка на вебхуки {id} не найдена</translation>
    </message>
    <message>
        <source>must be between {minimum} and {maximum} requests per second, got {value}</source>
        <comment>subscription.rate_limit_out_of_range</comment>
        <translation>введите от {minimum} до {maximum} запросов в секунду (введено {value})</translation>
    </message>
    <message>
        <source>must be between {minimum} and {maximum}, got {value}</source>
        <comment>subscription.retry_count_out_of_range</comment>
        <translation>введите число от {minimum} до {maximum} (введено {value})</translation>
    </message>
    <message>
        <source>cannot send a test event: webhook subscription {id} is disabled; activate it first</source>
        <comment>subscription.test_disabled</comment>
        <translation>нельзя отправить тестовое событие: подписка {id} отключена; сначала включите её</translation>
    </message>
    <message>
        <source>must be between {minimum} and {maximum} seconds, got {value}</source>
        <comment>subscription.timeout_out_of_range</comment>
        <translation>введите от {minimum} до {maximum} секунд (введено {value})</translation>
    </message>
    <message>
        <source>a value is required</source>
        <comment>subscription.value_required</comment>
        <translation>укажите значение</translation>
    </message>
    <message>
        <source>expected a whole number, got {value}</source>
        <comment>subscription.whole_number_expected</comment>
        <translation>ожидается целое число, получено {value}</translation>
    </message>
    <message>
        <source>a badge code is 4 to 200 visible characters</source>
        <comment>user.badge_invalid</comment>
        <translation>код пропуска — от 4 до 200 видимых символов</translation>
    </message>
    <message>
        <source>this badge belongs to &apos;{login}&apos; already</source>
        <comment>user.badge_taken</comment>
        <translation>этот пропуск уже принадлежит «{login}»</translation>
    </message>
    <message>
        <source>you cannot deactivate yourself (&apos;{login}&apos;): another administrator can</source>
        <comment>user.deactivate_self</comment>
        <translation>нельзя отключить самого себя («{login}»): это может сделать другой администратор</translation>
    </message>
    <message>
        <source>there is a user &apos;{login}&apos; already</source>
        <comment>user.exists</comment>
        <translation>пользователь «{login}» уже есть</translation>
    </message>
    <message>
        <source>&apos;{login}&apos; is the last active administrator: make another user an administrator first</source>
        <comment>user.last_administrator</comment>
        <translation>«{login}» — последний действующий администратор: сначала назначьте администратором другого пользователя</translation>
    </message>
    <message>
        <source>a login is 1 to 64 Latin letters, digits, dots, dashes or underscores, got &apos;{login}&apos;</source>
        <comment>user.login_invalid</comment>
        <translation>логин — от 1 до 64 латинских букв, цифр, точек, дефисов или подчёркиваний, получено «{login}»</translation>
    </message>
    <message>
        <source>a name is at most 200 characters without control characters</source>
        <comment>user.name_invalid</comment>
        <translation>имя — не длиннее 200 символов, без управляющих символов</translation>
    </message>
    <message>
        <source>give the user a badge, a PIN or both</source>
        <comment>user.no_credentials</comment>
        <translation>задайте пользователю пропуск, PIN-код или и то и другое</translation>
    </message>
    <message>
        <source>there is no user &apos;{login}&apos;</source>
        <comment>user.not_found</comment>
        <translation>пользователя «{login}» нет</translation>
    </message>
    <message>
        <source>a PIN is 4 to 12 digits</source>
        <comment>user.pin_invalid</comment>
        <translation>PIN-код — от 4 до 12 цифр</translation>
    </message>
    <message>
        <source>unknown role &apos;{role}&apos;: the roles are operator, supervisor and administrator</source>
        <comment>user.role_unknown</comment>
        <translation>неизвестная роль «{role}»: роли — operator (оператор), supervisor (мастер) и administrator (администратор)</translation>
    </message>
    <message>
        <source>the character {char} at position {position} is not a letter of any alphabet (a broken encoding?)</source>
        <comment>value.character_unusable</comment>
        <translation>символ {char} в позиции {position} не является буквой ни одного алфавита (испорченная кодировка?)</translation>
    </message>
    <message>
        <source>remove the control character {char} at position {position}</source>
        <comment>value.control_character</comment>
        <translation>удалите управляющий символ {char} в позиции {position}</translation>
    </message>
    <message>
        <source>enter true or false (got {value})</source>
        <comment>value.not_boolean</comment>
        <translation>введите true или false (введено: {value})</translation>
    </message>
    <message>
        <source>enter a date, for example 2024-01-30 (got {value})</source>
        <comment>value.not_date</comment>
        <translation>введите дату, например 2024-01-30 (введено: {value})</translation>
    </message>
    <message>
        <source>enter a date and time, for example 2024-01-30T08:00 (got {value})</source>
        <comment>value.not_datetime</comment>
        <translation>введите дату и время, например 2024-01-30T08:00 (введено: {value})</translation>
    </message>
    <message>
        <source>enter a whole number (got {value})</source>
        <comment>value.not_integer</comment>
        <translation>введите целое число (введено: {value})</translation>
    </message>
    <message>
        <source>enter text (got {value})</source>
        <comment>value.not_text</comment>
        <translation>введите текст (передано: {value})</translation>
    </message>
    <message>
        <source>enter a number from {minimum} to {maximum} (got {value})</source>
        <comment>value.out_of_range</comment>
        <translation>введите число от {minimum} до {maximum} (введено: {value})</translation>
    </message>
    <message>
        <source>this field is required</source>
        <comment>value.required</comment>
        <translation>обязательное поле</translation>
    </message>
    <message>
        <source>the text has {length} characters; at most {limit} are allowed</source>
        <comment>value.too_long</comment>
        <translation>слишком длинный текст: символов — {length}, допустимо не более {limit}</translation>
    </message>
    <message>
        <source>the year {year} is outside {first}–{last}, the years MESDesk plans shifts in</source>
        <comment>value.year_out_of_range</comment>
        <translation>год {year} вне диапазона {first}–{last}, в котором MESDesk планирует смены</translation>
    </message>
    <message>
        <source>unknown event type &apos;{event}&apos;; known types are {known}</source>
        <comment>webhook.event_unknown</comment>
        <translation>MESDesk не отправляет событие «{event}»; известные события: {known}</translation>
    </message>
    <message>
        <source>the secret cannot contain {character} (position {position}): use visible characters and spaces</source>
        <comment>webhook.secret_character</comment>
        <translation>в секрете на позиции {position} недопустимый символ {character}: используйте видимые символы и пробелы</translation>
    </message>
    <message>
        <source>{host} is a link-local or cloud metadata address: webhooks are not sent there</source>
        <comment>webhook.target_forbidden</comment>
        <translation>{host} — локальный адрес канала (link-local) или адрес облачных метаданных: вебхуки туда не отправляются</translation>
    </message>
    <message>
        <source>expected a date and time, got {value}</source>
        <comment>webhook.time_expected</comment>
        <translation>ожидаются дата и время, получено {value}</translation>
    </message>
    <message>
        <source>the time &apos;{text}&apos; is outside the years 1 to 9999</source>
        <comment>webhook.time_out_of_range</comment>
        <translation>время «{text}» выходит за пределы годов 1–9999</translation>
    </message>
    <message>
        <source>expected a time like 2026-11-25T08:00, a date like 2026-11-25 or 24h (ago), got &apos;{text}&apos;</source>
        <comment>webhook.time_unreadable</comment>
        <translation>ожидается время вида 2026-11-25T08:00, дата вида 2026-11-25 или 24h (назад), получено «{text}»</translation>
    </message>
    <message>
        <source>the time needs a time zone (UTC offset)</source>
        <comment>webhook.time_without_zone</comment>
        <translation>у времени должен быть указан часовой пояс (смещение от UTC)</translation>
    </message>
    <message>
        <source>must be later than &apos;since&apos; ({since})</source>
        <comment>webhook.until_before_since</comment>
        <translation>должно быть позже начала периода ({since})</translation>
    </message>
    <message>
        <source>the URL cannot contain {character} (position {position})</source>
        <comment>webhook.url_character</comment>
        <translation>в адресе на позиции {position} недопустимый символ {character}</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; is not an http:// or https:// URL with a host</source>
        <comment>webhook.url_invalid</comment>
        <translation>«{url}» — не адрес http:// или https:// с именем хоста; введите, например, https://erp.example.com/hooks</translation>
    </message>
    <message>
        <source>the URL must not contain spaces</source>
        <comment>webhook.url_spaces</comment>
        <translation>в адресе не должно быть пробелов</translation>
    </message>
    <message>
        <source>work center {work_center} does not exist</source>
        <comment>work_center.not_found</comment>
        <translation>рабочий центр {work_center} не найден</translation>
    </message>
</context>
<context>
    <name>ProductTable</name>
    <message>
        <source>Aggregated</source>
        <translation>Агрегирован</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Ещё нет</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Aggregation</source>
        <translation>Агрегация</translation>
    </message>
    <message>
        <source>Aggregated at</source>
        <translation>Время агрегации</translation>
    </message>
    <message>
        <source>Aggregated by</source>
        <translation>Кем агрегирован</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Добавлен</translation>
    </message>
</context>
<context>
    <name>RecentScansModel</name>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Результат</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Batch report</source>
        <translation>Отчёт по партии</translation>
    </message>
    <message>
        <source>A report on batch {batch}: {nomenclature}</source>
        <translation>Отчёт по партии {batch}: {nomenclature}</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Формат</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>Документ PDF</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Книга Excel</translation>
    </message>
    <message>
        <source>Information, statistics, a chart of aggregations per hour and the products, ready to print.</source>
        <translation>Сведения, статистика, график агрегаций по часам и продукты — готово к печати.</translation>
    </message>
    <message>
        <source>Information, statistics and every product with its aggregation time, on three sheets.</source>
        <translation>Сведения, статистика и все продукты со временем агрегации — на трёх листах.</translation>
    </message>
    <message>
        <source>Create report</source>
        <translation>Создать отчёт</translation>
    </message>
</context>
<context>
    <name>Resending</name>
    <message>
        <source>Delivery #{id} ({event} to {url}) was queued to be sent again.</source>
        <translation>Доставка №{id} ({event} на {url}) поставлена в очередь на повторную отправку.</translation>
    </message>
    <message>
        <source>The delivery could not be resent: {reason}</source>
        <translation>Доставку не удалось отправить снова: {reason}</translation>
    </message>
    <message>
        <source>every subscription</source>
        <translation>всех подписок</translation>
    </message>
    <message>
        <source>{since} to {until}</source>
        <translation>с {since} по {until}</translation>
    </message>
    <message>
        <source>There are no failed deliveries of active subscriptions to resend for {where} from {period}.</source>
        <translation>Нет неудачных доставок активных подписок для повторной отправки ({where}, {period}).</translation>
    </message>
    <message>
        <source>Resend failed deliveries</source>
        <translation>Повторная отправка неудачных доставок</translation>
    </message>
    <message>
        <source>Resend {count} failed deliveries?</source>
        <translation>Отправить снова неудачные доставки ({count})?</translation>
    </message>
    <message>
        <source>Every failed delivery for {where} created from {period} (any event type) is queued again and tried with its subscription&apos;s retries. Deliveries of inactive subscriptions are left as they are.</source>
        <translation>Все неудачные доставки ({where}), созданные в период {period} (любого типа), снова ставятся в очередь и отправляются с повторами своей подписки. Доставки неактивных подписок остаются как есть.</translation>
    </message>
    <message>
        <source>Resend {count}</source>
        <translation>Отправить снова ({count})</translation>
    </message>
    <message>
        <source>{count} failed deliveries were queued to be sent again.</source>
        <translation>Неудачные доставки поставлены в очередь на повторную отправку: {count}.</translation>
    </message>
    <message>
        <source>The failed deliveries could not be resent: {reason}</source>
        <translation>Неудачные доставки не удалось отправить снова: {reason}</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>мастер</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>администратор</translation>
    </message>
    <message>
        <source>view batches and their codes</source>
        <translation>просматривать партии и их коды</translation>
    </message>
    <message>
        <source>scan and add codes</source>
        <translation>сканировать и добавлять коды</translation>
    </message>
    <message>
        <source>see the station&apos;s status</source>
        <translation>видеть состояние станции</translation>
    </message>
    <message>
        <source>create and edit batches</source>
        <translation>создавать и изменять партии</translation>
    </message>
    <message>
        <source>close and reopen batches</source>
        <translation>закрывать и переоткрывать партии</translation>
    </message>
    <message>
        <source>import batches and codes</source>
        <translation>импортировать партии и коды</translation>
    </message>
    <message>
        <source>export and make reports</source>
        <translation>выгружать данные и формировать отчёты</translation>
    </message>
    <message>
        <source>read analytics</source>
        <translation>смотреть аналитику</translation>
    </message>
    <message>
        <source>manage webhooks</source>
        <translation>управлять вебхуками</translation>
    </message>
    <message>
        <source>manage files</source>
        <translation>управлять файлами</translation>
    </message>
    <message>
        <source>read the mail queue and the schedule</source>
        <translation>смотреть очередь писем и расписание</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>смотреть журнал аудита</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>управлять пользователями</translation>
    </message>
    <message>
        <source>run scheduled tasks</source>
        <translation>запускать задачи по расписанию</translation>
    </message>
    <message>
        <source>make demo data</source>
        <translation>создавать демо-данные</translation>
    </message>
    <message>
        <source>change the station&apos;s settings</source>
        <translation>изменять настройки рабочего места</translation>
    </message>
    <message>
        <source>Needs the {role} role.</source>
        <translation>Нужна роль «{role}».</translation>
    </message>
</context>
<context>
    <name>ScanTexts</name>
    <message>
        <source>Accepted</source>
        <extracomment>What the panel shows before the first scan. Every verdict a row of the recent-scans list can show.</extracomment>
        <translation>Принят</translation>
    </message>
    <message>
        <source>Already aggregated</source>
        <translation>Уже агрегирован</translation>
    </message>
    <message>
        <source>Another batch</source>
        <translation>Другая партия</translation>
    </message>
    <message>
        <source>Kept offline</source>
        <translation>Сохранён без связи</translation>
    </message>
    <message>
        <source>Not a valid code</source>
        <translation>Неверный код</translation>
    </message>
    <message>
        <source>Wrong keyboard layout</source>
        <translation>Не та раскладка</translation>
    </message>
    <message>
        <source>Code not found</source>
        <translation>Код не найден</translation>
    </message>
    <message>
        <source>Batch is closed</source>
        <translation>Партия закрыта</translation>
    </message>
    <message>
        <source>Repeat ignored</source>
        <translation>Повтор пропущен</translation>
    </message>
    <message>
        <source>Scan not taken</source>
        <translation>Скан не принят</translation>
    </message>
    <message>
        <source>Ready to scan</source>
        <translation>Готов к сканированию</translation>
    </message>
    <message>
        <source>Aggregated into this batch.</source>
        <translation>Агрегирован в эту партию.</translation>
    </message>
    <message>
        <source>an earlier time</source>
        <translation>ранее</translation>
    </message>
    <message>
        <source>Unique code already used at {time}.</source>
        <translation>Уникальный код уже использован {time}.</translation>
    </message>
    <message>
        <source>Unique code is attached to another batch: No. {number} of {date}.</source>
        <translation>Уникальный код привязан к другой партии: № {number} от {date}.</translation>
    </message>
    <message>
        <source>Unique code is attached to another batch.</source>
        <translation>Уникальный код привязан к другой партии.</translation>
    </message>
    <message>
        <source>The database is unreachable. The scan is kept on this station and its verdict follows on reconnect.</source>
        <translation>База данных недоступна. Скан сохранён на этой станции, результат будет после восстановления связи.</translation>
    </message>
    <message>
        <source>The scan is not a valid marking code: the problem is at character {position}.</source>
        <translation>Скан не является кодом маркировки: ошибка в символе {position}.</translation>
    </message>
    <message>
        <source>The scan is not a valid marking code.</source>
        <translation>Скан не является кодом маркировки.</translation>
    </message>
    <message>
        <source>The scanner typed in a non-Latin keyboard layout. Switch the keyboard layout to English or set the scanner to send key codes.</source>
        <translation>Сканер ввёл код в нелатинской раскладке. Переключите раскладку на английскую или настройте сканер на передачу кодов клавиш.</translation>
    </message>
    <message>
        <source>No product has this unique code.</source>
        <translation>Продукта с таким уникальным кодом нет.</translation>
    </message>
    <message>
        <source>The batch is closed: nothing can be aggregated into it.</source>
        <translation>Партия закрыта: агрегировать в неё нельзя.</translation>
    </message>
    <message>
        <source>Choose a batch first: this scan was not recorded. Scan it again after choosing.</source>
        <translation>Сначала выберите партию: этот скан не записан. Отсканируйте его снова после выбора.</translation>
    </message>
    <message>
        <source>The scan could not be recorded on this station: {reason}. Scan it again; if it keeps failing, call the supervisor.</source>
        <translation>Скан не удалось записать на этой станции: {reason}. Отсканируйте снова; если ошибка повторяется, позовите мастера.</translation>
    </message>
</context>
<context>
    <name>Schedule</name>
    <message>
        <source>Daily at {time}</source>
        <translation>Ежедневно в {time}</translation>
    </message>
    <message>
        <source>Every {count} h</source>
        <translation>Каждые {count} ч</translation>
    </message>
    <message>
        <source>Every {count} min</source>
        <translation>Каждые {count} мин</translation>
    </message>
    <message>
        <source>Every {count} s</source>
        <translation>Каждые {count} с</translation>
    </message>
    <message>
        <source>on schedule</source>
        <translation>по расписанию</translation>
    </message>
    <message>
        <source>caught up at start</source>
        <translation>пропущенный, при запуске</translation>
    </message>
    <message>
        <source>run by hand</source>
        <translation>вручную</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>Ещё не запускалась</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>Ошибка: {reason}</translation>
    </message>
</context>
<context>
    <name>ScheduleModel</name>
    <message>
        <source>Task</source>
        <extracomment>The task&apos;s name (its job kind) in every column.</extracomment>
        <translation>Задача</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Расписание</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Последний запуск</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>Результат</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Следующий запуск</translation>
    </message>
    <message>
        <source>{started} on {station}, {trigger}</source>
        <translation>{started} на станции {station}, {trigger}</translation>
    </message>
</context>
<context>
    <name>SchedulePanel</name>
    <message>
        <source>Tasks MESDesk runs by itself, on whichever station or worker is running at the time; each runs once. Times are in the production time zone ({zone}).</source>
        <extracomment>The use case behind &quot;Run now&quot; (``domain/roles`` says who may). How often the schedule is read while the tab is shown.</extracomment>
        <translation>Задачи, которые MESDesk выполняет сам — на той станции или том сервере, что работает в это время; каждая выполняется один раз. Время указано в производственном часовом поясе ({zone}).</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Запустить сейчас</translation>
    </message>
    <message>
        <source>Run the selected task now on this station, outside its schedule. It is refused while the task is running anywhere.</source>
        <translation>Запустить выбранную задачу сейчас на этой станции, вне расписания. Пока задача выполняется где-либо, запуск отклоняется.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>The schedule could not be read: {reason}</source>
        <translation>Не удалось прочитать расписание: {reason}</translation>
    </message>
    <message>
        <source>No scheduled tasks</source>
        <translation>Нет задач по расписанию</translation>
    </message>
    <message>
        <source>Loading the schedule…</source>
        <translation>Загрузка расписания…</translation>
    </message>
    <message>
        <source>Select a task to see its last run.</source>
        <translation>Выберите задачу, чтобы увидеть её последний запуск.</translation>
    </message>
    <message>
        <source>{task} has not run yet. Next run: {next}.</source>
        <translation>{task}: ещё не запускалась. Следующий запуск: {next}.</translation>
    </message>
    <message>
        <source>{task}: started {started} on {station}, {trigger}; still running.</source>
        <translation>{task}: начато {started} на станции {station}, {trigger}; ещё выполняется.</translation>
    </message>
    <message>
        <source>{task}: started {started} on {station}, {trigger}; finished {finished}.</source>
        <translation>{task}: начато {started} на станции {station}, {trigger}; завершено {finished}.</translation>
    </message>
    <message>
        <source>Outcome: {outcome}</source>
        <translation>Итог: {outcome}</translation>
    </message>
    <message>
        <source>Counts: {counts}</source>
        <translation>Результат — {counts}</translation>
    </message>
    <message>
        <source>{task} is running…</source>
        <translation>{task}: выполняется…</translation>
    </message>
    <message>
        <source>{task}: {outcome}</source>
        <translation>{task}: {outcome}</translation>
    </message>
    <message>
        <source>{task} finished: {counts}</source>
        <translation>{task}: завершено; {counts}</translation>
    </message>
    <message>
        <source>{task} finished.</source>
        <translation>{task}: завершено.</translation>
    </message>
</context>
<context>
    <name>SecretDialog</name>
    <message>
        <source>Webhook secret</source>
        <translation>Секрет вебхука</translation>
    </message>
    <message>
        <source>The subscription for {url} was created.</source>
        <translation>Подписка на {url} создана.</translation>
    </message>
    <message>
        <source>Give this secret to the receiver: it checks the X-Webhook-Signature and webhook-signature headers with it. Copy it now: it will not be shown again.</source>
        <translation>Передайте этот секрет получателю: им он проверяет заголовки X-Webhook-Signature и webhook-signature. Скопируйте его сейчас: больше он показан не будет.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Скопировано в буфер обмена.</translation>
    </message>
</context>
<context>
    <name>SerialCapture</name>
    <message>
        <source>Cannot open the scanner port {port}: {reason}</source>
        <translation>Не удаётся открыть порт сканера {port}: {reason}</translation>
    </message>
    <message>
        <source>The scanner on {port} sent {size} bytes without a line end; they were discarded. Set the scanner&apos;s suffix to CR or LF.</source>
        <translation>Сканер на {port} передал {size} байт без конца строки; они отброшены. Настройте в сканере суффикс CR или LF.</translation>
    </message>
    <message>
        <source>The scanner port {port} is no longer available ({reason}); it was closed.</source>
        <translation>Порт сканера {port} больше недоступен ({reason}); он закрыт.</translation>
    </message>
    <message>
        <source>Scanner port {port}: {reason}</source>
        <translation>Порт сканера {port}: {reason}</translation>
    </message>
</context>
<context>
    <name>SettingsMessages</name>
    <message>
        <source>schema up to date</source>
        <translation>схема актуальна</translation>
    </message>
    <message>
        <source>the schema needs an upgrade (MESDesk upgrades it when it starts)</source>
        <translation>схему нужно обновить (MESDesk обновит её при запуске)</translation>
    </message>
    <message>
        <source>empty database (MESDesk creates the schema when it starts)</source>
        <translation>база данных пуста (MESDesk создаст схему при запуске)</translation>
    </message>
    <message>
        <source>the schema is newer than this version of MESDesk: update MESDesk on this computer</source>
        <translation>схема новее этой версии MESDesk: обновите MESDesk на этом компьютере</translation>
    </message>
    <message>
        <source>the database holds other tables and no MESDesk schema: choose another database</source>
        <translation>в базе данных чужие таблицы и нет схемы MESDesk: выберите другую базу данных</translation>
    </message>
    <message>
        <source>Connected: PostgreSQL {version}, {schema}.</source>
        <translation>Подключено: PostgreSQL {version}, {schema}.</translation>
    </message>
    <message>
        <source>Not connected: {reason}</source>
        <translation>Нет подключения: {reason}</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>operator</source>
        <translation>оператор</translation>
    </message>
    <message>
        <source>Not connected: {reason}</source>
        <translation>Нет подключения: {reason}</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>База данных</translation>
    </message>
    <message>
        <source>Embedded: a private PostgreSQL on this computer</source>
        <translation>Встроенная: собственный PostgreSQL на этом компьютере</translation>
    </message>
    <message>
        <source>Its data is kept in {path}</source>
        <translation>Данные хранятся в {path}</translation>
    </message>
    <message>
        <source>Shared server: several stations work with one PostgreSQL database</source>
        <translation>Общий сервер: несколько рабочих мест работают с одной базой PostgreSQL</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Проверить подключение</translation>
    </message>
    <message>
        <source>Save the password in the settings file anyway</source>
        <translation>Всё равно сохранить пароль в файле настроек</translation>
    </message>
    <message>
        <source>The password will be kept in the system keyring ({name}), not in the settings file.</source>
        <translation>Пароль будет храниться в системном хранилище паролей ({name}), а не в файле настроек.</translation>
    </message>
    <message>
        <source>No system keyring: the password would be saved in clear text in {path}</source>
        <translation>Системного хранилища паролей нет: пароль будет сохранён открытым текстом в {path}</translation>
    </message>
    <message>
        <source>The password for this URL is kept in the system keyring.</source>
        <translation>Пароль для этого URL хранится в системном хранилище паролей.</translation>
    </message>
    <message>
        <source>There is no system keyring for the password. Tick the box below to save it in the settings file, or take the password out of the URL.</source>
        <translation>Для пароля нет системного хранилища. Отметьте флажок ниже, чтобы сохранить его в файле настроек, или уберите пароль из URL.</translation>
    </message>
    <message>
        <source>Connecting to {where}…</source>
        <translation>Подключение к {where}…</translation>
    </message>
    <message>
        <source>E-mail (SMTP)</source>
        <translation>Электронная почта (SMTP)</translation>
    </message>
    <message>
        <source>e.g. smtp.plant.ru (empty: no e-mail is sent)</source>
        <translation>например, smtp.plant.ru (пусто: письма не отправляются)</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Порт:</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>Защита:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Сервер:</translation>
    </message>
    <message>
        <source>Empty: the server needs no login</source>
        <translation>Пусто: сервер не требует входа</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Пользователь:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Пароль:</translation>
    </message>
    <message>
        <source>From address:</source>
        <translation>Адрес отправителя:</translation>
    </message>
    <message>
        <source>Report ready:</source>
        <translation>Отчёт готов:</translation>
    </message>
    <message>
        <source>Import completed:</source>
        <translation>Импорт завершён:</translation>
    </message>
    <message>
        <source>Webhook subscription disabled:</source>
        <translation>Подписка на вебхуки отключена:</translation>
    </message>
    <message>
        <source>addresses separated by commas</source>
        <translation>адреса через запятую</translation>
    </message>
    <message>
        <source>Who gets each notification:</source>
        <translation>Кто получает каждое уведомление:</translation>
    </message>
    <message>
        <source>address for the test e-mail</source>
        <translation>адрес для тестового письма</translation>
    </message>
    <message>
        <source>Send test e-mail</source>
        <translation>Отправить тестовое письмо</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>Проверка:</translation>
    </message>
    <message>
        <source>stored in the keyring; type to replace</source>
        <translation>хранится в системном хранилище паролей; введите, чтобы заменить</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Отправка…</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Sent: check the inbox of {address}</source>
        <translation>Отправлено: проверьте входящие {address}</translation>
    </message>
    <message>
        <source>Logged in to the mail server. Type an address to send a test e-mail.</source>
        <translation>Вход на почтовый сервер выполнен. Введите адрес, чтобы отправить тестовое письмо.</translation>
    </message>
    <message>
        <source>Settings file: {path}</source>
        <translation>Файл настроек: {path}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>Отменить изменения</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked in red.</source>
        <translation>Ничего не сохранено: исправьте поля, отмеченные красным.</translation>
    </message>
    <message>
        <source>Nothing to save: the settings are as they were.</source>
        <translation>Сохранять нечего: настройки не изменились.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>The settings were not saved: {reason}</source>
        <translation>Настройки не сохранены: {reason}</translation>
    </message>
    <message>
        <source>Time zone and language</source>
        <translation>Часовой пояс и язык</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
    <message>
        <source>Production time zone:</source>
        <translation>Часовой пояс производства:</translation>
    </message>
    <message>
        <source>Shift times and 1C dates without a time zone are read in this zone.</source>
        <translation>Время смен и даты из 1С без часового пояса считаются временем этого пояса.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Язык:</translation>
    </message>
    <message>
        <source>Scanner</source>
        <extracomment>Each field the section checks, and its error line&apos;s attribute.</extracomment>
        <translation>Сканер</translation>
    </message>
    <message>
        <source>Keyboard (the scanner types the code)</source>
        <translation>Клавиатура (сканер печатает код)</translation>
    </message>
    <message>
        <source>Serial COM port</source>
        <translation>COM-порт</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>Подключение:</translation>
    </message>
    <message>
        <source>A USB scanner set up as a keyboard types each code; one set up as a serial port (USB virtual COM or RS-232) sends it to the port chosen below.</source>
        <translation>USB-сканер в режиме клавиатуры печатает каждый код; сканер в режиме COM-порта (виртуальный COM по USB или RS-232) передаёт его в порт, выбранный ниже.</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> мс</translation>
    </message>
    <message>
        <source>Longest pause between keys:</source>
        <translation>Наибольшая пауза между клавишами:</translation>
    </message>
    <message>
        <source>Keys that come faster than this are a scan; a person types slower.</source>
        <translation>Клавиши, идущие чаще, — это скан; человек печатает медленнее.</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> симв.</translation>
    </message>
    <message>
        <source>Shortest scan:</source>
        <translation>Кратчайший скан:</translation>
    </message>
    <message>
        <source>A shorter fast burst is taken as typing. A marking code has 31 characters or more.</source>
        <translation>Более короткая быстрая серия считается вводом с клавиатуры. В коде маркировки 31 символ или больше.</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Silence</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>A scan ends with:</source>
        <translation>Скан заканчивается:</translation>
    </message>
    <message>
        <source>The key the scanner sends after each code. Silence: the code ends when the keys stop coming, for a scanner that sends nothing after it.</source>
        <translation>Клавиша, которую сканер передаёт после каждого кода. Пауза: код заканчивается, когда клавиши перестают приходить, — для сканера без суффикса.</translation>
    </message>
    <message>
        <source>Serial port:</source>
        <translation>COM-порт:</translation>
    </message>
    <message>
        <source>Baud rate:</source>
        <translation>Скорость, бод:</translation>
    </message>
    <message>
        <source>Leave empty unless the scanner sends a text in place of the GS separator. &lt;GS&gt;, {GS}, ^], \x1d and \u001d are recognised without it.</source>
        <translation>Оставьте пустым, если сканер не передаёт текст вместо разделителя GS. &lt;GS&gt;, {GS}, ^], \x1d и \u001d распознаются и так.</translation>
    </message>
    <message>
        <source>GS token:</source>
        <translation>Подстановка GS:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>Repeat window:</source>
        <translation>Окно повтора:</translation>
    </message>
    <message>
        <source>The same code scanned again within this time is ignored without a verdict (0: never).</source>
        <translation>Тот же код, отсканированный повторно за это время, пропускается без результата (0 — никогда).</translation>
    </message>
    <message>
        <source>Mute scan sounds</source>
        <translation>Выключить звуки сканирования</translation>
    </message>
    <message>
        <source>This station</source>
        <extracomment>The longest idle time the page offers: a day.</extracomment>
        <translation>Это рабочее место</translation>
    </message>
    <message>
        <source>Name of the operator at this station</source>
        <translation>ФИО оператора на этом рабочем месте</translation>
    </message>
    <message>
        <source>Work center identifier from 1C (ИдентификаторРЦ)</source>
        <translation>Идентификатор рабочего центра из 1С (ИдентификаторРЦ)</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Никогда</translation>
    </message>
    <message>
        <source>Station name:</source>
        <translation>Имя рабочего места:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Оператор:</translation>
    </message>
    <message>
        <source>Work center:</source>
        <translation>Рабочий центр:</translation>
    </message>
    <message>
        <source>The scanning station opens the batches of this work center.</source>
        <translation>Станция сканирования открывает партии этого рабочего центра.</translation>
    </message>
    <message>
        <source>Lock when idle after:</source>
        <translation>Блокировать при простое через:</translation>
    </message>
    <message>
        <source>Without a key press or a click for this long the station locks: the next person signs in with a badge or a PIN. 0: never. Applies as soon as it is saved.</source>
        <translation>Если столько времени не нажимали клавиш и не щёлкали мышью, рабочее место блокируется: следующий входит по пропуску или PIN-коду. 0 — никогда. Действует сразу после сохранения.</translation>
    </message>
    <message>
        <source>File storage (MinIO / S3)</source>
        <translation>Файловое хранилище (MinIO / S3)</translation>
    </message>
    <message>
        <source>host:port, or https://host</source>
        <translation>хост:порт или https://хост</translation>
    </message>
    <message>
        <source>Use TLS (https)</source>
        <translation>Использовать TLS (https)</translation>
    </message>
    <message>
        <source>Kept in the keyring; leave empty to keep the stored key</source>
        <translation>Хранится в системном хранилище паролей; оставьте пустым, чтобы сохранить прежний ключ</translation>
    </message>
    <message>
        <source>e.g. plant1-</source>
        <translation>например, plant1-</translation>
    </message>
    <message>
        <source>No exchange folder</source>
        <translation>Папка обмена не задана</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Access key:</source>
        <translation>Ключ доступа:</translation>
    </message>
    <message>
        <source>Secret key:</source>
        <translation>Секретный ключ:</translation>
    </message>
    <message>
        <source>Bucket prefix:</source>
        <translation>Префикс хранилищ:</translation>
    </message>
    <message>
        <source>Bucket names: the prefix, then reports, exports or imports (plant1-reports).</source>
        <translation>Имена хранилищ: префикс, затем reports, exports или imports (plant1-reports).</translation>
    </message>
    <message>
        <source>Exchange folder:</source>
        <translation>Папка обмена:</translation>
    </message>
    <message>
        <source>1C drops files here to import; they are moved to processed/ or failed/ beside them with a result file.</source>
        <translation>1С кладёт сюда файлы для загрузки; после загрузки они перемещаются в processed/ или failed/ рядом, вместе с файлом результата.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Подключение…</translation>
    </message>
    <message>
        <source>Connected: the buckets are ready.</source>
        <translation>Подключено: хранилища готовы.</translation>
    </message>
    <message>
        <source>Empty: files are kept on this computer only.</source>
        <translation>Пусто: файлы хранятся только на этом компьютере.</translation>
    </message>
    <message>
        <source>Reports, exports and imports are uploaded here; while it cannot be reached they wait on this computer.</source>
        <translation>Отчёты, выгрузки и загрузки выгружаются сюда; пока хранилище недоступно, они ждут на этом компьютере.</translation>
    </message>
    <message>
        <source>Exchange folder</source>
        <translation>Папка обмена</translation>
    </message>
    <message>
        <source>database</source>
        <translation>база данных</translation>
    </message>
    <message>
        <source>production time zone</source>
        <translation>часовой пояс производства</translation>
    </message>
    <message>
        <source>language</source>
        <translation>язык</translation>
    </message>
    <message>
        <source>station name</source>
        <translation>имя рабочего места</translation>
    </message>
    <message>
        <source>work center</source>
        <translation>рабочий центр</translation>
    </message>
    <message>
        <source>locking when idle</source>
        <translation>блокировка при простое</translation>
    </message>
    <message>
        <source>scanner connection</source>
        <translation>подключение сканера</translation>
    </message>
    <message>
        <source>longest pause between keys</source>
        <translation>наибольшая пауза между клавишами</translation>
    </message>
    <message>
        <source>shortest scan</source>
        <translation>кратчайший скан</translation>
    </message>
    <message>
        <source>end of a scan</source>
        <translation>окончание скана</translation>
    </message>
    <message>
        <source>serial port</source>
        <translation>COM-порт</translation>
    </message>
    <message>
        <source>baud rate</source>
        <translation>скорость</translation>
    </message>
    <message>
        <source>GS token</source>
        <translation>подстановка GS</translation>
    </message>
    <message>
        <source>repeat window</source>
        <translation>окно повтора</translation>
    </message>
    <message>
        <source>scan sounds</source>
        <translation>звуки сканирования</translation>
    </message>
    <message>
        <source>file storage address</source>
        <translation>адрес файлового хранилища</translation>
    </message>
    <message>
        <source>access key</source>
        <translation>ключ доступа</translation>
    </message>
    <message>
        <source>secret key</source>
        <translation>секретный ключ</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>bucket prefix</source>
        <translation>префикс хранилищ</translation>
    </message>
    <message>
        <source>exchange folder</source>
        <translation>папка обмена</translation>
    </message>
    <message>
        <source>mail server</source>
        <translation>почтовый сервер</translation>
    </message>
    <message>
        <source>mail server port</source>
        <translation>порт почтового сервера</translation>
    </message>
    <message>
        <source>mail security</source>
        <translation>защита почтового соединения</translation>
    </message>
    <message>
        <source>mail user</source>
        <translation>пользователь почты</translation>
    </message>
    <message>
        <source>mail password</source>
        <translation>пароль почты</translation>
    </message>
    <message>
        <source>sender address</source>
        <translation>адрес отправителя</translation>
    </message>
    <message>
        <source>recipients of &quot;Report ready&quot;</source>
        <translation>получатели «Отчёт готов»</translation>
    </message>
    <message>
        <source>recipients of &quot;Import completed&quot;</source>
        <translation>получатели «Импорт завершён»</translation>
    </message>
    <message>
        <source>recipients of &quot;Webhook subscription disabled&quot;</source>
        <translation>получатели «Подписка на вебхуки отключена»</translation>
    </message>
    <message>
        <source>The environment overrides the settings file at every start: {variables}.</source>
        <translation>Переменные окружения переопределяют файл настроек при каждом запуске: {variables}.</translation>
    </message>
    <message>
        <source>Saved in {path}.</source>
        <translation>Сохранено в {path}.</translation>
    </message>
    <message>
        <source>Applied now: {settings}.</source>
        <translation>Применено сразу: {settings}.</translation>
    </message>
    <message>
        <source>Takes effect when MESDesk is restarted: {settings}.</source>
        <translation>Вступит в силу после перезапуска MESDesk: {settings}.</translation>
    </message>
    <message>
        <source>Passwords and secret keys are kept in the system keyring, not in the file.</source>
        <translation>Пароли и секретные ключи хранятся в системном хранилище паролей, а не в файле.</translation>
    </message>
    <message>
        <source>Passwords and secret keys are saved in clear text in the file.</source>
        <translation>Пароли и секретные ключи сохранены в файле открытым текстом.</translation>
    </message>
</context>
<context>
    <name>SheetImportFlow</name>
    <message>
        <source>Importing {file}…</source>
        <translation>Импорт {file}…</translation>
    </message>
    <message>
        <source>Import of {file}</source>
        <translation>Импорт {file}</translation>
    </message>
</context>
<context>
    <name>SignInGate</name>
    <message>
        <source>The first administrator</source>
        <translation>Первый администратор</translation>
    </message>
    <message>
        <source>This is MESDesk&apos;s first start on this database. It made the administrator “{login}” with the PIN {pin}.

Sign in with them, then add the users of this plant and give the administrator a PIN of their own. This PIN is shown only now.</source>
        <translation>Это первый запуск MESDesk с этой базой данных. Создан администратор «{login}» с PIN-кодом {pin}.

Войдите под ним, затем добавьте пользователей предприятия и задайте администратору свой PIN-код. Этот PIN-код показан только сейчас.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Sign in to MESDesk</source>
        <translation>Вход в MESDesk</translation>
    </message>
    <message>
        <source>Scan your badge, or type your login and PIN.</source>
        <translation>Отсканируйте пропуск или введите логин и PIN-код.</translation>
    </message>
    <message>
        <source>Station: {station}</source>
        <translation>Станция: {station}</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN-код</translation>
    </message>
    <message>
        <source>{name} locked this station. Scan a badge to sign in.</source>
        <translation>{name} заблокировал(а) эту станцию. Отсканируйте пропуск, чтобы войти.</translation>
    </message>
    <message>
        <source>Type your login, or scan your badge.</source>
        <translation>Введите логин или отсканируйте пропуск.</translation>
    </message>
    <message>
        <source>Type your PIN.</source>
        <translation>Введите PIN-код.</translation>
    </message>
</context>
<context>
    <name>StationView</name>
    <message>
        <source>Type a code from a damaged label (F3), Enter to aggregate</source>
        <translation>Код с повреждённой этикетки (F3), Enter — агрегировать</translation>
    </message>
    <message>
        <source>Aggregate</source>
        <translation>Агрегировать</translation>
    </message>
    <message>
        <source>Bulk aggregation… (F4)</source>
        <translation>Массовая агрегация… (F4)</translation>
    </message>
    <message>
        <source>Diagnostics (F9)</source>
        <translation>Диагностика (F9)</translation>
    </message>
    <message>
        <source>Last scans at this station</source>
        <translation>Последние сканирования на этой станции</translation>
    </message>
    <message>
        <source>{count} scans are kept until the dialog is closed; their verdicts follow then.</source>
        <translation>Сканирований сохранено до закрытия окна: {count}; результат будет после его закрытия.</translation>
    </message>
    <message>
        <source>Database unavailable — scanning goes on. {count} scans are kept on this station; their verdicts follow when the connection returns.</source>
        <translation>База данных недоступна — сканирование продолжается. Сохранено на этой станции: {count}; результат будет, когда связь восстановится.</translation>
    </message>
    <message>
        <source>{count} kept scans got their verdicts.</source>
        <translation>Сохранённые сканирования получили результат: {count}.</translation>
    </message>
    <message>
        <source>{count} of them were not accepted: see the list.</source>
        <translation>Не приняты: {count}, смотрите список.</translation>
    </message>
    <message>
        <source>{count} still waiting.</source>
        <translation>Ещё ожидают: {count}.</translation>
    </message>
</context>
<context>
    <name>SubscriptionDialog</name>
    <message>
        <source>New webhook subscription</source>
        <translation>Новая подписка на вебхуки</translation>
    </message>
    <message>
        <source>Edit webhook subscription</source>
        <translation>Изменение подписки на вебхуки</translation>
    </message>
    <message>
        <source>https://erp.example.com/hooks/mesdesk</source>
        <translation>https://erp.example.com/hooks/mesdesk</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>Адрес (URL)</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
    <message>
        <source>How many times a failed delivery is tried again: after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.</source>
        <translation>Сколько раз повторять неудачную доставку: через 5 с, 5 мин, 30 мин, 2 ч, 5 ч, 10 ч, 10 ч.</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Повторы</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>How long to wait for the receiver&apos;s answer.</source>
        <translation>Сколько ждать ответа получателя.</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>Тайм-аут</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Без ограничения</translation>
    </message>
    <message>
        <source> requests/s</source>
        <translation> запр./с</translation>
    </message>
    <message>
        <source>At most this many requests per second to this URL; 0 is unlimited.</source>
        <translation>Не больше стольких запросов в секунду на этот адрес; 0 — без ограничения.</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Ограничение частоты</translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation>Доп. заголовки</translation>
    </message>
    <message>
        <source>Active: deliver events to this URL</source>
        <translation>Активна: доставлять события на этот адрес</translation>
    </message>
    <message>
        <source>Requests are signed with a secret that MESDesk generates; it is shown once, after the subscription is created.</source>
        <translation>Запросы подписываются секретом, который создаёт MESDesk; он показывается один раз, после создания подписки.</translation>
    </message>
    <message>
        <source>The secret stays as it is; it is never shown again.</source>
        <translation>Секрет остаётся прежним; он больше не показывается.</translation>
    </message>
    <message>
        <source>MESDesk disabled it: {reason} Tick Active to deliver again.</source>
        <translation>MESDesk отключил её: {reason} Отметьте «Активна», чтобы доставка возобновилась.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Сохранение…</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Создать</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Сохранить</translation>
    </message>
</context>
<context>
    <name>SubscriptionEditing</name>
    <message>
        <source>The subscription for {url} was created.</source>
        <translation>Подписка на {url} создана.</translation>
    </message>
    <message>
        <source>The subscription for {url} was saved.</source>
        <translation>Подписка на {url} сохранена.</translation>
    </message>
    <message>
        <source>Delete subscription</source>
        <translation>Удаление подписки</translation>
    </message>
    <message>
        <source>Delete the subscription for {url}?</source>
        <translation>Удалить подписку на {url}?</translation>
    </message>
    <message>
        <source>It receives nothing more, and its delivery log is deleted with it. This cannot be undone; to stop deliveries for a while, make it inactive instead (Edit).</source>
        <translation>Она больше ничего не получит, а её журнал доставки удаляется вместе с ней. Это нельзя отменить; чтобы остановить доставку на время, сделайте её неактивной («Изменить»).</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>The subscription could not be deleted: {reason}</source>
        <translation>Подписку не удалось удалить: {reason}</translation>
    </message>
    <message>
        <source>The subscription for {url} was deleted.</source>
        <translation>Подписка на {url} удалена.</translation>
    </message>
    <message>
        <source>The subscription for {url} is not active: make it active (Edit) to send a test event.</source>
        <translation>Подписка на {url} неактивна: сделайте её активной («Изменить»), чтобы отправить тестовое событие.</translation>
    </message>
    <message>
        <source>A test event (ping) was queued for {url}; the delivery log shows how it goes.</source>
        <translation>Тестовое событие (ping) поставлено в очередь для {url}; журнал доставки покажет результат.</translation>
    </message>
    <message>
        <source>Clear the log&apos;s filters to see it.</source>
        <translation>Сбросьте фильтры журнала, чтобы его увидеть.</translation>
    </message>
    <message>
        <source>The test event could not be queued: {reason}</source>
        <translation>Тестовое событие не удалось поставить в очередь: {reason}</translation>
    </message>
</context>
<context>
    <name>SubscriptionsModel</name>
    <message>
        <source>URL</source>
        <extracomment>Deliveries per page of the log; a refresh reads at most MAX_REFRESH again.</extracomment>
        <translation>Адрес (URL)</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>События</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Состояние</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>Последний успех</translation>
    </message>
    <message>
        <source>Failures in a row</source>
        <translation>Ошибок подряд</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Проблема</translation>
    </message>
    <message>
        <source>never</source>
        <translation>никогда</translation>
    </message>
    <message>
        <source>{url}
Retries: {retries}, timeout: {timeout} s, rate limit: {rate}</source>
        <translation>{url}
Повторы: {retries}, тайм-аут: {timeout} с, ограничение: {rate}</translation>
    </message>
</context>
<context>
    <name>SubscriptionsPane</name>
    <message>
        <source>Webhook subscriptions</source>
        <translation>Подписки на вебхуки</translation>
    </message>
    <message>
        <source>MESDesk sends its events as signed HTTP POST requests to these URLs, retrying when a receiver fails.</source>
        <translation>MESDesk отправляет свои события подписанными HTTP POST-запросами на эти адреса и повторяет, если получатель не ответил.</translation>
    </message>
    <message>
        <source>Webhook subscriptions could not be read.</source>
        <translation>Не удалось прочитать подписки на вебхуки.</translation>
    </message>
    <message>
        <source>Loading subscriptions…</source>
        <translation>Загрузка подписок…</translation>
    </message>
    <message>
        <source>No webhook subscriptions yet.</source>
        <translation>Подписок на вебхуки пока нет.</translation>
    </message>
    <message>
        <source>A webhook tells another system (an ERP, a dashboard) what happens here: batches created, changed or closed, products aggregated, reports ready, imports finished. Add one with New subscription (Ctrl+N): give the receiver&apos;s URL and tick its events.</source>
        <translation>Вебхук сообщает другой системе (ERP, панели мониторинга), что здесь происходит: партии созданы, изменены или закрыты, продукты агрегированы, отчёты готовы, импорт завершён. Добавьте его кнопкой «Новая подписка» (Ctrl+N): укажите адрес получателя и отметьте события.</translation>
    </message>
    <message>
        <source>Select a subscription to see its settings, edit it or send it a test event.</source>
        <translation>Выберите подписку, чтобы увидеть её настройки, изменить её или отправить тестовое событие.</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>New user</source>
        <translation>Новый пользователь</translation>
    </message>
    <message>
        <source>User {login}</source>
        <translation>Пользователь {login}</translation>
    </message>
    <message>
        <source>Latin letters, digits, dots, dashes, underscores</source>
        <translation>Латинские буквы, цифры, точки, дефисы, подчёркивания</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>As colleagues know them, e.g. Иванов И.И.</source>
        <translation>Как его знают коллеги, например Иванов И.И.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN-код</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Пропуск</translation>
    </message>
    <message>
        <source>Give a PIN (4 to 12 digits), a badge or both. Scan the badge while this dialog is open, or type its code.</source>
        <translation>Задайте PIN-код (от 4 до 12 цифр), пропуск или и то и другое. Отсканируйте пропуск, пока открыто это окно, или введите его код.</translation>
    </message>
    <message>
        <source>May sign in</source>
        <translation>Может входить</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Роль</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN-код</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Пропуск</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активен</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Да</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Нет</translation>
    </message>
    <message>
        <source>You are signed in as this user.</source>
        <translation>Вы вошли как этот пользователь.</translation>
    </message>
    <message>
        <source>Inactive: may not sign in.</source>
        <translation>Отключён: не может входить.</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users</source>
        <extracomment>The entity of a live change that makes the list read again.</extracomment>
        <translation>Пользователи</translation>
    </message>
    <message>
        <source>Who may sign in at the stations, and with which role: an operator scans and adds codes, a supervisor also edits, closes, imports, exports and reports, an administrator also manages users and settings. PINs and badges are never shown again once saved.</source>
        <translation>Кто может входить на рабочих местах и с какой ролью: оператор сканирует и добавляет коды, мастер также изменяет, закрывает, импортирует, экспортирует и строит отчёты, администратор также управляет пользователями и настройками. Сохранённые PIN-коды и пропуска больше нигде не показываются.</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>Новый пользователь</translation>
    </message>
    <message>
        <source>Add a user who may sign in</source>
        <translation>Добавить пользователя, который сможет входить</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Change the selected user&apos;s name, role or whether they may sign in</source>
        <translation>Изменить имя или роль выбранного пользователя, разрешить или запретить ему вход</translation>
    </message>
    <message>
        <source>New PIN…</source>
        <translation>Новый PIN-код…</translation>
    </message>
    <message>
        <source>Give the selected user a new PIN</source>
        <translation>Задать выбранному пользователю новый PIN-код</translation>
    </message>
    <message>
        <source>New badge…</source>
        <translation>Новый пропуск…</translation>
    </message>
    <message>
        <source>Give the selected user a new badge: scan or type it</source>
        <translation>Выдать выбранному пользователю новый пропуск: отсканируйте или введите его</translation>
    </message>
    <message>
        <source>Remove badge</source>
        <translation>Убрать пропуск</translation>
    </message>
    <message>
        <source>The selected user&apos;s badge no longer signs them in</source>
        <translation>Пропуск выбранного пользователя больше не будет открывать вход</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Read the list again</source>
        <translation>Прочитать список заново</translation>
    </message>
    <message>
        <source>The users could not be read.</source>
        <translation>Не удалось прочитать список пользователей.</translation>
    </message>
    <message>
        <source>Loading users…</source>
        <translation>Загрузка пользователей…</translation>
    </message>
    <message>
        <source>Remove the badge of {user}? It no longer signs them in; scanning the card as their new badge brings it back.</source>
        <translation>Убрать пропуск пользователя «{user}»? Он больше не будет открывать вход; чтобы вернуть его, отсканируйте эту карту как новый пропуск.</translation>
    </message>
    <message>
        <source>{user} was added.</source>
        <translation>Пользователь «{user}» добавлен.</translation>
    </message>
    <message>
        <source>{user} was saved.</source>
        <translation>Пользователь «{user}» сохранён.</translation>
    </message>
</context>
<context>
    <name>Webhooks</name>
    <message>
        <source>Batch created</source>
        <translation>Партия создана</translation>
    </message>
    <message>
        <source>Batch updated</source>
        <translation>Партия изменена</translation>
    </message>
    <message>
        <source>Batch closed</source>
        <translation>Партия закрыта</translation>
    </message>
    <message>
        <source>Product aggregated</source>
        <translation>Продукт агрегирован</translation>
    </message>
    <message>
        <source>Report generated</source>
        <translation>Отчёт сформирован</translation>
    </message>
    <message>
        <source>Import completed</source>
        <translation>Импорт завершён</translation>
    </message>
    <message>
        <source>Test event</source>
        <translation>Тестовое событие</translation>
    </message>
    <message>
        <source>A batch was created by hand or by a 1C import.</source>
        <translation>Партия создана вручную или загрузкой из 1С.</translation>
    </message>
    <message>
        <source>A batch&apos;s fields were changed or it was reopened.</source>
        <translation>Поля партии изменены или партия открыта снова.</translation>
    </message>
    <message>
        <source>A batch was closed by a supervisor or at the end of its shift.</source>
        <translation>Партия закрыта мастером или по окончании смены.</translation>
    </message>
    <message>
        <source>A product code was scanned into its batch (one per code).</source>
        <translation>Код продукта отсканирован в партию (по одному на код).</translation>
    </message>
    <message>
        <source>A batch report is ready, with its link.</source>
        <translation>Отчёт по партии готов, со ссылкой.</translation>
    </message>
    <message>
        <source>An import of a file finished, with its counts.</source>
        <translation>Импорт файла завершён, с итогами.</translation>
    </message>
    <message>
        <source>Sent by the Send test event button; the test is sent whether or not this is ticked.</source>
        <translation>Отправляется кнопкой «Отправить тестовое событие»; тест уходит независимо от этой отметки.</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Все события</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ожидает</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Доставлено</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Ошибка</translation>
    </message>
    <message>
        <source>Pending or retrying</source>
        <translation>Ожидает или повтор</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Активна</translation>
    </message>
    <message>
        <source>Active, failing</source>
        <translation>Активна, ошибки</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Отключена</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Неактивна</translation>
    </message>
    <message>
        <source>Disabled by MESDesk: {reason}</source>
        <translation>Отключена MESDesk: {reason}</translation>
    </message>
    <message>
        <source>Switched off by hand: nothing is sent until it is made active again.</source>
        <translation>Выключена вручную: ничего не отправляется, пока её снова не сделают активной.</translation>
    </message>
    <message>
        <source>Failing since {time}; disabled after 24 h without a success.</source>
        <translation>Ошибки с {time}; после 24 ч без успеха будет отключена.</translation>
    </message>
    <message>
        <source>The last attempt failed.</source>
        <translation>Последняя попытка не удалась.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>Retries: {retries}, timeout: {timeout} s, rate limit: {rate}, extra headers: {headers}.</source>
        <translation>Повторы: {retries}, тайм-аут: {timeout} с, ограничение: {rate}, доп. заголовки: {headers}.</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>без ограничения</translation>
    </message>
    <message>
        <source>{count} requests/s</source>
        <translation>{count} запр./с</translation>
    </message>
    <message>
        <source>{ms} ms</source>
        <translation>{ms} мс</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} с</translation>
    </message>
</context>
<context>
    <name>WebhooksPage</name>
    <message>
        <source>New subscription</source>
        <extracomment>How often subscriptions and the log are re-read while the page is shown.</extracomment>
        <translation>Новая подписка</translation>
    </message>
    <message>
        <source>Send events to another URL</source>
        <translation>Отправлять события на ещё один адрес</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Изменить</translation>
    </message>
    <message>
        <source>Edit the selected subscription</source>
        <translation>Изменить выбранную подписку</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>Delete the selected subscription and its delivery log</source>
        <translation>Удалить выбранную подписку и её журнал доставки</translation>
    </message>
    <message>
        <source>Send test event</source>
        <translation>Отправить тестовое событие</translation>
    </message>
    <message>
        <source>Send a ping to the selected subscription</source>
        <translation>Отправить ping выбранной подписке</translation>
    </message>
    <message>
        <source>Resend</source>
        <translation>Отправить снова</translation>
    </message>
    <message>
        <source>Send the selected delivery again</source>
        <translation>Отправить выбранную доставку снова</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Обновить</translation>
    </message>
    <message>
        <source>Read the subscriptions and the log again</source>
        <translation>Перечитать подписки и журнал</translation>
    </message>
    <message>
        <source>Webhook subscriptions could not be read: {reason}</source>
        <translation>Не удалось прочитать подписки на вебхуки: {reason}</translation>
    </message>
    <message>
        <source>The subscription is not active: make it active (Edit) to send a test event.</source>
        <translation>Подписка неактивна: сделайте её активной («Изменить»), чтобы отправить тестовое событие.</translation>
    </message>
    <message>
        <source>Send a ping to the selected subscription (Ctrl+T)</source>
        <translation>Отправить ping выбранной подписке (Ctrl+T)</translation>
    </message>
</context>
</TS>
