from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gaoxin.core.audit import audit_problems
from gaoxin.core.audit_checkpoints import checkpoint_path, read_checkpoints
from gaoxin.core.models import AuditEvent, AuditHead


class Command(BaseCommand):
    help = (
        "Verify every audit chain and the signed checkpoints of their heads: report edited, missing, reordered or "
        "recomputed events, chains cut back or deleted, and the checkpoint after which the trail was changed."
    )

    def handle(self, *args, **options):
        problems = list(audit_problems())
        for problem in problems:
            self.stdout.write(str(problem))
        self._describe_checkpoints()
        chains, events = AuditHead.objects.count(), AuditEvent.objects.count()
        if problems:
            dated = [problem.since for problem in problems if problem.since]
            if dated:
                earliest = min(dated, key=lambda since: since.number)
                self.stdout.write(self.style.ERROR(f"审计记录在{earliest}之后被改动"))
            raise CommandError(f"审计链校验失败：{len(problems)} 处问题（{chains} 条链，{events} 个事件）")
        self.stdout.write(self.style.SUCCESS(f"审计链完好：{chains} 条链，{events} 个事件"))

    def _describe_checkpoints(self) -> None:
        log = read_checkpoints()
        if log.last is None:
            self.stdout.write(
                self.style.WARNING(
                    f"尚无审计检查点（{checkpoint_path()}）：只校验了链头签名，发现不了退回旧链头或整条删除的链"
                )
            )
            return
        for checkpoint, created_at in log.restores:
            backup_time = timezone.localtime(datetime.fromisoformat(created_at))
            self.stdout.write(f"{checkpoint}：恢复了 {backup_time:%Y-%m-%d %H:%M:%S} 的备份，此前的链头不再比较")
        self.stdout.write(f"已与{log.last}比对（{len(log.state)} 条链）")
