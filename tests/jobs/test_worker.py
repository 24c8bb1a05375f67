"""The worker: every queued task runs exactly once, with two workers at once; `run_worker --batch` end to end."""

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gaoxin.jobs.schedule import SCHEDULE
from gaoxin.jobs.tasks import prune_history
from tests.jobs import tasks
from tests.support.worker import run_queued_tasks

TASKS = 40


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_run_each_task_exactly_once():
    tasks.RUNS.clear()
    for n in range(TASKS):
        tasks.record_run.enqueue(n)
    barrier = threading.Barrier(2)

    def worker(name):
        try:
            barrier.wait()
            run_queued_tasks(worker_id=name)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"worker-{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(tasks.RUNS) == list(range(TASKS)), "each task ran once, none twice, none left"
    results = DBTaskResult.objects.all()
    assert all(r.status == TaskResultStatus.SUCCESSFUL and len(r.worker_ids) == 1 for r in results)
    # Both took part (each task sleeps 10 ms, so the other worker looks for work meanwhile): the claims raced.
    assert {r.worker_ids[0] for r in results} == {"worker-0", "worker-1"}


@pytest.mark.django_db(transaction=True)
def test_run_worker_batch_enqueues_the_due_jobs_and_runs_them():
    call_command("run_worker", "--batch", verbosity=0)
    results = DBTaskResult.objects.all()
    assert sorted(r.task_path for r in results) == sorted(job.key for job in SCHEDULE)
    failed = [(r.task_path, r.traceback) for r in results if r.status != TaskResultStatus.SUCCESSFUL]
    assert failed == []
    call_command("run_worker", "--batch", verbosity=0)
    assert DBTaskResult.objects.count() == len(SCHEDULE), "the same slots are not run again"


@pytest.mark.django_db
def test_a_task_whose_worker_died_is_marked_failed_and_a_running_one_is_left_alone():
    now = timezone.now()
    lost, busy = (tasks.record_run.enqueue(n) for n in (1, 2))
    DBTaskResult.objects.filter(pk=lost.id).update(status=TaskResultStatus.RUNNING, started_at=now - timedelta(hours=2))
    DBTaskResult.objects.filter(pk=busy.id).update(
        status=TaskResultStatus.RUNNING, started_at=now - timedelta(minutes=5)
    )

    assert prune_history.call(now)["lost_tasks"] == 1
    lost_row, busy_row = DBTaskResult.objects.get(pk=lost.id), DBTaskResult.objects.get(pk=busy.id)
    assert lost_row.status == TaskResultStatus.FAILED and "stopped before the task finished" in lost_row.traceback
    assert busy_row.status == TaskResultStatus.RUNNING
