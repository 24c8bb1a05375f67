"""Load the demo data of every app that has some.

Core imports no app (gaoxin/core/layers.py). An app with demo data says so on its AppConfig, as apps add their header
entries (core/navigation.py): `load_demo(write)` loads it (safe to run again) and writes what it did; `demo_order`
places it, because the data's order is not the code's: the catalog brings the departments that the demo accounts
belong to, although the catalog's code imports accounts.
"""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demo data (catalog, departments, accounts, key projects, economy). Safe to run again."

    def handle(self, *args, **options):
        if not settings.GAOXIN["DEVELOPMENT"]:
            # Demo accounts with a published password on a public platform would be anyone's way in.
            raise CommandError("演示数据只在开发模式下装入：请以 DEBUG=1 运行（Demo data loads only with DEBUG=1).")
        loaders = sorted(
            (config for config in apps.get_app_configs() if hasattr(config, "load_demo")),
            key=lambda config: config.demo_order,
        )
        if not loaders:
            raise CommandError("No installed app has demo data.")
        for config in loaders:
            config.load_demo(self.stdout.write)
