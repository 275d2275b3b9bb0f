"""A hard deadline for one blocking `requests` call: socket timeouts bound each wait, the
watchdog bounds the whole call (a server that trickles its answer byte by byte is cut off).

    with Watchdog(3.0) as watchdog:      # in the calling thread
        session.get(url, timeout=(1, 2))  # session mounted with deadline_adapter()
"""

from __future__ import annotations

import contextlib
import socket
import threading

import urllib3
from requests.adapters import HTTPAdapter


class Watchdog:
    """Shuts the connection of one call at its deadline, whatever the socket is waiting for."""

    def __init__(self, seconds: float):
        self.fired = False
        self._conn = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def attach(self, conn) -> None:
        with self._lock:
            self._conn = conn
            if self.fired:
                self._cut()

    def __enter__(self) -> Watchdog:
        _current.watchdog = self
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.watchdog = None

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._cut()

    def _cut(self) -> None:
        sock = getattr(self._conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)  # a blocked recv returns at once


_current = threading.local()  # the watchdog of the call running in this thread


class _WatchedMixin:
    def request(self, *args, **kwargs):
        watchdog = getattr(_current, "watchdog", None)
        if watchdog is not None:
            watchdog.attach(self)
        return super().request(*args, **kwargs)


class _WatchedHTTPConnection(_WatchedMixin, urllib3.connection.HTTPConnection):
    pass


class _WatchedHTTPSConnection(_WatchedMixin, urllib3.connection.HTTPSConnection):
    pass


class _WatchedHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def deadline_adapter() -> HTTPAdapter:
    """A requests adapter (no retries) whose connections obey the calling thread's Watchdog."""
    adapter = HTTPAdapter(max_retries=0)
    adapter.poolmanager.pool_classes_by_scheme = {
        "http": _WatchedHTTPPool,
        "https": _WatchedHTTPSPool,
    }
    return adapter
