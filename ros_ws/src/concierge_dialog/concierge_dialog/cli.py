"""`concierge ask --site S "TEXT"` (or `-` for one utterance per stdin line): intent JSON."""

from __future__ import annotations

import argparse
import json
import sys

KEYS = ("intent", "place_id", "staff_id", "course_id", "action", "lang", "reply")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="dialog only: text in, intent + reply JSON out")
    p.add_argument("text", help='what a visitor says, or "-" to read one utterance per line')
    p.add_argument("--site", default="city_hall", help="city_hall | arboretum")
    p.add_argument("--lang", choices=("ko", "en"), help="force the language (default: detect)")
    p.set_defaults(func=run)


def as_json(result) -> str:
    data = result.to_dict()
    out = {k: data[k] for k in KEYS}
    out.update({k: data[k] for k in ("time_available_min", "interest", "confidence")})
    return json.dumps(out, ensure_ascii=False)


def run(args: argparse.Namespace) -> int:
    from concierge_dialog.engine import DialogEngine

    engine = DialogEngine(args.site)
    if args.text != "-":
        print(as_json(engine.handle(args.text, lang=args.lang)))
        return 0
    # One conversation: follow-ups like "거기로 데려다 주세요" refer to earlier lines.
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.strip():
            print(as_json(engine.handle(line, lang=args.lang)), flush=True)
    return 0
