"""Run the paging service under uvicorn (one process; SQLite or PostgreSQL by URL)."""

from __future__ import annotations

import logging

import uvicorn
from sqlalchemy.engine import make_url

from concierge_paging.config import PagingConfig

log = logging.getLogger("paging")


def serve(cfg: PagingConfig) -> None:
    """Serve until SIGINT/SIGTERM (the launch runner's stop), then return."""
    from concierge_paging.app import create_app

    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    app = create_app(cfg)
    log.warning(
        "staff paging on http://%s:%s (staff page /staff, db %s)",
        cfg.host,
        cfg.port,
        make_url(cfg.database_url).render_as_string(hide_password=True),
    )
    # The audit log records who answered what; the access log would only repeat it.
    uvicorn.run(
        app,
        host=cfg.host,
        port=cfg.port,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=5,
    )
