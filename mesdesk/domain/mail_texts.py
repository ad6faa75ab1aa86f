"""The words of MESDesk's e-mails (§10), in English (the source) and Russian. Pure.

A mail is queued as a kind and its facts, and written when it is sent, in the language of the
sending station's settings (``mail_language``): the worker and the CLI send mail where Qt is
not loaded, so the texts are English source strings looked up in ``RUSSIAN`` here, as the
batch report's are, not ``tr()``.

    mail = render_mail("report_ready", facts, language="ru", tz=zone, station="line-1")
    mail.subject, mail.body
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from .problems import Problem, fill

REPORT_READY = "report_ready"
IMPORT_COMPLETED = "import_completed"
SUBSCRIPTION_DISABLED = "subscription_disabled"
TEST = "test"
KINDS = (REPORT_READY, IMPORT_COMPLETED, SUBSCRIPTION_DISABLED, TEST)

#: How many row errors an import mail lists.
LISTED_ERRORS = 5
LANGUAGES = ("en", "ru")

RUSSIAN: dict[str, str] = {
    # report ready
    "Batch report ready: batch {number} of {date}": "Отчёт по партии готов: партия {number} "
                                                   "от {date}",
    "Batch report ready: batch ID {batch_id}": "Отчёт по партии готов: партия ID {batch_id}",
    "The {format} report of batch {number} of {date} (ID {batch_id}) is ready.":
        "Отчёт {format} по партии {number} от {date} (ID {batch_id}) готов.",
    "The {format} report of batch ID {batch_id} is ready.":
        "Отчёт {format} по партии ID {batch_id} готов.",
    "Download it: {url}": "Скачать: {url}",
    "The link is valid until {expires}.": "Ссылка действует до {expires}.",
    # import completed
    "Import completed: {file}": "Импорт завершён: {file}",
    "Import completed with errors: {file}": "Импорт завершён с ошибками: {file}",
    "The import of {file} is completed.": "Импорт файла {file} завершён.",
    "Rows: {count}": "Строк: {count}",
    "Created: {count}": "Создано: {count}",
    "Updated: {count}": "Обновлено: {count}",
    "Skipped: {count}": "Пропущено: {count}",
    "Errors: {count}": "Ошибок: {count}",
    "First errors:": "Первые ошибки:",
    "…and {count} more.": "…и ещё {count}.",
    "row {row}": "строка {row}",
    "item {index}": "элемент {index}",
    "field '{field}'": "поле «{field}»",
    # subscription disabled
    "Webhook subscription disabled: {url}": "Подписка на вебхуки отключена: {url}",
    "MESDesk disabled the webhook subscription {id} to {url}.":
        "MESDesk отключил подписку на вебхуки {id} на адрес {url}.",
    "Reason: {reason}": "Причина: {reason}",
    "No events are sent to it until it is enabled again on the Webhooks page.":
        "События по ней не отправляются, пока её снова не включат на странице «Вебхуки».",
    "the receiver answered 410 Gone at {at} (delivery {delivery})":
        "получатель ответил 410 Gone в {at} (доставка {delivery})",
    "no successful delivery since {since}: 24 h of failures (last error: {error})":
        "нет успешных доставок с {since}: 24 ч сбоев (последняя ошибка: {error})",
    # test
    "MESDesk test e-mail": "Тестовое письмо MESDesk",
    "This is a test e-mail from MESDesk at station {station}. If you can read it, the mail "
    "settings work.": "Это тестовое письмо MESDesk со станции {station}. Если вы его читаете, "
                      "настройки почты работают.",
    # every mail
    "Sent by MESDesk at station {station}.": "Отправлено MESDesk со станции {station}.",
}

_FORMATS = {"en": {"date": "%Y-%m-%d", "datetime": "%Y-%m-%d %H:%M"},
            "ru": {"date": "%d.%m.%Y", "datetime": "%d.%m.%Y %H:%M"}}
_NBSP = "\u00a0"


def mail_language(configured: str | None, environ: Mapping[str, str]) -> str:
    """The language mail is written in: the configured one, else (``""``) the system
    locale's (``LC_ALL``, ``LC_MESSAGES``, ``LANG``) when it is Russian, else English; as the
    desktop decides with Qt's system locale."""
    value = (configured or "").strip().lower()[:2]
    if value in LANGUAGES:
        return value
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = environ.get(name, "")
        if locale:
            return "ru" if locale.lower().startswith("ru") else "en"
    return "en"


@dataclass(frozen=True, slots=True)
class MailText:
    subject: str
    body: str


class _Words:
    def __init__(self, language: str, tz: tzinfo) -> None:
        self.language = language if language in LANGUAGES else "en"
        self.tz = tz

    def __call__(self, english: str, **facts: object) -> str:
        text = RUSSIAN.get(english, english) if self.language == "ru" else english
        return fill(text, facts) if facts else text

    def integer(self, value: object) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            return str(value if value is not None else 0)
        grouped = f"{value:,}"
        return grouped.replace(",", _NBSP) if self.language == "ru" else grouped

    def when(self, value: object, *, kind: str = "datetime") -> str:
        """An ISO 8601 time (or date) as the production clock shows it; other text as is."""
        if not isinstance(value, str):
            return "" if value is None else str(value)
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if kind == "datetime" and moment.tzinfo is not None:
            moment = moment.astimezone(self.tz)
            zone = getattr(self.tz, "key", None)
            shown = moment.strftime(_FORMATS[self.language]["datetime"])
            return f"{shown} ({zone})" if zone else shown
        return moment.strftime(_FORMATS[self.language][kind])


def render_mail(kind: str, facts: Mapping[str, Any], *, language: str, tz: tzinfo,
                station: str) -> MailText:
    """The subject and plain-text body of a mail of ``kind`` with ``facts``."""
    words = _Words(language, tz)
    writer = _WRITERS.get(kind)
    if writer is None:
        raise ValueError(f"not a mail kind: {kind!r}")
    subject, lines = writer(words, facts)
    lines = [*lines, "", "--", words("Sent by MESDesk at station {station}.", station=station)]
    return MailText(subject, "\n".join(lines) + "\n")


def _report_ready(t: _Words, facts: Mapping[str, Any]) -> tuple[str, list[str]]:
    batch_id, number = facts.get("batch_id"), facts.get("batch_number")
    fmt = str(facts.get("report_type") or "").upper()
    if number not in (None, ""):
        date = t.when(facts.get("batch_date"), kind="date")
        subject = t("Batch report ready: batch {number} of {date}", number=number, date=date)
        first = t("The {format} report of batch {number} of {date} (ID {batch_id}) is ready.",
                  format=fmt, number=number, date=date, batch_id=batch_id)
    else:
        subject = t("Batch report ready: batch ID {batch_id}", batch_id=batch_id)
        first = t("The {format} report of batch ID {batch_id} is ready.", format=fmt,
                  batch_id=batch_id)
    lines = [first, "", t("Download it: {url}", url=facts.get("file_url") or "")]
    if facts.get("expires_at"):
        lines.append(t("The link is valid until {expires}.",
                       expires=t.when(facts["expires_at"])))
    return subject, lines


def _import_completed(t: _Words, facts: Mapping[str, Any]) -> tuple[str, list[str]]:
    file = facts.get("file") or ""
    errors_total = facts.get("errors_total") or 0
    subject = t("Import completed with errors: {file}" if errors_total
                else "Import completed: {file}", file=file)
    lines = [t("The import of {file} is completed.", file=file), ""]
    for label, key in (("Rows: {count}", "total_rows"), ("Created: {count}", "created"),
                       ("Updated: {count}", "updated"), ("Skipped: {count}", "skipped"),
                       ("Errors: {count}", "errors_total")):
        lines.append(t(label, count=t.integer(facts.get(key) or 0)))
    errors: Sequence[Any] = facts.get("errors") or ()
    listed = [error for error in errors if isinstance(error, Mapping)][:LISTED_ERRORS]
    if listed:
        lines += ["", t("First errors:")]
        lines += [f"  {_row_error(t, error)}" for error in listed]
        rest = errors_total - len(listed) if isinstance(errors_total, int) else 0
        if rest > 0:
            lines.append("  " + t("…and {count} more.", count=t.integer(rest)))
    return subject, lines


def _row_error(t: _Words, error: Mapping[str, Any]) -> str:
    where = []
    if error.get("row") is not None:
        where.append(t("row {row}", row=error["row"]))
    elif isinstance(error.get("index"), int):
        where.append(t("item {index}", index=error["index"] + 1))
    if error.get("field"):
        where.append(t("field '{field}'", field=error["field"]))
    sentence = str(error.get("error") or error.get("code") or "")
    return f"{', '.join(where)}: {sentence}" if where else sentence


def _subscription_disabled(t: _Words, facts: Mapping[str, Any]) -> tuple[str, list[str]]:
    url = facts.get("url") or ""
    subject = t("Webhook subscription disabled: {url}", url=url)
    lines = [t("MESDesk disabled the webhook subscription {id} to {url}.",
               id=facts.get("subscription_id"), url=url), "",
             t("Reason: {reason}", reason=_disabling_reason(t, facts.get("reason"))), "",
             t("No events are sent to it until it is enabled again on the Webhooks page.")]
    return subject, lines


def _disabling_reason(t: _Words, stored: object) -> str:
    problem = Problem.from_json(stored)
    if problem is None:
        return str(stored or "")
    params = dict(problem.params)
    if problem.code == "subscription.disabled_gone":
        return t("the receiver answered 410 Gone at {at} (delivery {delivery})",
                 at=t.when(params.get("at")), delivery=params.get("delivery"))
    if problem.code == "subscription.disabled_failing":
        return t("no successful delivery since {since}: 24 h of failures (last error: "
                 "{error})", since=t.when(params.get("since")), error=params.get("error"))
    return problem.message


def _test(t: _Words, facts: Mapping[str, Any]) -> tuple[str, list[str]]:
    return t("MESDesk test e-mail"), [t(
        "This is a test e-mail from MESDesk at station {station}. If you can read it, the mail "
        "settings work.", station=facts.get("station") or "")]


_WRITERS = {REPORT_READY: _report_ready, IMPORT_COMPLETED: _import_completed,
            SUBSCRIPTION_DISABLED: _subscription_disabled, TEST: _test}
