"""`concierge kiosk [--mode M] [--windowed] [--lang ko|en]` and the `kiosk` console script."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk_ui.modes import MODES  # a plain dict; importing it loads no mode


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mode", choices=list(MODES), help="open this mode (default: the mode list)")
    p.add_argument("--windowed", action="store_true", help="a 1280x800 window, not full-screen")
    p.add_argument("--lang", choices=("ko", "en"), default="ko", help="starting language")
    p.add_argument("--large-text", action="store_true", help="start in large-text mode (200 %%)")
    p.add_argument("--high-contrast", action="store_true", help="start in high contrast")
    p.add_argument("--no-voice", action="store_true", help="start with voice guidance off")
    p.add_argument(
        "--voice-wav",
        type=Path,
        metavar="DIR",
        help="write voice guidance to WAV files in DIR instead of the speaker",
    )
    p.add_argument(
        "--idle-timeout",
        type=float,
        default=120.0,
        metavar="S",
        help="seconds without a touch before a mode starts over (warning 30 s before)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("kiosk", help="open the kiosk app")
    _add_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:

    if args.mode and args.mode not in MODES:
        raise ValueError(f"unknown kiosk mode {args.mode!r}; choose one of: {', '.join(MODES)}")
    if args.idle_timeout < 10:
        raise ValueError("--idle-timeout must be at least 10 seconds")
    from kiosk_ui.app import ShellConfig
    from kiosk_ui.app import run as run_app
    from kiosk_ui.modes.base import Accessibility

    acc = Accessibility(
        large_text=args.large_text,
        high_contrast=args.high_contrast,
        voice_guidance=not args.no_voice,
    )
    config = ShellConfig(
        mode=args.mode,
        lang=args.lang,
        fullscreen=not args.windowed,
        idle_warning_s=max(5.0, args.idle_timeout - 30.0),
        idle_timeout_s=args.idle_timeout,
        voice_wav_dir=args.voice_wav,
        accessibility=acc,
    )
    return run_app(config)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk", description="the concierge kiosk app")
    _add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except (ValueError, FileNotFoundError, RuntimeError) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
