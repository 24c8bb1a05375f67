from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gaoxin.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) into one tar archive with a manifest, encrypted "
        "with GAOXIN_BACKUP_KEY and readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="archive to write (default var/backups/…tar.enc)")

    def handle(self, *args, output=None, **options):
        try:
            path, manifest = backup_create(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = [name for name in manifest["members"] if name.startswith("media/")]
        self.stdout.write(
            self.style.SUCCESS(_("备份完成：%(path)s（%(size)s 字节）") % {"path": path, "size": path.stat().st_size})
        )
        self.stdout.write(
            _("数据库（%(engine)s）：%(tables)s 张表、%(rows)s 行；文件：%(files)s 个")
            % {
                "engine": manifest["engine"],
                "tables": len(manifest["rows"]),
                "rows": sum(manifest["rows"].values()),
                "files": len(files),
            }
        )
