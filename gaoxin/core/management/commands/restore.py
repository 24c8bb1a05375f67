from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from gaoxin.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and an empty MEDIA_ROOT, after decrypting it with "
        "GAOXIN_BACKUP_KEY and checking every checksum. "
        "Stop the application first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="archive written by manage.py backup")
        parser.add_argument("--force", action="store_true", help="replace a database and MEDIA_ROOT that are not empty")
        parser.add_argument(
            "--unencrypted",
            action="store_true",
            help="restore a plain .tar written before backups were encrypted (nothing proves it was not changed)",
        )

    def handle(self, *args, path, force, unencrypted, **options):
        try:
            restored = backup_restore(path, force=force, unencrypted=unencrypted)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = restored.manifest
        self.stdout.write(
            self.style.SUCCESS(
                _("已恢复 %(created)s 的备份（%(engine)s）")
                % {"created": _local_time(manifest["created_at"]), "engine": manifest["engine"]}
            )
        )
        self.stdout.write(
            _("数据库：%(tables)s 张表、%(rows)s 行，与备份清单一致")
            % {"tables": len(manifest["rows"]), "rows": sum(manifest["rows"].values())}
        )
        for label, count in restored.summary_rows:
            self.stdout.write(f"  {label}：{count}")
        self.stdout.write(
            _("文件：%(files)s 个，%(bytes)s 字节") % {"files": restored.files, "bytes": restored.file_bytes}
        )
        if restored.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _("备份早于当前代码：还有 %(count)s 个迁移未应用，请运行 manage.py migrate")
                    % {"count": restored.unapplied_migrations}
                )
            )


def _local_time(iso: str) -> str:
    return timezone.localtime(datetime.fromisoformat(iso)).strftime("%Y-%m-%d %H:%M:%S")
