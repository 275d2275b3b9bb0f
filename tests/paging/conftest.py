"""Paging test stack: the real paging app under a real uvicorn on a free 127.0.0.1 port."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from concierge_paging.app import create_app
from concierge_paging.client import PagingClient
from concierge_paging.config import PagingConfig, load_config

from tests.docdrop.conftest import ServerThread, free_port


@dataclass
class PagingStack:
    """One paging service; stop() and start() again on the same port and database."""

    cfg: PagingConfig
    server: ServerThread | None = None
    clients: list[PagingClient] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.cfg.base_url

    def start(self) -> PagingStack:
        self.server = ServerThread(create_app(self.cfg), self.cfg.port).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def client(self, timeout_s: float = 5.0) -> PagingClient:
        client = PagingClient(self.url, timeout_s=timeout_s)
        self.clients.append(client)
        return client

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10)

    def page(self, call_id: str = "call-1", staff_id: str = "kim_youngsoo", level: int = 0):
        return self.client().page(
            call_id, "saebit_office", staff_id, level, reason="복합 민원", robot="concierge_1"
        )


@pytest.fixture
def make_paging(tmp_path: Path, monkeypatch) -> Iterator[Callable[..., PagingStack]]:
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path / "var"))
    stacks: list[PagingStack] = []

    def make(**overrides) -> PagingStack:
        settings = {"port": free_port(), "db": str(tmp_path / "paging.db"), **overrides}
        stack = PagingStack(load_config(params_files=[], env={}, **settings)).start()
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        for client in stack.clients:
            client.close()
        stack.stop()


@pytest.fixture
def paging(make_paging) -> PagingStack:
    return make_paging()


# Real Chromium for the staff page: docdrop's fixtures (system chromium, phone-sized context).
from tests.docdrop.test_phone_page import CHROMIUM, browser, phone  # noqa: E402, F401
