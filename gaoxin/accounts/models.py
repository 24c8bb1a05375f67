from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gaoxin.core.names import EnglishNamed, in_active_language
from gaoxin.core.personal import DigestField, EncryptedField
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
    # Personal data: encrypted at rest, found by the digest beside it (gaoxin.core.personal).
    id_number = EncryptedField(_("居民身份证号"), max_length=18, blank=True, validators=[validate_resident_id])
    id_number_digest = DigestField(of="id_number")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, validators=[validate_uscc])
    phone = EncryptedField(_("联系电话"), max_length=20, blank=True)
    phone_digest = DigestField(of="phone")
    # 身份鉴别 (GB/T 22239-2019 8.1.4.1 a): when the password was last set, so that a staff password expires; and
    # whether its owner must choose their own at the next sign-in (an administrator set it).
    password_changed_at = models.DateTimeField(_("密码设置时间"), null=True, blank=True)
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)

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
        # A new password (set_password by any path) starts its age; Django records it in the history on save.
        password_set = self._password is not None
        if password_set:
            self.password_changed_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        if update_fields is not None and password_set:
            kwargs["update_fields"] = {*kwargs["update_fields"], "password_changed_at"}
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


class LoginScope(models.TextChoices):
    ADDRESS = "address", _("本地址")
    ACCOUNT = "account", _("账户")


# The address of the counter that counts an account's failures from everywhere.
EVERY_ADDRESS = "*"


class LoginAttempt(models.Model):
    """The failures counted on one username, from one address or (address EVERY_ADDRESS) from all of them, since
    window_started_at. A sign-in takes its place in the count before its password is checked, by one conditional
    UPDATE, so parallel guesses cannot pass the limit together (gaoxin.accounts.throttle); locked_until is set once,
    by the failure that reached the limit."""

    username = models.CharField(_("用户名"), max_length=150)
    address = models.CharField(_("来源地址"), max_length=45)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    window_started_at = models.DateTimeField(_("计数起始"))
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录失败计数")
        verbose_name_plural = pgettext_lazy("plural", "登录失败计数")
        constraints = [models.UniqueConstraint(fields=["username", "address"], name="login_attempt_once")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"


class LoginUnlock(models.TextChoices):
    EXPIRED = "expired", _("到期自动解锁")
    ADMIN = "admin", _("安全管理员解锁")


class LoginLock(models.Model):
    """A lock a throttle put on a username: for one address, or the account itself. The security administrator sees
    and lifts them in the admin; each lock and unlock is also on the audit trail."""

    username = models.CharField(_("用户名"), max_length=150, db_index=True)
    # The account, when the username is one: a lock on a name nobody has looks the same to whoever tried it.
    user = models.ForeignKey(
        User, verbose_name=_("用户"), null=True, blank=True, on_delete=models.CASCADE, related_name="login_locks"
    )
    scope = models.CharField(_("范围"), max_length=10, choices=LoginScope.choices)
    address = models.CharField(_("来源地址"), max_length=45, blank=True)
    failures = models.PositiveIntegerField(_("失败次数"))
    locked_at = models.DateTimeField(_("锁定时间"))
    until = models.DateTimeField(_("锁定至"))
    unlocked_at = models.DateTimeField(_("解锁时间"), null=True, blank=True)
    unlocked_why = models.CharField(_("解锁方式"), max_length=10, choices=LoginUnlock.choices, blank=True)
    unlocked_by = models.ForeignKey(
        User, verbose_name=_("解锁人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("登录锁定")
        verbose_name_plural = pgettext_lazy("plural", "登录锁定")
        ordering = ["-locked_at"]

    def __str__(self) -> str:
        where = self.address if self.scope == LoginScope.ADDRESS else _("全部地址")
        return f"{self.username} · {where}"

    @property
    def counter_address(self) -> str:
        return self.address if self.scope == LoginScope.ADDRESS else EVERY_ADDRESS


class PasswordHistory(models.Model):
    """A password an account had, as its hash only: a new password may not be one of the last few
    (gaoxin.accounts.passwords.PasswordHistoryValidator writes and reads these)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField()

    class Meta:
        verbose_name = _("历史密码")
        verbose_name_plural = pgettext_lazy("plural", "历史密码")
        indexes = [models.Index(fields=["user", "-set_at"], name="password_history_latest")]


class SignInCode(models.Model):
    """A one-time code sent to an account's e-mail or phone to reset a forgotten password. Only its keyed hash is
    stored; it works once, for a few minutes and a few tries, and a new code ends the one before (one live code per
    account). The rows stay for an hour or more to count how many codes an account was sent."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_codes")
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    # Used, superseded by a newer code, or tried too often: it no longer works.
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("验证码")
        verbose_name_plural = pgettext_lazy("plural", "验证码")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(ended_at__isnull=True), name="sign_in_code_one_live_per_user"
            )
        ]
