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
    else:
        serve(cfg, docdrop=True, inbox=False if args.no_inbox else None)
    return 0
