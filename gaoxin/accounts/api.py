from django.utils.translation import gettext as _
from ninja import Router, Schema

from gaoxin.accounts.actions import token_issue
from gaoxin.core.api import AUTH, ERRORS
from gaoxin.core.errors import DomainError

router = Router(tags=["账户 auth"])


class Credentials(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


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
    token = token_issue(
        username=credentials.username, password=credentials.password, remote_addr=request.META.get("REMOTE_ADDR")
    )
    return {"token": token}


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
