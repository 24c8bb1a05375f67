"""Every write of documents and seals: a case's decision issues its document, numbered and sealed, inside the
deciding transaction; administrators make, revoke and edit seals and templates."""

import base64
import secrets
from datetime import UTC, datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gaoxin.accounts.models import User
from gaoxin.cases.models import Case
from gaoxin.core import sql
from gaoxin.core.audit import AuditBatch, audit_record
from gaoxin.core.errors import Conflict, DomainError, FieldErrors, Forbidden
from gaoxin.core.reasons import stated_reason
from gaoxin.documents import crypto, keys, rules, ses
from gaoxin.documents.facts import document_facts, trigger_of
from gaoxin.documents.files import verification_url
from gaoxin.documents.models import (
    Document,
    DocumentCounter,
    DocumentTemplate,
    Seal,
    SealAlgorithm,
    SealKey,
)
from gaoxin.documents.payload import document_payload_text
from gaoxin.documents.seal_image import seal_svg
from gaoxin.documents.templates import template_for

SEAL_SIZE_MM = 42
APPROVAL_PURPOSE = "行政审批专用章"


# --- documents, issued by a case's change -------------------------------------------------------------------


def documents_on_case_changed(*, case: Case, audit: AuditBatch) -> None:
    """Registered with gaoxin.cases.hooks: the events this change recorded that call for a document get one,
    issued by the person who decided, and each document is recorded on the case's chain beside them (so it shows in
    the timeline and the seal's use is audited)."""
    for event in list(audit.events):
        trigger = trigger_of(case, event)
        if trigger is not None:
            actor = User(pk=event.actor_id) if event.actor_id else None
            # In Chinese whatever the decider's language: the statuses and result labels it quotes are translated.
            with translation.override(settings.LANGUAGE_CODE):
                document = document_issue(case=case, trigger=trigger, actor=actor)
            audit.add(
                after=event,
                at=event.at,
                actor=actor,
                action="document_issue",
                from_state=case.status,
                to_state=case.status,
                reason=f"{document.title} {document.number}",
                data={
                    "document": str(document.pk),
                    "kind": document.kind,
                    "number": document.number,
                    "seal": document.seal.code,
                    "key_id": document.key_id,
                },
            )


def document_issue(*, case: Case, trigger, actor: User | None) -> Document:
    """One document for one decision: the template's text filled with the decision's facts, the next number of
    its kind and year, sealed by the deciding department's seal or the zone's approval seal. Runs inside the
    deciding transaction, so a decision and its document are written together or not at all."""
    now = timezone.now()
    template = template_for(trigger.kind)
    seal = seal_for(trigger.department_id, timezone.localdate(now))
    key = keys.private_key(seal)
    seal_key = seal_key_of(seal, key, actor)
    year = timezone.localdate(now).year
    sequence = _next_sequence(trigger.kind, year)
    document = Document(
        kind=trigger.kind,
        number=_number(template, year, sequence),
        year=year,
        sequence=sequence,
        title=template.title,
        case=case,
        task_id=trigger.task_id,
        seal=seal,
        issued_at=now,
        issued_by=actor,
        key_id=seal_key.key_id,
    )
    document.payload = document_payload_text(document, document_facts(case, trigger, template, seal, now))
    signed = document.payload.encode("utf-8")
    document.signature = base64.b64encode(key.sign(signed)).decode("ascii")
    document.ses_property_info = verification_url(document.pk)  # an IA5String: where the document is verified
    document.ses_signature_value = base64.b64encode(
        ses.signature_value(
            seal=bytes(seal_key.ses_seal), signed_at=now, data=signed, property_info=document.ses_property_info, key=key
        )
    ).decode("ascii")
    sql.insert(document)
    return document


TAKE_NUMBER = "UPDATE documents_documentcounter SET last = last + 1 WHERE kind = %s AND year = %s RETURNING last"


def _next_sequence(kind: str, year: int) -> int:
    """One more than the last of this kind and year, taken by one UPDATE that locks the row until the decision
    commits: two decisions at once get two numbers, and a decision rolled back gives its number back."""
    taken = sql.first_column(TAKE_NUMBER, [kind, year])
    if not taken:
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(kind=kind, year=year)
        except IntegrityError:
            pass  # another decision created this year's counter first
        taken = sql.first_column(TAKE_NUMBER, [kind, year])
    return taken[0]


def _number(template: DocumentTemplate, year: int, sequence: int) -> str:
    """洛高审受〔2026〕12号: the zone's prefix, the kind's word, the year in 六角括号, the sequence (GB/T 9704
    7.2.4)."""
    return f"{settings.GAOXIN['DOCUMENT_NUMBER_PREFIX']}{template.number_word}〔{year}〕{sequence}号"


# --- seals ----------------------------------------------------------------------------------------------------


# The department's own seal before the approval seal, the newest first.
SEAL_IN_FORCE = (
    "FROM documents_seal WHERE revoked_at IS NULL AND valid_from <= %s AND valid_until >= %s"
    " AND (department_id IS NULL OR department_id = %s) ORDER BY department_id IS NULL, valid_from DESC, id"
)


def seal_for(department_id: int | None, today) -> Seal:
    """一枚印章管审批: the zone's approval seal seals every document, unless the deciding department has a seal of
    its own in force (it then decides in its own name). A platform without any approval seal gets the zone's
    default one on its first decision; one whose approval seals have all lapsed cannot decide in writing."""
    day = sql.db_value(Seal, "valid_from", today)
    seal = sql.one(Seal, SEAL_IN_FORCE, [day, day, department_id])
    if seal is not None:
        return seal
    if sql.exists("SELECT 1 FROM documents_seal WHERE department_id IS NULL", []):
        raise DomainError(_("没有在有效期内的行政审批专用章，不能出具文书：请系统管理员在“印章”中启用新印章"))
    return _default_approval_seal(today)


def _default_approval_seal(today) -> Seal:
    zone = settings.GAOXIN["ZONE"]
    code = f"{settings.GAOXIN['DIVISION_CODE']}0000001"
    try:
        with transaction.atomic():
            seal = Seal.objects.create(
                code=code,
                authority=zone["approval_authority"],
                purpose=APPROVAL_PURPOSE,
                algorithm=zone.get("seal_algorithm", SealAlgorithm.ED25519),
                # Ten years either way: decisions dated before the first one (an import, a clock set back) are sealed
                # too; an administrator sets the real validity in the admin.
                valid_from=today.replace(year=today.year - 10, month=1, day=1),
                valid_until=today.replace(year=today.year + 10, month=12, day=31),
            )
            _audit_seal(seal, None, "create", to_state="in_force", new_chain=True)
            return seal
    except IntegrityError:
        return Seal.objects.get(code=code)


def seal_key_of(seal: Seal, key: crypto.PrivateKey, actor) -> SealKey:
    """The seal as made with this key (certificate and SES_Seal), made the first time the key signs."""
    public = key.public_key()
    key_id = public.key_id()
    found = sql.one(SealKey, "FROM documents_sealkey WHERE seal_id = %s AND key_id = %s", [seal.pk, key_id])
    if found is not None:
        return found
    now = timezone.now()
    certificate = ses.certificate_der(
        key,
        common_name=f"{seal.authority}{seal.purpose}",
        organization=seal.authority,
        serial=secrets.randbits(63),
        not_before=_start_of(seal.valid_from),
        not_after=_start_of(seal.valid_until, end=True),
    )
    made = SealKey(
        seal=seal,
        key_id=key_id,
        public_key=public.pem(),
        certificate=certificate,
        ses_seal=ses.seal_der(
            es_id=seal.code,
            name=f"{seal.authority}{seal.purpose}",
            picture=seal_svg(authority=seal.authority, purpose=seal.purpose, code=seal.code),
            picture_type="SVG",
            width_mm=SEAL_SIZE_MM,
            height_mm=SEAL_SIZE_MM,
            created=now,
            valid_start=_start_of(seal.valid_from),
            valid_end=_start_of(seal.valid_until, end=True),
            cert=certificate,
            maker=key,
        ),
        created_at=now,
    )
    try:
        with transaction.atomic():
            made.save()
            _audit_seal(seal, actor, "key_register", data={"key_id": key_id, "algorithm": seal.algorithm})
    except IntegrityError:
        return SealKey.objects.get(seal=seal, key_id=key_id)
    return made


def _start_of(day, *, end: bool = False) -> datetime:
    return datetime.combine(day, time.max.replace(microsecond=0) if end else time.min, tzinfo=UTC)


def seal_revoke(*, seal: Seal, actor: User, reason: str) -> Seal:
    """注销: the seal signs nothing more, and every document it sealed says so on its verification page."""
    _require_system_admin(actor)
    reason = stated_reason(reason, missing=_("注销印章必须说明理由"))
    with transaction.atomic():
        locked = Seal.objects.select_for_update().get(pk=seal.pk)
        if locked.revoked_at is not None:
            raise Conflict(_("该印章已注销"), field="status")
        locked.revoked_at, locked.revoke_reason = timezone.now(), reason
        locked.save(update_fields=["revoked_at", "revoke_reason"])
        _audit_seal(locked, actor, "revoke", from_state="in_force", to_state="revoked", reason=reason)
    return locked


def seal_save(*, seal: Seal, actor: User | None, changed: list[str]) -> Seal:
    """A seal made or changed in the admin, audited on its own chain (its uses are audited on the cases' chains).
    No actor is the installation itself (demo_load)."""
    if actor is not None:
        _require_system_admin(actor)
    created = seal.pk is None
    with transaction.atomic():
        seal.save()
        data = {field: str(getattr(seal, field)) for field in changed}
        _audit_seal(seal, actor, "create" if created else "change", to_state="in_force", data=data, new_chain=created)
    return seal


def _audit_seal(seal: Seal, actor, action: str, *, new_chain=False, data=None, **states) -> None:
    batch = AuditBatch("seal", seal.pk, new_chain=new_chain)
    batch.add(actor=actor, action=action, data={"code": seal.code, **(data or {})}, **states)
    batch.write()


# --- templates ------------------------------------------------------------------------------------------------


def template_save(*, template: DocumentTemplate, actor: User) -> DocumentTemplate:
    """An administrator's edit of a template: refused with the unknown placeholder named; the next document uses it."""
    _require_system_admin(actor)
    errors = {}
    for field in ("title", "number_word", "body", "closing"):
        problems = rules.template_problems(template.kind, getattr(template, field))
        if problems:
            errors[field] = "；".join(problems)
    if not template.title.strip() or not template.number_word.strip() or not template.body.strip():
        errors.setdefault("body", _("标题、文号代字和正文不能为空"))
    if errors:
        raise FieldErrors(errors)
    with transaction.atomic():
        template.save()
        audit_record(
            subject_type="document_template",
            subject_id=template.kind,
            actor=actor,
            action="change",
            data={"title": template.title, "number_word": template.number_word},
        )
    return template


def _require_system_admin(actor) -> None:
    if not rules.may_manage_seals(actor):
        raise Forbidden(_("只有系统管理员可以管理印章和文书模板"))
