"""docdrop test stack: a real uvicorn (docdrop + agency inbox) on free 127.0.0.1 ports."""

from __future__ import annotations

import io
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from PIL import Image

from kiosk_ui.docdrop.app import create_app
from kiosk_ui.docdrop.config import DocdropConfig, load_config
from kiosk_ui.docdrop.inbox import create_inbox_app

_HELD: dict[int, socket.socket] = {}  # free_port()'s sockets, until a ServerThread takes one


def free_port(hold: bool = True) -> int:
    """A free 127.0.0.1 port. Held: it stays bound here (not listening, so a connection is
    refused) until a ServerThread of this process serves on it. A port only found free and
    closed again can be taken by any new socket before the server binds it (a fresh clone
    failed once on EADDRINUSE). hold=False for a port another process will bind."""
    s = socket.socket()
    # as uvicorn's own bind does: a server started again on this port after one that served
    # on this socket must not fail on its connections' TIME_WAIT
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    if hold:
        _HELD[port] = s
    else:
        s.close()
    return port


def wait_for(predicate: Callable[[], object], timeout_s: float = 20, what: str = "condition"):
    """Poll until predicate() is truthy; fail with `what` after timeout_s."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.05)


class ServerThread:
    """A real uvicorn server in a thread; always stopped by stop()."""

    def __init__(self, app, port: int):
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
        )
        held = _HELD.pop(port, None)  # serve on free_port()'s socket: no moment it is free
        sockets = [held] if held is not None else None
        self.thread = threading.Thread(target=self.server.run, args=(sockets,), daemon=True)

    def start(self) -> ServerThread:
        self.thread.start()
        wait_for(lambda: self.server.started, 20, "uvicorn to start")
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@dataclass
class Stack:
    cfg: DocdropConfig
    url: str
    inbox_url: str
    app: object

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)

    def new_session(self, http: httpx.Client) -> str:
        r = http.post("/api/sessions")
        assert r.status_code == 201, r.text
        return r.json()["token"]

    def inbox(self, agency: str = "nps") -> list[dict]:
        return httpx.get(f"{self.inbox_url}/agencies/{agency}/submissions", timeout=10).json()

    def attempts(self) -> list[dict]:
        return httpx.get(f"{self.inbox_url}/attempts", timeout=10).json()


@pytest.fixture
def make_stack(tmp_path: Path, monkeypatch) -> Iterator[Callable[..., Stack]]:
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path / "var"))
    servers: list[ServerThread] = []

    def make(inbox: bool = True, **overrides) -> Stack:
        port, inbox_port = free_port(), free_port()
        settings = dict(
            port=port,
            inbox_port=inbox_port,
            data_dir=str(tmp_path / "docdrop"),
            inbox_dir=str(tmp_path / "inbox"),
            worker_poll_s=0.05,
            retry_base_s=0.2,
        )
        settings.update(overrides)
        cfg = load_config(env={}, **settings)
        if inbox:
            inbox_app = create_inbox_app(cfg.inbox_path, cfg.inbox_delay_first_s)
            servers.append(ServerThread(inbox_app, cfg.inbox_port).start())
        app = create_app(cfg)
        servers.append(ServerThread(app, cfg.port).start())
        return Stack(cfg, f"http://127.0.0.1:{cfg.port}{cfg.prefix}", cfg.inbox_base_url, app)

    yield make
    for server in reversed(servers):
        server.stop()


@pytest.fixture
def stack(make_stack) -> Stack:
    return make_stack()


def jpeg_bytes(width: int = 640, height: int = 480, gps: bool = False, color="navy") -> bytes:
    img = Image.new("RGB", (width, height), color)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = (37.0, 33.0, 59.0)
        gps_ifd[3] = "E"
        gps_ifd[4] = (126.0, 58.0, 41.0)
        img.save(out, "JPEG", exif=exif)
    else:
        img.save(out, "JPEG", quality=90)
    return out.getvalue()


def png_bytes(width: int = 300, height: int = 200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "orange").save(out, "PNG")
    return out.getvalue()


def pdf_bytes(pad_to: int = 0, extra: bytes = b"") -> bytes:
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" + extra
    )
    tail = b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    if pad_to:
        body += b"%" + b"x" * (pad_to - len(body) - len(tail) - 2) + b"\n"
    return body + tail
