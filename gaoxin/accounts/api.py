from datetime import datetime

from django.contrib.auth import SESSION_KEY, update_session_auth_hash
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from gaoxin.accounts.actions import password_change, token_digest, token_issue, tokens_revoke
from gaoxin.accounts.models import TokenRevocation
from gaoxin.accounts.selectors import tokens_of
from gaoxin.core.api import AUTH, ERRORS, BearerToken, Line, line
from gaoxin.core.errors import DomainError

router = Router(tags=["账户 auth"])


class Credentials(Schema):
    username: line(150)
    password: Line
    otp: line(10) = Field("", description="动态口令（TOTP）：绑定了动态口令的账户必填，管理员账户须先绑定")


class PasswordChangeIn(Schema):
    old_password: Line
    new_password: Line = Field(
        description="至少 10 位，含大写字母、小写字母、数字、符号中的至少 3 类，不同于最近 5 次的密码"
    )


class PasswordChangedOut(Schema):
    changed: bool = Field(description="修改前签发的令牌全部失效，请用新密码重新换取")


class TokenOut(Schema):
    token: str
    expires_at: datetime = Field(description="令牌到期时间；退出登录、修改密码、账户停用或注销后提前失效")


class TokenInfoOut(Schema):
    id: int
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = Field(description="最近一次使用（精确到分钟）")
    live: bool
    revoked_at: datetime | None
    revoked_why: str


class RevokedOut(Schema):
    revoked: int = Field(description="注销的令牌个数")


class MeOut(Schema):
    username: str
    name: str
    role: str
    role_display: str
    department: str | None


@router.post("/token", auth=None, response={200: TokenOut, **ERRORS}, summary="用户名和密码换取令牌")
def issue_token(request, credentials: Credentials):
    if not credentials.username or not credentials.password:
        raise DomainError(_("请填写用户名和密码"), field="username")
    token, expires_at = token_issue(
        request=request, username=credentials.username, password=credentials.password, otp=credentials.otp
    )
    return {"token": token, "expires_at": expires_at}


@router.delete("/token", auth=BearerToken(), response={200: RevokedOut, **ERRORS}, summary="注销本次请求所带的令牌")
def revoke_token(request):
    presented = request.headers["Authorization"].split(" ", 1)[1].strip()
    return {
        "revoked": tokens_revoke(
            user=request.user, actor=request.user, why=TokenRevocation.OWNER, digest=token_digest(presented)
        )
    }


@router.get("/tokens", auth=AUTH, response={200: list[TokenInfoOut], **ERRORS}, summary="本人的令牌（近 90 天）")
def list_tokens(request):
    return tokens_of(request.user)


@router.delete("/tokens", auth=AUTH, response={200: RevokedOut, **ERRORS}, summary="注销本人的全部令牌")
def revoke_all_tokens(request):
    return {"revoked": tokens_revoke(user=request.user, actor=request.user, why=TokenRevocation.OWNER)}


@router.post("/password", auth=AUTH, response={200: PasswordChangedOut, **ERRORS}, summary="修改本人密码")
def change_password(request, body: PasswordChangeIn):
    user = password_change(user=request.user, old_password=body.old_password, new_password=body.new_password)
    if request.session.get(SESSION_KEY):  # signed in on the site: that session goes on
        update_session_auth_hash(request, user)
    return {"changed": True}


@router.get("/me", auth=AUTH, response={200: MeOut, **ERRORS}, summary="当前用户")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "name": user.name,
        "role": user.role,
        "role_display": user.get_role_display(),
        "department": user.department.code if user.department_id else None,
    }
