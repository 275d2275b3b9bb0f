"""Run docdrop (and, by default, the embedded agency inbox) under uvicorn."""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from kiosk_ui.docdrop.config import DocdropConfig

log = logging.getLogger("docdrop")


def _server(app, host: str, port: int) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,  # tokens are in URLs; the audit log records what matters
        timeout_keep_alive=5,
        limit_concurrency=400,
        proxy_headers=True,
    )
    return uvicorn.Server(config)


async def _serve(cfg: DocdropConfig, docdrop: bool, inbox: bool) -> None:
    from kiosk_ui.docdrop.app import create_app
    from kiosk_ui.docdrop.inbox import create_inbox_app

    servers: list[uvicorn.Server] = []
    tasks = []
    if inbox:
        inbox_server = _server(
            create_inbox_app(cfg.inbox_path, cfg.inbox_delay_first_s),
            cfg.inbox_host,
            cfg.inbox_port,
        )
        servers.append(inbox_server)
        tasks.append(asyncio.create_task(inbox_server.serve()))
        await asyncio.sleep(0)  # let it install its signal handlers first; the main one wins
    if docdrop:
        main_server = _server(create_app(cfg), cfg.host, cfg.port)
        log.warning(
            "docdrop on http://%s:%s%s (QR links: %s)",
            cfg.host,
            cfg.port,
            cfg.prefix,
            cfg.public_origin,
        )
        await main_server.serve()
        for server in servers:  # the main server took the signal: stop the inbox too
            server.should_exit = True
    await asyncio.gather(*tasks)


def serve(cfg: DocdropConfig, docdrop: bool = True, inbox: bool | None = None) -> None:
    inbox = cfg.inbox_enabled if inbox is None else inbox
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    asyncio.run(_serve(cfg, docdrop, inbox))
