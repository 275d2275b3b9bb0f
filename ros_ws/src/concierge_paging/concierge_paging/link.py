"""Paging from a behaviour tree without blocking its tick: requests run in one worker thread.

The tree keeps the policy (who is next, when, on its own clock) and calls `page`, `escalate`,
`cancel`, `poll`, which return at once; `state(call_id)` says what the service last told us:
the current page (open, accepted, declined, ...) or the error that stopped the call
(PagingUnavailable: the service is down or too slow; PagingRejected: it refused).

Who asks for answers, and when: with poll_s set, the worker asks for open pages every poll_s of
wall time; with poll_s=None the caller calls `poll` on its own clock (the robot's sim time), and
a lockstep node waits for `idle()` before it lets the world take its next step, so an answer
reaches the robot at the same sim time however slow the machine is.
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass, field, replace

from concierge_paging.client import PageInfo, PagingClient, PagingRejected, PagingUnavailable


@dataclass(frozen=True)
class CallState:
    page: PageInfo | None = None  # the call's current page as last seen (None: not paged yet)
    error: PagingUnavailable | PagingRejected | None = None  # the last failure; cleared by news
    pending: int = 0  # requests sent to the worker and not done yet

    @property
    def answer(self) -> str | None:
        """ "accepted" or "declined" once the current official answered, else None."""
        if self.page is not None and self.page.status in ("accepted", "declined"):
            return self.page.status
        return None


@dataclass
class _Call:
    state: CallState = field(default_factory=CallState)


class PagingLink:
    """Non-blocking paging for the mission manager (one per process; thread-safe)."""

    def __init__(self, client: PagingClient, poll_s: float | None = 1.0):
        self.client, self.poll_s = client, poll_s
        self._calls: dict[str, _Call] = {}
        self._lock = threading.Lock()
        self._jobs: queue.Queue = queue.Queue()
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._run, name="paging-link", daemon=True)
        self._worker.start()

    # -- called from the tree (never block) ------------------------------------------------
    def page(
        self,
        call_id: str,
        level: int,
        staff_id: str,
        office_id: str,
        reason: str = "",
        robot: str = "",
        lang: str = "ko",
    ) -> None:
        """Page `staff_id` as level `level` of the call (the service closes the level before)."""
        self._submit(
            call_id,
            lambda: self.client.page(call_id, office_id, staff_id, level, reason, robot, lang),
        )

    def escalate(self, call_id: str) -> None:
        """The robot's clock ran out for the current page (a late accept still wins: see state)."""
        self._submit(call_id, lambda: self._on_current(call_id, self.client.escalate))

    def cancel(self, call_id: str) -> None:
        """The visitor left or the mission ended without them: withdraw the current page."""
        self._submit(call_id, lambda: self._on_current(call_id, self.client.cancel))

    def answer(self, call_id: str, staff_id: str, accept: bool) -> None:
        """Record on the service an answer given another way (the console, over ROS)."""
        self._submit(
            call_id,
            lambda: self._on_current(call_id, lambda pid: self.client.ack(pid, staff_id, accept)),
        )

    def poll(self, call_id: str) -> None:
        """Ask the service what became of the call's current page."""
        self._submit(call_id, lambda: self._on_current(call_id, self.client.get))

    def idle(self) -> bool:
        """No request waiting or in flight (every answer so far is in `state`)."""
        with self._lock:
            return self._jobs.unfinished_tasks == 0

    def wait_idle(self, timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        while not self.idle():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.001)
        return True

    def state(self, call_id: str) -> CallState:
        with self._lock:
            call = self._calls.get(call_id)
            return call.state if call else CallState()

    def forget(self, call_id: str) -> None:
        with self._lock:
            self._calls.pop(call_id, None)

    def close(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._jobs.put(None)
        self._worker.join(timeout=timeout_s)

    # -- the worker ------------------------------------------------------------------------
    def _submit(self, call_id: str, job) -> None:
        with self._lock:
            call = self._calls.setdefault(call_id, _Call())
            call.state = replace(call.state, pending=call.state.pending + 1)
        self._jobs.put((call_id, job))

    def _on_current(self, call_id: str, action) -> PageInfo | None:
        page = self.state(call_id).page
        return action(page.page_id) if page is not None else None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                item = self._jobs.get(timeout=self.poll_s or 0.5)
            except queue.Empty:
                if self.poll_s:
                    self._poll_open_pages()
                continue
            if item is None:
                self._jobs.task_done()
                return
            call_id, job = item
            try:
                self._do(call_id, job, done=True)
            finally:
                self._jobs.task_done()

    def _poll_open_pages(self) -> None:
        with self._lock:
            open_pages = [
                (call_id, c.state.page.page_id)
                for call_id, c in self._calls.items()
                if c.state.page is not None and c.state.page.status == "open"
            ]
        for call_id, page_id in open_pages:
            self._do(call_id, lambda page_id=page_id: self.client.get(page_id), done=False)

    def _do(self, call_id: str, job, done: bool) -> None:
        page, error = None, None
        try:
            page = job()
        except PagingRejected as exc:
            page, error = exc.page, exc  # a 409 carries the page as it stands (e.g. accepted)
        except PagingUnavailable as exc:
            error = exc
        except Exception as exc:  # a bug must reach the tree as a failure, not kill the worker
            error = PagingUnavailable(f"paging failed unexpectedly: {exc!r}")
        with self._lock:
            call = self._calls.get(call_id)
            if call is None:  # forgotten meanwhile
                return
            state = call.state
            if page is not None and (state.page is None or page.level >= state.page.level):
                state = replace(state, page=page)
            if error is not None and not (isinstance(error, PagingRejected) and page is not None):
                state = replace(state, error=error)
            elif page is not None:
                state = replace(state, error=None)
            if done:
                state = replace(state, pending=max(0, state.pending - 1))
            call.state = state
