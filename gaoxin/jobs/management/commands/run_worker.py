"""One worker process: the scheduler and a django-tasks database worker together. Start as many as you like."""

import logging
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from gaoxin.jobs.actions import runs_enqueue_due

logger = logging.getLogger("gaoxin.jobs")


def schedule_forever(every: float) -> None:
    """Enqueue what is due every `every` seconds; a failed round (the database away) is logged and tried again."""
    while True:
        close_old_connections()
        try:
            runs_enqueue_due()
        except Exception:
            logger.exception("Scheduling failed; trying again in %s s", every)
        finally:
            close_old_connections()
        time.sleep(every)


class Command(BaseCommand):
    help = (
        "Run the scheduler (enqueues each due job once per slot, whatever the number of schedulers) and a database "
        "task worker (runs each queued task once, whatever the number of workers). With --batch: enqueue what is due, "
        "run every queued task, exit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument("--schedule-every", type=float, default=30.0, help="seconds between scheduler rounds")
        parser.add_argument("--batch", action="store_true", help="enqueue what is due, run the queue, then exit")
        parser.add_argument("--no-schedule", action="store_true", help="only run tasks, do not enqueue scheduled jobs")
        parser.add_argument("--worker-id", default="", help="unique across the pool (default: random)")

    def handle(self, *args, interval, schedule_every, batch, no_schedule, worker_id, **options):
        worker = Worker(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            excluded_queue_names=[],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=worker_id or get_random_string(32),
        )
        if batch:
            if not no_schedule:
                enqueued = runs_enqueue_due()
                self.stdout.write(f"已入队的定时任务：{len(enqueued)} 项")
            worker.run()
            return
        if not no_schedule:
            # A daemon thread: when a signal ends the worker's loop the process exits and takes the scheduler along.
            threading.Thread(target=schedule_forever, args=(schedule_every,), name="scheduler", daemon=True).start()
        worker.configure_signals()
        worker.run()
