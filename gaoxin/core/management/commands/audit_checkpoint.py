from django.core.management.base import BaseCommand

from gaoxin.core.audit_checkpoints import checkpoint_path, checkpoint_write


class Command(BaseCommand):
    help = "Append a signed checkpoint of every audit chain's head to AUDIT_CHECKPOINT_DIR/checkpoints.jsonl."

    def handle(self, *args, **options):
        line = checkpoint_write()
        self.stdout.write(
            self.style.SUCCESS(
                f"已写入第 {line['n']} 个审计检查点：{line['chains']} 条链，其中 {len(line['heads'])} 条有变化"
                f"（{checkpoint_path()}）"
            )
        )
