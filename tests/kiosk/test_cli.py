"""`concierge kiosk` / `kiosk`: bad arguments give one clear line and exit code 2."""

from __future__ import annotations

import subprocess
import sys

from kiosk_ui import cli


def test_too_short_idle_timeout_is_refused_with_a_message(capsys):
    assert cli.main(["--idle-timeout", "1"]) == 2
    assert "at least 10 seconds" in capsys.readouterr().err


def test_unknown_mode_is_refused_by_concierge_kiosk():
    out = subprocess.run(
        [sys.executable, "-m", "concierge_bringup.cli", "kiosk", "--mode", "karaoke"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2 and "karaoke" in out.stderr
