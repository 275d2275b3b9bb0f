"""`concierge sim ...`: simulator tools (export the Nav2 maps from the SDF worlds)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sim", help="simulator tools (export-maps, ...)")
    ssub = p.add_subparsers(dest="sim_cmd", required=True)
    e = ssub.add_parser(
        "export-maps", help="write sim/maps/<site>{,_keepout,_speed}.{yaml,pgm} from the SDF"
    )
    e.add_argument("--site", action="append", help="site (repeatable; default: every world)")
    e.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the maps are stale"
    )
    e.set_defaults(func=_export)
    r = ssub.add_parser("render", help="draw a site's map, zones and places to a PNG")
    r.add_argument("--site", default="city_hall")
    r.add_argument("--out", default=None, help="PNG path (default var/reports/map_<site>.png)")
    r.set_defaults(func=_render)


def _export(args: argparse.Namespace) -> int:
    from concierge_sim.mapio import export_maps, sites, stale_maps

    chosen = args.site or sites()
    unknown = sorted(set(chosen) - set(sites()))
    if unknown:
        raise ValueError(f"unknown site(s): {', '.join(unknown)} (known: {', '.join(sites())})")
    if args.check:
        stale = [f"sim/maps/{n}" for s in chosen for n in stale_maps(s)]
        for name in stale:
            print(f"stale: {name} (run `concierge sim export-maps`)", file=sys.stderr)
        if not stale:
            print("sim maps: up to date")
        return 1 if stale else 0
    for site in chosen:
        for path in export_maps(site):
            print(path)
    return 0


def _render(args: argparse.Namespace) -> int:
    from pathlib import Path

    from concierge_content.paths import var_root

    from concierge_sim.render import render_map
    from concierge_sim.world import load_world

    out = Path(args.out) if args.out else var_root() / "reports" / f"map_{args.site}.png"
    places = _places(args.site)
    render_map(load_world(args.site), places, path=out)
    print(out)
    return 0


def _places(site: str):
    try:
        from concierge_content.places import load_places

        return load_places(site).places
    except (ImportError, FileNotFoundError):
        return []
