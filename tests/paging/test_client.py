"""PagingClient never hangs: a closed port, a silent server, a trickling server, a wrong server."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from concierge_paging.client import PagingClient, PagingUnavailable

from tests.docdrop.conftest import free_port


class FakeServer:
    """A TCP listener on 127.0.0.1 that answers each connection with `behave(conn)`."""

    def __init__(self, behave):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.behave = behave
        self.conns: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self.sock.settimeout(0.05)
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):  # the client hung up first
            self.behave(conn, self.stopping)

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        for conn in self.conns:
            conn.close()
        self.sock.close()


@pytest.fixture
def fake_server() -> Iterator:
    servers: list[FakeServer] = []

    def make(behave) -> FakeServer:
        servers.append(FakeServer(behave))
        return servers[-1]

    yield make
    for server in servers:
        server.close()


def silent(conn: socket.socket, stopping: threading.Event) -> None:
    """Accept, read the request, never answer."""
    conn.recv(65536)
    stopping.wait(30)


def trickling(conn: socket.socket, stopping: threading.Event) -> None:
    """Answer headers at once, then one body byte every 50 ms (each read is quick)."""
    conn.recv(65536)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
    )
    while not stopping.wait(0.05):
        conn.sendall(b" ")


def html_page(conn: socket.socket, stopping: threading.Event) -> None:
    """Some other web server on the port."""
    conn.recv(65536)
    body = b"<html><body>It works!</body></html>"
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n"
        b"Connection: close\r\n\r\n%s" % (len(body), body)
    )


def timed(call) -> tuple[Exception, float]:
    start = time.monotonic()
    with pytest.raises(PagingUnavailable) as caught:
        call()
    return caught.value, time.monotonic() - start


def test_closed_port_fails_at_once_and_says_what_to_do():
    with PagingClient(f"http://127.0.0.1:{free_port()}", timeout_s=5.0) as client:
        error, elapsed = timed(lambda: client.page("call-1", "saebit_office", "kim_youngsoo"))
    assert elapsed < 1.0
    assert "connection refused" in str(error) and "paging_service" in str(error)
    assert error.say_key == "paging.robot_unavailable"


@pytest.mark.parametrize("timeout_s", [0.3, 1.0])
def test_a_server_that_never_answers_is_given_up_after_the_read_timeout(fake_server, timeout_s):
    server = fake_server(silent)
    with PagingClient(server.url, timeout_s=timeout_s) as client:
        error, elapsed = timed(lambda: client.get("pg_1"))
    assert timeout_s * 0.9 <= elapsed < timeout_s + 0.5
    assert f"did not answer within {timeout_s:.1f} s" in str(error)


def test_a_trickling_answer_is_cut_at_the_call_deadline(fake_server):
    server = fake_server(trickling)
    with PagingClient(server.url, timeout_s=0.5, connect_timeout_s=0.2) as client:
        error, elapsed = timed(client.health)
    assert 0.6 <= elapsed < 1.2  # connect + read budget, although no single read was slow
    assert "answered too slowly" in str(error)


def test_a_full_listen_queue_is_given_up_after_the_connect_timeout():
    """A host that takes no new connections (here: a listener whose queue is full)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(8):  # fill the accept queue; the kernel then drops new SYNs
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            fillers.append(s)
        with PagingClient(f"http://127.0.0.1:{port}", timeout_s=3.0, connect_timeout_s=0.4) as c:
            error, elapsed = timed(c.health)
        assert 0.35 <= elapsed < 1.0, "the connect timeout, not the read timeout, ends the call"
        assert "did not take the connection within 0.4 s" in str(error)
    finally:
        for s in fillers:
            s.close()
        listener.close()


def test_another_web_server_on_the_port_is_named_as_such(fake_server):
    server = fake_server(html_page)
    with PagingClient(server.url, timeout_s=2.0) as client:
        error, elapsed = timed(client.health)
    assert elapsed < 1.0 and "is the URL the paging service's?" in str(error)


def test_timeouts_must_be_bounded():
    with pytest.raises(ValueError, match="positive"):
        PagingClient("http://127.0.0.1:1", timeout_s=0)
