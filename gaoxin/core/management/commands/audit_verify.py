from django.core.management.base import BaseCommand, CommandError

from gaoxin.core.audit import audit_problems
from gaoxin.core.models import AuditEvent, AuditHead


class Command(BaseCommand):
    help = "Verify every audit chain: report edited, missing or reordered events."

    def handle(self, *args, **options):
        problems = 0
        for problem in audit_problems():
            problems += 1
            self.stdout.write(str(problem))
        chains, events = AuditHead.objects.count(), AuditEvent.objects.count()
        if problems:
            raise CommandError(f"审计链校验失败：{problems} 处问题（{chains} 条链，{events} 个事件）")
        self.stdout.write(self.style.SUCCESS(f"审计链完好：{chains} 条链，{events} 个事件"))
