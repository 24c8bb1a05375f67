"""The one authentication backend: passwords checked behind the login throttle (gaoxin.accounts.throttle), so every
way in that calls authenticate() is throttled alike; permissions in the admin site from the account's role alone
(三权分立): gaoxin.core.access.ADMIN_SITE says what each administrator may do, and nothing can be granted beside it —
no per-user permissions, no groups."""

from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from gaoxin.accounts import throttle
from gaoxin.core.access import ADMIN_SITE


@cache  # the table is code: the same for every request
def role_permissions(role: str) -> frozenset[str]:
    """'app_label.action_model' for everything the role may do in the admin site."""
    granted = set()
    for target, actions in ADMIN_SITE.get(role, {}).items():
        app_label, _, model_name = target.partition(".")
        config = apps.get_app_config(app_label)
        models = [config.get_model(model_name)] if model_name else config.get_models()
        granted |= {f"{app_label}.{action}_{model._meta.model_name}" for model in models for action in actions}
    return frozenset(granted)


class RoleBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(role_permissions(user_obj.role))


class ThrottledBackend(RoleBackend):
    """Counts the sign-in before the password is checked; a throttled sign-in raises PermissionDenied, which makes
    authenticate() return None at once, with the refusal left on the request for the form or the API to word."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        username = username if username is not None else kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            reservation = throttle.login_reserve(request, username)
        except throttle.LoginThrottled as refused:
            if request is not None:
                setattr(request, throttle.REFUSAL_ATTRIBUTE, refused)
            raise PermissionDenied from refused
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.login_failed(request, reservation)
        else:
            reservation.give_back()
        return user
