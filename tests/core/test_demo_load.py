"""`manage.py demo_load` loads every app's demo data through their app configs (core imports none of them), in the
order the data needs: the catalog's departments before the accounts, the accounts before the key projects."""

import io

import pytest
from django.core.management import call_command

from gaoxin.accounts.models import User
from gaoxin.projects.models import Project

pytestmark = pytest.mark.django_db


def test_demo_load_loads_each_app_in_the_data_order_and_changes_nothing_twice(settings):
    settings.GAOXIN = {**settings.GAOXIN, "DEVELOPMENT": True}  # as `make demo` starts it (DEBUG=1)
    users, projects = User.objects.count(), Project.objects.count()  # the test database holds the demo already
    out = io.StringIO()
    call_command("demo_load", stdout=out)
    text = out.getvalue()
    sections = ["目录：", "演示账户（密码均为 gaoxin-demo）：", "重点项目：", "经济运行："]
    assert all(section in text for section in sections), text
    assert [text.index(section) for section in sections] == sorted(text.index(section) for section in sections)
    assert "  amr          " in text, "one line per demo account"
    assert (User.objects.count(), Project.objects.count()) == (users, projects)
