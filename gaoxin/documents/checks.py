"""`manage.py check --deploy` fails when production cannot sign: no usable key for the approval seal, or a seal in
force without its key."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils import timezone


@register(Tags.security, deploy=True)
def signing_keys_configured(app_configs, **kwargs):
    from gaoxin.documents import keys
    from gaoxin.documents.models import Seal

    pem = (settings.GAOXIN.get("SIGNING_KEY_PEM") or "").strip()
    dev_fallback = settings.GAOXIN.get("SIGNING_KEY_DEV_FALLBACK", settings.DEBUG)
    if pem:
        try:
            keys.load_private_key(pem)
        except ImproperlyConfigured as error:
            return [Error(str(error), id="gaoxin.documents.E002")]
    elif not dev_fallback:
        return [
            Error(
                "未配置行政审批专用章的签名密钥 GAOXIN_SIGNING_KEY（Ed25519 或 SM2 私钥 PEM）。",
                hint="openssl genpkey -algorithm ed25519（或 -algorithm sm2），"
                "并将其内容放入环境变量 GAOXIN_SIGNING_KEY。",
                id="gaoxin.documents.E001",
            )
        ]
    today = timezone.localdate()
    try:
        seals = list(Seal.objects.filter(revoked_at__isnull=True, valid_until__gte=today))
    except DatabaseError:
        return []  # not migrated yet: `migrate` runs after the check in `make serve`
    errors = []
    for seal in seals:
        try:
            keys.private_key(seal)
        except ImproperlyConfigured as error:
            errors.append(Error(str(error), id="gaoxin.documents.E003"))
    return errors
