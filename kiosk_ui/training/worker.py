"""The training kiosk's disk work on one worker thread: the UI hands it a job and gets the
result (or the error) back on the UI thread through a queued Qt signal, so it never waits on
SQLite. Jobs run in the order they were given."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

log = logging.getLogger(__name__)


class _Results(QObject):
    done = pyqtSignal(object, object, object)  # callback, result, exception


class DiskWorker:
    """run(fn, *args, then=cb): fn(resource, *args) on the worker, cb(result, error) later on
    the UI thread. Errors of the `expected` types are the user's (a wrong code, a bad file)
    and are not logged."""

    def __init__(self, open_resource: Callable[[], Any], expected: tuple[type, ...] = ()):
        self.resource: Any = None
        self.expected = expected
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="training-io")
        self._results = _Results()
        self._results.done.connect(self._deliver)
        self._pending = 0
        self._pool.submit(self._open, open_resource)

    def _open(self, open_resource: Callable[[], Any]) -> None:
        self.resource = open_resource()

    def submit(self, fn: Callable, *args) -> Future:
        """A plain job (no resource, no callback), e.g. warming a cache."""
        return self._pool.submit(fn, *args)

    def run(self, fn: Callable, *args, then: Callable | None = None) -> None:
        self._pending += 1

        def job():
            try:
                result, error = fn(self.resource, *args), None
            except Exception as exc:  # delivered to the UI as a message, never a crash
                result, error = None, exc
            self._results.done.emit(then, result, error)

        self._pool.submit(job)

    def _deliver(self, then, result, error) -> None:
        self._pending -= 1
        if error is not None and not isinstance(error, self.expected):
            log.error("training storage failed: %s", error, exc_info=error)
        if then is not None:
            then(result, error)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def close(self, finish: Callable[[Any], None]) -> None:
        """finish(resource) after every pending job, then stop the thread."""
        self._pool.submit(lambda: self.resource is not None and finish(self.resource))
        self._pool.shutdown(wait=True)
