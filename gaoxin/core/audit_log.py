"""The audit administrator's reading of the trail (安全审计, GB/T 22239-2019 8.1.4.3): every recorded event — logins,
role and password changes, tokens, admin changes, every case's steps — filtered by time, person, action, object and
source address, and exported; the export is itself recorded."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO

from django.db.models import Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook

from gaoxin.core.audit import audit_record
from gaoxin.core.models import AuditEvent
from gaoxin.core.spreadsheets import append_row

EXPORT_MAX_ROWS = 50_000
# The kinds of record the page filters by besides single actions: 登录记录 are every sign-in, sign-out, failure, lock
# and unlock (accounts.throttle) and every token issued or revoked (accounts.actions).
KINDS = {
    "login": (
        "login",
        "login_second_factor",
        "logout",
        "login_failure",
        "login_lock",
        "login_unlock",
        "token_issue",
        "token_revoke",
    ),
}
FILTER_MAX_LENGTH = 64


@dataclass(frozen=True)
class AuditFilters:
    since: date | None = None
    until: date | None = None
    actor: str = ""
    action: str = ""
    kind: str = ""
    subject_type: str = ""
    subject: str = ""
    address: str = ""

    @classmethod
    def from_query(cls, query) -> "AuditFilters":
        """From a page's query string; a date that does not parse is left out, text is cut to a sane length."""
        text = {name: query.get(name, "").strip()[:FILTER_MAX_LENGTH] for name in ("actor", "action", "subject_type")}
        text["kind"] = query.get("kind", "") if query.get("kind", "") in KINDS else ""
        return cls(
            since=_date(query.get("since", "")),
            until=_date(query.get("until", "")),
            subject=query.get("subject", "").strip()[:FILTER_MAX_LENGTH],
            address=query.get("address", "").strip()[:FILTER_MAX_LENGTH],
            **text,
        )

    def as_data(self) -> dict:
        return {name: str(value) for name, value in self.__dict__.items() if value}


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_events(filters: AuditFilters) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-pk")
    if filters.since:
        events = events.filter(at__gte=_moment(filters.since))
    if filters.until:
        events = events.filter(at__lt=_moment(filters.until + timedelta(days=1)))
    if filters.actor:
        # A failed sign-in has no actor: the username tried is in its data.
        events = events.filter(
            Q(actor__username=filters.actor) | Q(actor__display_name=filters.actor) | Q(data__username=filters.actor)
        )
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.kind:
        events = events.filter(action__in=KINDS[filters.kind])
    if filters.subject_type:
        events = events.filter(subject_type=filters.subject_type)
    if filters.subject:
        events = events.filter(subject_id=filters.subject)
    if filters.address:
        events = events.filter(data__remote_addr=filters.address)
    return events


def subject_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("subject_type", flat=True).distinct())


EXPORT_COLUMNS = [
    "时间",
    "对象类型",
    "对象标识",
    "序号",
    "操作人",
    "动作",
    "原状态",
    "新状态",
    "理由",
    "来源地址",
    "数据",
]


def audit_export(filters: AuditFilters, *, reader) -> bytes:
    """The filtered events as a workbook (the newest first, at most EXPORT_MAX_ROWS); the export is recorded on the
    reader's own chain, with the filters it used."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "审计记录"
    sheet.append(EXPORT_COLUMNS)
    rows = 0
    for event in audit_events(filters)[:EXPORT_MAX_ROWS].iterator(chunk_size=2000):
        append_row(sheet, _row(event))
        rows += 1
    audit_record(
        subject_type="user",
        subject_id=reader.pk,
        actor=reader,
        action="audit_export",
        data={"filters": filters.as_data(), "rows": rows},
    )
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _row(event: AuditEvent) -> list:
    return [
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
        event.subject_type,
        event.subject_id,
        event.seq,
        event.actor.username if event.actor else "",
        event.action,
        event.from_state,
        event.to_state,
        event.reason,
        (event.data or {}).get("remote_addr", ""),
        str(event.data or ""),
    ]
