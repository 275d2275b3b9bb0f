"""`concierge console`: the sub-command is registered and refuses a bad site clearly."""

from __future__ import annotations

import argparse

import pytest

from kiosk_ui import console_cli


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="concierge")
    console_cli.register(parser.add_subparsers(dest="command"))
    return parser


def test_console_defaults_to_the_city_hall_and_opens_full_screen():
    args = _parser().parse_args(["console"])
    assert (args.site, args.windowed, args.func) == ("city_hall", False, console_cli.run)


def test_console_refuses_an_unknown_site(capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args(["console", "--site", "moon_base"])
    assert "invalid choice: 'moon_base'" in capsys.readouterr().err
