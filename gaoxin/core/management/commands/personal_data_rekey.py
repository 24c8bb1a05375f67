from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from gaoxin.core import personal


class Command(BaseCommand):
    help = (
        "Rewrite every personal-data value (ID numbers, phones) under the current GAOXIN_PII_KEY and cipher, with "
        "its digest: run after a key or cipher change, with the old key in GAOXIN_PII_PREVIOUS_KEYS until it is done."
    )

    def handle(self, *args, **options):
        total = 0
        with transaction.atomic():
            for model in apps.get_models():
                if fields := personal.encrypted_fields(model):
                    count = personal.rewrite_rows(
                        connection, model, fields, personal.under_current_key, only=personal.needs_rekey
                    )
                    total += count
                    if count:
                        self.stdout.write(f"{model._meta.label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"个人信息已按当前密钥重新加密：{total} 项"))
