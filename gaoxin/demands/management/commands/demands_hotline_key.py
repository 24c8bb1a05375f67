from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.errors import DomainError
from gaoxin.demands import actions
from gaoxin.demands.models import HotlineKey


class Command(BaseCommand):
    help = (
        "Keys of the 12345 hotline's system (POST /api/demands/hotline, header X-Api-Key): create one (shown once), "
        "list them, or revoke one by its prefix."
    )

    def add_arguments(self, parser):
        parser.add_argument("--create", metavar="NAME", help="make a key for the system of this name")
        parser.add_argument("--revoke", metavar="PREFIX", help="revoke the live key that starts with this prefix")

    def handle(self, *args, create=None, revoke=None, **options):
        try:
            if create:
                key, raw = actions.hotline_key_create(name=create, actor=None)
                self.stdout.write(f"{key.name}：{raw}")
                self.stdout.write("（密钥只显示这一次：平台只保存其摘要）")
            elif revoke:
                found = list(HotlineKey.objects.filter(prefix=revoke, revoked_at__isnull=True)[:2])
                if len(found) != 1:
                    raise CommandError(f"没有唯一的前缀为 {revoke} 的有效密钥")
                actions.hotline_key_revoke(key=found[0], actor=None)
                self.stdout.write(f"已注销：{found[0]}")
            for key in HotlineKey.objects.all():
                state = f"已注销 {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "有效"
                self.stdout.write(f"{key.prefix}…  {key.name}  {state}")
        except DomainError as error:
            raise CommandError(error.message) from None
