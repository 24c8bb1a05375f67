"""Every write to licenses: issuing one when a company set-up's registration step is granted, adding what the later
steps integrate, and revoking one."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.accounts.models import ApplicantKind, User
from gaoxin.cases.models import Case, TaskStatus
from gaoxin.catalog.integrated import integrated_subset
from gaoxin.catalog.models import CertificateKind
from gaoxin.certificates import rules
from gaoxin.certificates.models import License, LicenseState
from gaoxin.certificates.payload import license_payload_text
from gaoxin.certificates.uscc import new_enterprise_uscc
from gaoxin.core import sql
from gaoxin.core.audit import AuditBatch, audit_record
from gaoxin.core.errors import Conflict, Forbidden, NotFound
from gaoxin.core.reasons import stated_reason
from gaoxin.documents import keys, signing
from gaoxin.documents.actions import seal_for
from gaoxin.economy.models import Enterprise, EnterpriseStatus

DEFAULT_AUTHORITY = "洛阳高新技术产业开发区市场监督管理局"
DEFAULT_NUMBER_PREFIX = "GXZZ"
ISSUE_ATTEMPTS = 8


def license_on_step_granted(*, case: Case, task, step: dict, actor: User | None) -> dict:
    """A step of a case was granted (gaoxin.cases.hooks): the registration step issues the business license with
    its new USCC at once, so the next steps' departments record it; a later step adds what it integrates."""
    if step.get("issues") == CertificateKind.BUSINESS_LICENSE:
        license = license_issue_for_case(case=case, actor=actor)
        return (
            {"license_id": str(license.pk), "license_number": license.number, "uscc": license.uscc} if license else {}
        )
    if step.get("integrates"):
        license_integrate(case=case, actor=actor)
    return {}


def license_issue_for_case(*, case: Case, actor: User | None) -> License | None:
    """The integrated business license of a case whose registration step was granted, with its enterprise and new
    USCC, carrying the certificates of the steps granted so far.

    None when the application form names no company (an item applied for on its own asks only for a note). Runs
    inside the caller's transaction; calling it again for the same case returns the license already issued."""
    if _has_license(case):
        return License.objects.get(case=case)
    form = case.form if isinstance(case.form, dict) else {}
    name = _text(form.get("company_name"), 200)
    if not name:
        return None
    now = timezone.now()
    company = {
        "name": name,
        "legal_representative": _text(form.get("legal_representative"), 100) or case.applicant_name,
        "address": _text(form.get("address"), 300),
        "registered_capital": _capital(form.get("registered_capital")),
        "business_scope": _text(form.get("business_scope"), 4000, single_line=False),
        "established_on": timezone.localdate(now),
    }
    for _attempt in range(ISSUE_ATTEMPTS):
        # A drawn USCC or license number that is taken fails its unique index; the savepoint lets us draw again.
        try:
            with transaction.atomic():
                return _issue(case=case, actor=actor, uscc=new_enterprise_uscc(), company=company, now=now)
        except IntegrityError:
            if _has_license(case):
                raise
    raise Conflict(_("暂时无法分配统一社会信用代码，请稍后重试"))


def license_integrate(*, case: Case, actor: User | None) -> License | None:
    """Add to the case's license what its newly granted steps integrate, signed again (the number stays).

    A revoked license, or a case without one (its registration was denied), is left as it is."""
    license = sql.one(
        License,
        "FROM certificates_license WHERE case_id = %s AND revoked_at IS NULL" + sql.for_update(),
        [sql.db_value(Case, "id", case.pk)],
    )
    if license is None:
        return None
    integrated = _integrated_by_granted_steps(case)
    added = [entry["code"] for entry in integrated if entry not in license.integrated]
    if not added:
        return license
    license.integrated = integrated
    _sign(license)
    sql.save_fields(license, ["integrated", "payload", "signature", "key_id"])
    audit_record(
        subject_type="license",
        subject_id=license.pk,
        actor=actor,
        action="integrate",
        from_state=LicenseState.VALID,
        to_state=LicenseState.VALID,
        data={"number": license.number, "added": added, "case": case.number},
    )
    return license


def _integrated_by_granted_steps(case: Case) -> list[dict]:
    """The 多证合一 entries that the case's granted steps integrate, in the catalog list's order."""
    granted = set(
        sql.first_column(
            "SELECT item_id FROM cases_task WHERE case_id = %s AND status = %s",
            [sql.db_value(Case, "id", case.pk), TaskStatus.APPROVED],
        )
    )
    return integrated_subset(
        code for stage in case.plan for step in stage if step["item"] in granted for code in step.get("integrates", [])
    )


def _issue(*, case: Case, actor: User, uscc: str, company: dict, now) -> License:
    enterprise = Enterprise.objects.create(
        uscc=uscc,
        status=EnterpriseStatus.ACTIVE,
        source_case=case,
        legal_representative_id=_legal_representative_id(case),
        **company,
    )
    license = License(
        number=_next_number(now),
        case=case,
        enterprise=enterprise,
        uscc=uscc,
        company_type=_company_type(case, company["name"]),
        authority=settings.GAOXIN.get("LICENSE_AUTHORITY", DEFAULT_AUTHORITY),
        integrated=_integrated_by_granted_steps(case),
        issued_at=now,
        issued_by=actor,
        **company,
    )
    _sign(license)
    sql.insert(license)

    registered = AuditBatch("enterprise", enterprise.pk, new_chain=True)
    registered.add(
        actor=actor, action="register", to_state=EnterpriseStatus.ACTIVE, data={"uscc": uscc, "case": case.number}
    )
    registered.write()
    issued = AuditBatch("license", license.pk, new_chain=True)
    issued.add(
        actor=actor,
        action="issue",
        to_state=LicenseState.VALID,
        data={"number": license.number, "uscc": uscc, "case": case.number, "key_id": license.key_id},
    )
    issued.write()
    return license


def _legal_representative_id(case: Case) -> str:
    """The legal representative's resident ID as the application states it (checked there), else the applicant's own
    when a person applied for their company without naming another."""
    form = case.form if isinstance(case.form, dict) else {}
    stated = _text(form.get("legal_representative_id"), 18).upper()
    if stated:
        return stated
    return case.applicant_id_number if case.applicant_kind == ApplicantKind.PERSON else ""


def _sign(license: License) -> None:
    """Sign the license's payload under the zone's approval seal (一枚印章管审批), whatever its algorithm."""
    key = keys.private_key(seal_for(None, timezone.localdate()))
    license.key_id = key.public_key().key_id()
    license.payload = license_payload_text(license)
    license.signature = signing.sign_b64(key, license.payload.encode("utf-8"))


def _has_license(case: Case) -> bool:
    return sql.exists("SELECT 1 FROM certificates_license WHERE case_id = %s", [sql.db_value(Case, "id", case.pk)])


def _next_number(now) -> str:
    """GXZZ2026000001: per year, one more than the highest so far (a concurrent duplicate fails the unique index
    and is retried by the caller)."""
    prefix = f"{settings.GAOXIN.get('LICENSE_NUMBER_PREFIX', DEFAULT_NUMBER_PREFIX)}{timezone.localdate(now).year}"
    last = License.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    sequence = int(last[0][len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


def _company_type(case: Case, name: str) -> str:
    given = _text(case.form.get("company_type"), 100) if isinstance(case.form, dict) else ""
    if given:
        return given
    by_person = case.applicant_kind == ApplicantKind.PERSON
    if "股份有限公司" in name:
        return "股份有限公司（非上市、自然人投资或控股）" if by_person else "股份有限公司（非上市）"
    return "有限责任公司（自然人投资或控股）" if by_person else "有限责任公司（非自然人投资或控股的法人独资）"


def _text(value, limit: int, *, single_line: bool = True) -> str:
    """A form answer as text (the API accepts any JSON there): other types count as missing."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    text = " ".join(str(value).split()) if single_line else str(value).strip()
    return text[:limit]


def _capital(value) -> Decimal | None:
    """注册资本 in 万元 from what the applicant typed: 100, "100", "100万元", "1,000万", "人民币50万元"."""
    if isinstance(value, bool) or value is None:
        return None
    text = "".join(str(value).split()).replace(",", "").replace("，", "").removeprefix("人民币")
    text = text.removesuffix("万元").removesuffix("万")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        return None
    return amount.quantize(Decimal("0.01"))


def license_revoke(*, license: License, actor: User, reason: str) -> License:
    """吊销: administrators only, with a reason; the license's page and API say so from then on."""
    if not rules.may_revoke(actor):
        raise Forbidden(_("只有管理员可以吊销电子营业执照"))
    reason = stated_reason(reason, missing=_("吊销电子营业执照必须说明理由"))
    with transaction.atomic():
        locked = License.objects.select_for_update().filter(pk=license.pk).first()
        if locked is None:
            raise NotFound(_("未找到该电子营业执照"))
        if locked.revoked_at is not None:
            when = timezone.localtime(locked.revoked_at).strftime("%Y-%m-%d %H:%M")
            raise Conflict(_("该执照已于 %(when)s 吊销，不能重复吊销") % {"when": when}, field="status")
        locked.revoked_at, locked.revoked_by, locked.revoke_reason = timezone.now(), actor, reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_record(
            subject_type="license",
            subject_id=locked.pk,
            actor=actor,
            action="revoke",
            from_state=LicenseState.VALID,
            to_state=LicenseState.REVOKED,
            reason=reason,
            data={"number": locked.number, "uscc": locked.uscc},
        )
    return locked
