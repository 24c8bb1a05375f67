import time

from django.core.management.base import BaseCommand

from gaoxin.catalog.demo import load_demo_catalog


class Command(BaseCommand):
    help = "Load the demo catalog (departments, materials, items, bundles) from gaoxin/catalog/data. Safe to run again."

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = load_demo_catalog()
        elapsed = time.perf_counter() - started
        self.stdout.write("事项目录已载入：" + "，".join(f"{kind} {count} 个" for kind, count in counts.items()))
        self.stdout.write(f"用时 {elapsed:.2f} 秒")
