from django.core.management.base import BaseCommand

from gaoxin.cases.actions import notices_elapse


class Command(BaseCommand):
    help = "Time-driven case work: end public notices whose period ran out without objection. Run every few minutes."

    def handle(self, *args, **options):
        ended = notices_elapse()
        self.stdout.write(f"公示期满自动办结：{ended} 项")
