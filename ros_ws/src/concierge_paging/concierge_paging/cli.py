"""`concierge paging serve|check`: run the staff paging service, or ask one whether it is up."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "paging",
        help="the staff paging service (HTTP) and its staff web page",
        description="Staff paging over HTTP. Settings: launch/params/paging.yaml < PAGING_* "
        "environment < options.",
    )
    ps = p.add_subparsers(dest="paging_cmd", required=True)
    s = ps.add_parser("serve", help="serve the paging API and the staff page (/staff)")
    s.add_argument("--config", help="params file (default launch/params/paging.yaml)")
    s.add_argument("--host", help="listen address (default 127.0.0.1; 0.0.0.0 for staff phones)")
    s.add_argument("--port", type=int, help="listen port (default 8760)")
    s.add_argument("--db", help="SQLite file (default var/paging/paging.db)")
    s.add_argument("--db-url", help="SQLAlchemy URL instead of --db, e.g. postgresql+psycopg://…")
    s.add_argument("--site", help="whose staff may be paged (default city_hall)")
    s.set_defaults(func=run_serve)
    c = ps.add_parser("check", help="ask a paging service whether it is up (exit 1 if not)")
    c.add_argument("--url", help="service URL (default: from the settings, http://127.0.0.1:8760)")
    c.add_argument("--timeout", type=float, default=2.0, help="seconds to wait (default 2)")
    c.set_defaults(func=run_check)


def run_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from concierge_paging.config import load_config
    from concierge_paging.server import serve

    cfg = load_config(
        params_files=[Path(args.config)] if args.config else None,
        host=args.host,
        port=args.port,
        db=args.db,
        db_url=args.db_url,
        site=args.site,
    )
    serve(cfg)
    return 0


def run_check(args: argparse.Namespace) -> int:
    import json
    import sys

    from concierge_paging.client import PagingClient, PagingRejected, PagingUnavailable

    if args.url:
        url = args.url
    else:
        from concierge_paging.config import load_config

        url = load_config().base_url
    with PagingClient(url, timeout_s=args.timeout) as client:
        try:
            print(json.dumps(client.health(), ensure_ascii=False))
        except (PagingUnavailable, PagingRejected) as exc:
            print(f"concierge paging check: {exc}", file=sys.stderr)
            return 1
    return 0
