"""A task for the worker tests: it records each run in memory shared by the worker threads of the test process."""

import threading
import time

from django_tasks import task

RUNS: list[int] = []
_LOCK = threading.Lock()


@task()
def record_run(n: int) -> int:
    time.sleep(0.01)  # long enough for the other worker to look for work meanwhile
    with _LOCK:
        RUNS.append(n)
    return n
