"""Delivery survives kill -9: the agency gets every submission exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kiosk_ui.docdrop.inbox import create_inbox_app
from tests.docdrop.conftest import ServerThread, free_port, jpeg_bytes, pdf_bytes, wait_for

pytestmark = pytest.mark.slow


def start_docdrop(env: dict[str, str], log: Path, *extra: str) -> subprocess.Popen:
    out = open(log, "ab")  # noqa: SIM115 - the child owns it until it exits
    proc = subprocess.Popen(
        [sys.executable, "-m", "concierge_bringup.cli", "docdrop", "--no-inbox", *extra],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # uvicorn workers are its children: stop the group
    )
    out.close()
    return proc


def test_agency_gets_each_submission_once_across_kill_9(tmp_path):
    """Killed mid-delivery, then restarted as two uvicorn workers (two delivery workers)."""
    inbox_port, port = free_port(), free_port()
    # A slow agency: it stores a new submission, then answers only 4 s later — the window in
    # which docdrop is killed, so it never learns that the delivery succeeded.
    inbox = ServerThread(create_inbox_app(tmp_path / "inbox", delay_first_s=4), inbox_port).start()
    env = {
        **os.environ,
        "CONCIERGE_VAR": str(tmp_path / "var"),
        "DOCDROP_PORT": str(port),
        "DOCDROP_DATA_DIR": str(tmp_path / "docdrop"),
        "DOCDROP_INBOX_URL": f"http://127.0.0.1:{inbox_port}",
        "DOCDROP_DELIVERY_TIMEOUT_S": "5",
        "DOCDROP_DELIVERY_LEASE_S": "6",
        "DOCDROP_RETRY_BASE_S": "0.5",
        "DOCDROP_WORKER_POLL_S": "0.1",
    }
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "docdrop.log"
    procs: list[subprocess.Popen] = []

    def healthy() -> bool:
        try:
            return httpx.get(f"{base}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def stored(agency: str) -> list[dict]:
        return httpx.get(f"http://127.0.0.1:{inbox_port}/agencies/{agency}/submissions").json()

    try:
        procs.append(start_docdrop(env, log))
        wait_for(healthy, 30, "docdrop to start")
        receipts = {}
        with httpx.Client(base_url=base, timeout=30) as http:
            for agency, data in (("nps", jpeg_bytes()), ("kcomwel", pdf_bytes())):
                token = http.post("/api/sessions").json()["token"]
                r = http.post(f"/api/sessions/{token}/files", files={"file": ("a", data)})
                assert r.status_code == 201, r.text
                r = http.post(
                    f"/api/sessions/{token}/submit",
                    json={"agency_id": agency, "name": "김철수", "phone": "01098765432"},
                )
                receipts[agency] = (token, r.json()["receipt_no"])

        # Both are stored at the agency, but their answers are still pending: kill -9 now.
        wait_for(lambda: stored("nps") and stored("kcomwel"), 20, "the agency to store both")
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait(timeout=10)
        assert not healthy()

        procs.append(start_docdrop(env, log, "--workers", "2"))
        try:
            wait_for(healthy, 60, "docdrop to restart")
        except AssertionError:
            raise AssertionError(log.read_text(errors="replace")[-3000:]) from None
        with httpx.Client(base_url=base, timeout=30) as http:
            for agency, (token, receipt) in receipts.items():
                wait_for(
                    lambda t=token: http.get(f"/api/sessions/{t}").json()["state"] == "delivered",
                    40,
                    f"redelivery to {agency}",
                )
                inbox_items = stored(agency)
                assert [i["metadata"]["receipt_no"] for i in inbox_items] == [receipt]
            # New submissions spread over both workers: each still reaches the agency once.
            more = []
            for i in range(4):
                token = http.post("/api/sessions").json()["token"]
                http.post(f"/api/sessions/{token}/files", files={"file": ("b", pdf_bytes())})
                http.post(
                    f"/api/sessions/{token}/submit",
                    json={"agency_id": "nhis", "name": f"W{i}", "phone": "01012345678"},
                )
                more.append(token)
            for token in more:
                wait_for(
                    lambda t=token: http.get(f"/api/sessions/{t}").json()["state"] == "delivered",
                    40,
                    "delivery by the workers",
                )
        names = sorted(i["metadata"]["applicant"]["name"] for i in stored("nhis"))
        assert names == ["W0", "W1", "W2", "W3"]
        attempts = [
            a
            for a in httpx.get(f"http://127.0.0.1:{inbox_port}/attempts").json()
            if a["agency"] != "nhis"
        ]
        # Each was sent twice (before and after the crash) under one idempotency key.
        assert sorted(a["outcome"] for a in attempts) == ["replay", "replay", "stored", "stored"]
        assert len({a["key"] for a in attempts}) == 2
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
        inbox.stop()
