"""`concierge docdrop`: serve the QR document upload service (and the embedded agency inbox)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "docdrop",
        help="serve the QR document upload service",
        description="Serve docdrop. Settings: params YAML < DOCDROP_* env < options.",
    )
    p.add_argument("--config", help="settings YAML (default launch/params/docdrop.yaml)")
    p.add_argument("--host", help="listen address (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="listen port (default 8750)")
    p.add_argument("--public-url", help="origin phones reach, e.g. https://docs.example.go.kr")
    p.add_argument("--base-path", help="path prefix behind a reverse proxy, e.g. /docdrop")
    p.add_argument("--db-url", help="SQLAlchemy URL (default SQLite under var/docdrop)")
    p.add_argument("--data-dir", help="where encrypted files and the key file live")
    p.add_argument("--inbox-port", type=int, help="port of the embedded agency inbox (8751)")
    p.add_argument("--inbox-url", help="base URL that replaces {inbox} in content/agencies.yaml")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="uvicorn worker processes (PostgreSQL recommended above 1); the inbox runs apart",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--no-inbox", action="store_true", help="do not run the embedded agency inbox"
    )
    which.add_argument(
        "--inbox-only", action="store_true", help="run only the embedded agency inbox"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kiosk_ui.docdrop.config import load_config
    from kiosk_ui.docdrop.server import serve

    cfg = load_config(
        Path(args.config) if args.config else None,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        base_path=args.base_path,
        db_url=args.db_url,
        data_dir=args.data_dir,
        inbox_port=args.inbox_port,
        inbox_url=args.inbox_url,
    )
    if args.inbox_only:
        serve(cfg, docdrop=False, inbox=True)
    elif args.workers > 1:
        serve_workers(cfg, args, inbox=cfg.inbox_enabled and not args.no_inbox)
    else:
        serve(cfg, docdrop=True, inbox=False if args.no_inbox else None)
    return 0


def serve_workers(cfg, args: argparse.Namespace, inbox: bool) -> None:
    """Several uvicorn workers (each with its own delivery worker; leases keep it exactly-once).

    Options reach the worker processes as DOCDROP_* variables; the inbox gets its own process.
    """
    import dataclasses
    import os
    import subprocess
    import sys

    import uvicorn

    env = dict(os.environ)
    for field in dataclasses.fields(cfg):
        env[f"DOCDROP_{field.name.upper()}"] = str(getattr(cfg, field.name))
    if not cfg.key:  # every worker must use the same key: make the key file once, here
        cfg.encryption_key()
    os.environ.update(env)
    inbox_proc = None
    if inbox:
        inbox_proc = subprocess.Popen(
            [sys.executable, "-m", "concierge_bringup.cli", "docdrop", "--inbox-only"], env=env
        )
    try:
        uvicorn.run(
            "kiosk_ui.docdrop.asgi:app_factory",
            factory=True,
            host=cfg.host,
            port=cfg.port,
            workers=args.workers,
            log_level="warning",
            access_log=False,
            timeout_keep_alive=5,
            proxy_headers=True,
        )
    finally:
        if inbox_proc is not None:
            inbox_proc.terminate()
            inbox_proc.wait(timeout=20)
