"""The launch stack runs each node as its own process and never leaves one behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from concierge_bringup.stack import NodeDied, Stack

LAUNCH = """
launch:
- arg: {name: bad_site, default: city_hall}
- node:
    pkg: concierge_robot
    exec: mission_manager
    name: good
    param: [{name: site, value: city_hall}]
- node:
    pkg: concierge_robot
    exec: mission_manager
    name: bad
    param: [{name: site, value: "$(var bad_site)"}]
"""


def _launch(tmp_path):
    path = tmp_path / "two.launch.yaml"
    path.write_text(textwrap.dedent(LAUNCH))
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_dying_node_stops_the_others_and_is_reported(tmp_path):
    stack = Stack(_launch(tmp_path), {"bad_site": "nowhere"}, log_dir=tmp_path / "logs")
    stack.start()
    good = stack.process("good").pid
    code = stack.wait(poll_s=0.05)
    assert code == 2
    assert "no places for site 'nowhere'" in (tmp_path / "logs" / "bad.log").read_text()
    assert not _alive(good) or stack.process("good").poll() is not None
    with pytest.raises(NodeDied, match="node bad exited with code 2"):
        stack.check()


def test_nodes_get_the_dds_profile_unless_the_environment_names_one(tmp_path, monkeypatch):
    monkeypatch.delenv("FASTRTPS_DEFAULT_PROFILES_FILE", raising=False)
    profile = Stack(_launch(tmp_path)).env["FASTRTPS_DEFAULT_PROFILES_FILE"]
    assert profile.endswith("launch/dds/fastdds.xml") and os.path.isfile(profile)
    monkeypatch.setenv("FASTRTPS_DEFAULT_PROFILES_FILE", "/etc/site.xml")
    assert Stack(_launch(tmp_path)).env["FASTRTPS_DEFAULT_PROFILES_FILE"] == "/etc/site.xml"


def test_nodes_die_with_a_killed_launcher(tmp_path):
    """Even kill -9 of the launching process leaves no node running (PR_SET_PDEATHSIG)."""
    script = tmp_path / "launcher.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys, time
        from concierge_bringup.stack import Stack
        s = Stack({str(_launch(tmp_path))!r}, log_dir={str(tmp_path / "l2")!r})
        s.start()
        print(" ".join(str(p.popen.pid) for p in s.procs), flush=True)
        time.sleep(600)
    """)
    )
    launcher = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in launcher.stdout.readline().split()]
    assert len(pids) == 2
    launcher.send_signal(signal.SIGKILL)
    launcher.wait()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    leftover = [p for p in pids if _alive(p)]
    for p in leftover:
        os.kill(p, signal.SIGKILL)
    assert not leftover
