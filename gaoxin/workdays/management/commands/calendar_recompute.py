from django.core.management.base import BaseCommand, CommandError

from gaoxin.workdays.actions import FIRST_YEAR, LAST_YEAR
from gaoxin.workdays.recompute import calendar_changed


class Command(BaseCommand):
    help = (
        "Recompute every open stored deadline with the calendar as it is now, e.g. after upgrading chinese-calendar "
        "to a release with a new year's holidays. Only the deadlines that come out differently change; each is "
        "audited and its owners are notified. --year limits it to the deadlines that reach the given years."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", dest="years", help="年份（可重复）")

    def handle(self, *args, years=None, **options):
        for year in years or ():
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise CommandError(f"年份须在 {FIRST_YEAR} 至 {LAST_YEAR} 之间：{year}")
        # No person did this: the audit events name no actor, as the scheduler's do.
        changed = calendar_changed(years=years, actor=None)
        for name, count in changed.items():
            self.stdout.write(f"{name}：重新计算后变更的时限 {count} 项")
