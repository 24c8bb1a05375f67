"""The schedule's slots, and the scheduler enqueuing each slot once however many schedulers run."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gaoxin.jobs.actions import runs_enqueue_due
from gaoxin.jobs.models import ScheduledRun
from gaoxin.jobs.schedule import SCHEDULE, DailyAt, EveryMinutes, MonthlyOn


def local(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_every_n_minutes_falls_on_the_same_marks_everywhere():
    assert EveryMinutes(15).latest_slot(local(2026, 3, 2, 10, 7, 59)) == local(2026, 3, 2, 10, 0)
    assert EveryMinutes(15).latest_slot(local(2026, 3, 2, 10, 15)) == local(2026, 3, 2, 10, 15)
    with pytest.raises(ValueError):
        EveryMinutes(0)


def test_daily_is_today_once_its_time_has_come_else_yesterday():
    nightly = DailyAt(time(2, 30))
    assert nightly.latest_slot(local(2026, 3, 2, 2, 29)) == local(2026, 3, 1, 2, 30)
    assert nightly.latest_slot(local(2026, 3, 2, 2, 30)) == local(2026, 3, 2, 2, 30)


def test_monthly_before_its_day_is_last_month_across_a_new_year():
    reminder = MonthlyOn(25, time(9, 0))
    assert reminder.latest_slot(local(2026, 1, 3, 12, 0)) == local(2025, 12, 25, 9, 0)
    assert reminder.latest_slot(local(2026, 1, 25, 9, 0)) == local(2026, 1, 25, 9, 0)
    with pytest.raises(ValueError):
        MonthlyOn(31, time(9, 0))


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_and_the_next_slot_again():
    # Just after the top of the hour, where every cadence's slot begins: 30 seconds later is still the same slots,
    # 15 minutes later the next 15-minute one (any other moment could see a 5-minute slot turn within the 30 s).
    now = timezone.now().replace(minute=0, second=10, microsecond=0)
    first = runs_enqueue_due(now=now)
    assert sorted(first) == sorted(job.key for job in SCHEDULE)
    assert runs_enqueue_due(now=now + timedelta(seconds=30)) == [], "the same slots: nothing new"
    later = runs_enqueue_due(now=now + timedelta(minutes=15))
    assert "gaoxin.cases.tasks.warn_deadlines" in later and "gaoxin.notifications.tasks.verify_audit" not in later
    assert DBTaskResult.objects.count() == ScheduledRun.objects.count() == len(first) + len(later)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_enqueue_each_slot_once():
    now = timezone.now()
    barrier = threading.Barrier(2)
    enqueued: list[list[str]] = []

    def scheduler():
        try:
            barrier.wait()
            enqueued.append(runs_enqueue_due(now=now))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(enqueued) == 2
    assert sorted(enqueued[0] + enqueued[1]) == sorted(job.key for job in SCHEDULE)
    assert ScheduledRun.objects.count() == DBTaskResult.objects.count() == len(SCHEDULE)
