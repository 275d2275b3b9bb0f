"""The same docdrop on SQLite (default) and PostgreSQL (by URL): whole path + racing uploads."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.docdrop.conftest import free_port, png_bytes, wait_for

INITDB = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="module")
def postgres_url():
    """A throw-away PostgreSQL cluster on a free 127.0.0.1 port, stopped and deleted after."""
    if not INITDB or (os.geteuid() == 0 and not _has_user("postgres")):
        pytest.skip("PostgreSQL server binaries not installed (setup/apt/docdrop.txt)")
    bindir = os.path.dirname(INITDB[-1])
    root = tempfile.mkdtemp(prefix="docdrop-pg-")
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    data, port = os.path.join(root, "data"), free_port(hold=False)  # postgres binds it
    subprocess.run(
        _as_postgres(
            [f"{bindir}/initdb", "-D", data, "-U", "docdrop", "--auth=trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [f"{bindir}/pg_ctl", "-D", data, "-l", os.path.join(root, "log")]
    subprocess.run(
        _as_postgres([*ctl, "-o", options, "-w", "start"]),
        check=True,
        timeout=60,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://docdrop@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([*ctl, "-m", "immediate", "-w", "stop"]), timeout=60, capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def db_stack(request, make_stack):
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        return make_stack(db_url=url, max_files=10)
    return make_stack(max_files=10)


def test_racing_uploads_never_pass_the_file_limit_and_delivery_works(db_stack):
    stack = db_stack
    with stack.client() as http:
        token = stack.new_session(http)

    def one(i: int) -> int:
        with httpx.Client(base_url=stack.url, timeout=60) as c:
            r = c.post(
                f"/api/sessions/{token}/files",
                files={"file": (f"p{i}.png", png_bytes(60 + i, 40), "image/png")},
            )
            return r.status_code

    with ThreadPoolExecutor(max_workers=14) as pool:
        codes = list(pool.map(one, range(14)))
    assert sorted(codes) == [201] * 10 + [409] * 4
    with stack.client() as http:
        assert http.get(f"/api/sessions/{token}").json()["file_count"] == 10
        r = http.post(
            f"/api/sessions/{token}/submit",
            json={"agency_id": "nhis", "name": "Park", "phone": "010-3333-4444"},
        )
        assert r.status_code == 200
        wait_for(
            lambda: http.get(f"/api/sessions/{token}").json()["state"] == "delivered",
            30,
            "delivery",
        )
    assert len(stack.inbox("nhis")[0]["files"]) == 10
    assert len(list((stack.cfg.data_path / "files").iterdir())) == 10
