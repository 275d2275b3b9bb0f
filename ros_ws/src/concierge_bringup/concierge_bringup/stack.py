"""Run a launch file's nodes, each as its own process, and stop them all together.

Used by `concierge launch`, `concierge run` and the e2e tests. Every node's output goes to its own
log file (and, with echo=True, to the terminal prefixed by the node name). When a required node
exits, or on Ctrl-C, every other node gets SIGINT, then SIGTERM, then SIGKILL.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from concierge_content.paths import repo_root, var_root

from concierge_bringup.launch_file import NodeSpec, load_launch

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the launching process dies, even by SIGKILL."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def terminate_as_interrupt() -> None:
    """Treat SIGTERM like Ctrl-C, so `timeout`/service managers also stop every node."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def dds_env() -> dict[str, str]:
    """The nodes' DDS profile (launch/dds/fastdds.xml: a dead node is forgotten in 3 s, not 20 s);
    a profile the environment names wins."""
    return {"FASTRTPS_DEFAULT_PROFILES_FILE": str(repo_root() / "launch" / "dds" / "fastdds.xml")}


class NodeDied(RuntimeError):
    """A required node exited while the stack was running."""


@dataclass
class _Proc:
    spec: NodeSpec
    popen: subprocess.Popen
    log_path: Path


class Stack:
    """Start the nodes of a launch file; use as a context manager so they always stop."""

    def __init__(
        self,
        launch_file: Path | str,
        args: dict[str, object] | None = None,
        log_dir: Path | None = None,
        env: dict[str, str] | None = None,
        echo: bool = False,
    ):
        self.launch_file = Path(launch_file)
        self.args = {
            k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in (args or {}).items()
        }
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.log_dir = Path(log_dir) if log_dir else var_root() / "log" / f"{stamp}-{os.getpid()}"
        self.env = {**dds_env(), **os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"}
        self.echo = echo
        self.procs: list[_Proc] = []
        self.cause: tuple[str, int] | None = None  # (name, exit code) of the first to die
        self._echo_threads: list[threading.Thread] = []

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        specs = load_launch(self.launch_file, self.args)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        atexit.register(self.stop)
        try:
            for spec in specs:
                self._spawn(spec)
        except BaseException:
            self.stop()
            raise

    def _spawn(self, spec: NodeSpec) -> None:
        log_path = self.log_dir / f"{spec.full_name.replace('/', '.')}.log"
        log = open(log_path, "wb")  # noqa: SIM115 - lives as long as the process
        popen = subprocess.Popen(
            spec.command(),
            stdout=subprocess.PIPE if self.echo else log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=self.env,
            start_new_session=True,  # our Ctrl-C handling decides when children stop
            preexec_fn=_die_with_parent,
        )
        if self.echo:
            t = threading.Thread(target=self._pump, args=(spec.full_name, popen, log), daemon=True)
            t.start()
            self._echo_threads.append(t)
        self.procs.append(_Proc(spec, popen, log_path))

    @staticmethod
    def _pump(name: str, popen: subprocess.Popen, log) -> None:
        for line in iter(popen.stdout.readline, b""):
            log.write(line)
            log.flush()
            print(f"[{name}] {line.decode(errors='replace').rstrip()}", flush=True)
        log.close()

    def dead(self) -> list[tuple[str, int]]:
        """Required nodes that have exited, failures first: (name, exit code)."""
        dead = [
            (p.spec.full_name, p.popen.returncode)
            for p in self.procs
            if p.spec.required and p.popen.poll() is not None
        ]
        return sorted(dead, key=lambda d: d[1] in (0, -signal.SIGINT, -signal.SIGTERM))

    def check(self) -> None:
        """Raise NodeDied (with the tail of its log) if a required node has exited: the one
        that died first, not one the stack stopped because of it."""
        dead = [self.cause] if self.cause is not None else self.dead()
        if dead:
            name, code = dead[0]
            raise NodeDied(f"node {name} exited with code {code}:\n{self.log_tail(name)}")

    def log_tail(self, name: str, lines: int = 30) -> str:
        for p in self.procs:
            if p.spec.full_name == name and p.log_path.exists():
                text = p.log_path.read_text(errors="replace").splitlines()
                return "\n".join(text[-lines:])
        return ""

    def process(self, name: str) -> subprocess.Popen:
        """A node's process by name; in a namespace 'robot2/navigator'."""
        for p in self.procs:
            if p.spec.full_name == name:
                return p.popen
        raise KeyError(name)

    def wait(self, poll_s: float = 0.2) -> int:
        """Block until a required node exits or Ctrl-C; then stop all. Returns an exit code."""
        try:
            while not self.dead():
                time.sleep(poll_s)
            self.cause = name, code = self.dead()[0]
            print(f"launch: node {name} exited ({code}); stopping the others", flush=True)
            return code or 1
        except KeyboardInterrupt:
            return 0
        finally:
            self.stop()

    def stop(self, grace_s: float = 5.0) -> None:
        live = [p for p in self.procs if p.popen.poll() is None]
        for sig, wait_s in (
            (signal.SIGINT, grace_s),
            (signal.SIGTERM, 3.0),
            (signal.SIGKILL, 2.0),
        ):
            for p in live:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.popen.pid, sig)
            deadline = time.monotonic() + wait_s
            while live and time.monotonic() < deadline:
                live = [p for p in live if p.popen.poll() is None]
                time.sleep(0.05)
            if not live:
                break
        for t in self._echo_threads:
            t.join(timeout=1.0)
