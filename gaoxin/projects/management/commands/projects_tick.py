from django.core.management.base import BaseCommand

from gaoxin.projects.actions import requests_escalate


class Command(BaseCommand):
    help = "Time-driven project work: escalate overdue element-guarantee requests to the responsible leader."

    def handle(self, *args, **options):
        escalated = requests_escalate()
        self.stdout.write(f"超期要素保障需求提级至责任领导：{escalated} 项")
