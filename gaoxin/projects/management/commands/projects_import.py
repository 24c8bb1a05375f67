from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gaoxin.accounts.models import User
from gaoxin.core.errors import DomainError
from gaoxin.projects.spreadsheets import ImportRejected, projects_import

BAR_WIDTH = 30


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A plain-text bar: [##########--------------------]  33%  29/87"""
    share = done / total if total else 1
    filled = round(share * width)
    return f"[{'#' * filled}{'-' * (width - filled)}] {share:>4.0%}  {done}/{total}"


class Command(BaseCommand):
    help = "Import key projects (sheet 项目) and monthly reports (sheet 月报) from an .xlsx file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .xlsx file (see the template on the register page)")
        parser.add_argument("--user", help="import as this account (its permissions apply); default: the system")

    def handle(self, *args, file: Path, user: str | None = None, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"没有账号：{user}")

        def show(done: int, total: int) -> None:
            self.stdout.write("\r" + progress_bar(done, total), ending="")
            self.stdout.flush()

        try:
            with file.open("rb") as f:
                result = projects_import(file=f, actor=actor, progress=show)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(rejected.message) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write("")
        self.stdout.write(
            f"导入完成：新增项目 {result.created} 个，更新 {result.updated} 个，"
            f"年度计划 {result.plans} 条，月报 {result.reports} 条。"
        )
