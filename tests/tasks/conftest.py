"""A real task worker for these tests: django-tasks-db's, in a thread, on the test
database; and helpers to wait for what it does."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection
from django_tasks_db.management.commands.db_worker import Worker

# The test's thread and the worker's take turns on the database: SQLite's in-memory test
# database, shared between threads, refuses a write beside another thread's read at once
# ("database table is locked") rather than waiting, which failed a task at random under
# load. A task runs whole, or the test looks: never both.
TURN = threading.Lock()


class TurnTakingWorker(Worker):
    def run_task(self, db_task_result) -> None:
        with TURN:
            super().run_task(db_task_result)


class WorkerThread(threading.Thread):
    """The database backend's worker, polling every 50 ms until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.connected = threading.Event()
        self.worker = TurnTakingWorker(
            queue_names=["default"],
            interval=0.05,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )

    def run(self) -> None:
        try:
            # Connected while the test waits: opening a connection sets SQLite's journal
            # mode, which fails ("schema is locked") beside a query of the test's thread.
            connection.ensure_connection()
            self.connected.set()
            while self.worker.running:
                try:
                    self.worker.run()
                except OperationalError as error:
                    # The worker's poll begins its transaction outside the turn (only a
                    # task takes it): beside the test's query, SQLite refuses that BEGIN
                    # at once, which django-tasks-db lets out of the loop (it retries a
                    # locked poll, not a locked BEGIN). The BEGIN changed nothing: poll
                    # again.
                    if "locked" not in str(error):
                        raise
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.worker.running = False
        self.join(timeout=10)


@pytest.fixture
def start_worker():
    """Call to start a worker (a test first checks what happens without one)."""
    threads: list[WorkerThread] = []

    def start() -> WorkerThread:
        thread = WorkerThread()
        thread.start()
        assert thread.connected.wait(timeout=30), "the worker could not connect"
        threads.append(thread)
        return thread

    yield start
    for thread in threads:
        thread.stop()


@pytest.fixture(autouse=True)
def _quick_retries(settings) -> None:
    """Retries at once, so a test sees a task given up within its run."""
    settings.TRACKER_TASK_RETRY_SECONDS = [0, 0]


def wait_for[T](check: Callable[[], T], seconds: float = 30) -> T:
    """`check()`'s first true answer, polled until `seconds` pass (then an AssertionError)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with TURN:
                answer = check()
            if answer:
                return answer
        except OperationalError as error:
            # SQLite's in-memory test database, shared between threads, answers "table is
            # locked" at once (no waiting) while the worker writes: ask again.
            if "locked" not in str(error):
                raise
        time.sleep(0.05)
    raise AssertionError(f"Nothing after {seconds} s: {check.__doc__ or check}")
