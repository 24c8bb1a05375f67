from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.core.names import EnglishNamed, in_active_language
from gaoxin.identity.validators import validate_resident_id, validate_uscc


class Department(EnglishNamed):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = pgettext_lazy("plural", "部门")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_short_name(self) -> str:
        """For lists and cards: the short Chinese name, or the English name in English mode."""
        return in_active_language(self.short_name or self.name, self.name_en)


class Role(models.TextChoices):
    APPLICANT = "applicant", pgettext_lazy("role", "申请人")
    CLERK = "clerk", pgettext_lazy("role", "综合窗口")
    APPROVER = "approver", pgettext_lazy("role", "部门审批")
    # Approves a department's extensions of time limits (延期, 行政许可法 §42).
    DEPT_HEAD = "dept_head", pgettext_lazy("role", "部门负责人")
    LEADER = "leader", pgettext_lazy("role", "领导")
    OFFICER = "officer", pgettext_lazy("role", "项目专员")
    STATISTICIAN = "statistician", pgettext_lazy("role", "统计员")
    # 万人助万企: the office that pairs enterprises with cadres and dispatches their demands, and the cadres who visit.
    DEMANDS_OFFICE = "demands_office", pgettext_lazy("role", "企业服务办")
    CADRE = "cadre", pgettext_lazy("role", "包联干部")
    # 三权分立 (GB/T 22239-2019 8.1.4.2 访问控制 c, 8.1.10.6 集中管控): the system administrator keeps the catalog, the
    # calendar, templates and settings; the security administrator the accounts, roles and locks; the audit
    # administrator reads the audit and login records. One account has one role, so no one holds two of them.
    ADMIN = "admin", pgettext_lazy("role", "系统管理员")
    SECURITY_ADMIN = "security_admin", pgettext_lazy("role", "安全管理员")
    AUDIT_ADMIN = "audit_admin", pgettext_lazy("role", "审计管理员")


# Roles that belong to a department: their accounts must name it.
DEPARTMENT_ROLES = (Role.APPROVER, Role.DEPT_HEAD)
# The three administrators: they work in the admin site (/admin/), each on their own part (gaoxin.core.access).
ADMINISTRATOR_ROLES = (Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)
# Administrators who watch over the platform and do none of the zone's work: no cases, projects or figures.
OVERSIGHT_ROLES = (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)


def is_zone_staff(user) -> bool:
    """Someone who works for the zone (window, departments, leaders, officers, statisticians, the system
    administrator), as opposed to an applicant or an administrator of security or audit."""
    return bool(user and user.is_authenticated and user.role != Role.APPLICANT and user.role not in OVERSIGHT_ROLES)


class ApplicantKind(models.TextChoices):
    PERSON = "person", _("自然人")
    ENTERPRISE = "enterprise", _("企业")


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.APPLICANT)
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    display_name = models.CharField(_("姓名/名称"), max_length=100, blank=True)
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    id_number = models.CharField(_("居民身份证号"), max_length=18, blank=True, validators=[validate_resident_id])
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=DEPARTMENT_ROLES) | models.Q(department__isnull=False),
                name="department_roles_have_department",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs):
        # The admin site is the administrators' (and the installation superuser's): it follows the role.
        self.is_staff = self.is_superuser or self.role in ADMINISTRATOR_ROLES
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        return self.display_name or self.username


class TokenRevocation(models.TextChoices):
    OWNER = "owner", _("本人注销")
    LOGOUT = "logout", _("退出登录")
    ADMIN = "admin", _("管理员注销")
    DEACTIVATED = "deactivated", _("账户停用")
    ROLE_CHANGED = "role_changed", _("角色变更")


class ApiToken(models.Model):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once. It works until it expires or is
    revoked, and only while its account keeps the password it was issued under (password_stamp): changing the
    password, by any path, ends every token issued before."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    password_stamp = models.CharField(max_length=64, default="")
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("到期时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    revoked_why = models.CharField(_("注销原因"), max_length=20, choices=TokenRevocation.choices, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = pgettext_lazy("plural", "API 令牌")
        indexes = [models.Index(fields=["user", "revoked_at"], name="token_user_live")]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class LoginFailure(models.Model):
    """One failed credential check; counted per username over a window to throttle guessing."""

    username = models.CharField(max_length=150, db_index=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(db_index=True)
