from django.core.management.base import BaseCommand

from gaoxin.accounts.demo import DEMO_PASSWORD, load_demo_accounts
from gaoxin.catalog.demo import load_demo_catalog
from gaoxin.economy.demo_economy import load_demo_economy
from gaoxin.projects.demo import load_demo_projects


class Command(BaseCommand):
    help = "Load the demo data (catalog, departments, accounts). Safe to run again: it changes nothing twice."

    def handle(self, *args, **options):
        counts = load_demo_catalog()
        self.stdout.write("目录：" + "，".join(f"{k} {v}" for k, v in counts.items()))
        rows = load_demo_accounts()
        self.stdout.write(f"\n演示账户（密码均为 {DEMO_PASSWORD}）：")
        for username, role, department in rows:
            self.stdout.write(f"  {username:<12} {role:<8} {department}")
        counts = load_demo_projects()
        self.stdout.write("\n重点项目：" + "，".join(f"{k} {v}" for k, v in counts.items()))
        counts = load_demo_economy()
        self.stdout.write("\n经济运行：" + "，".join(f"{k} {v}" for k, v in counts.items()))
