"""Running the task queue in a test the way `manage.py run_worker --batch` does: the real database worker."""

from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker


def run_queued_tasks(worker_id: str = "") -> None:
    """Run every ready task, then return. The worker closes stale connections between tasks, as it does in a
    process of its own, so only a transactional test (or a thread with its own connection) may call this."""
    Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id or get_random_string(16),
    ).run()
