"""`concierge bench docdrop`: many phones upload photos at once to a real docdrop (uvicorn
subprocess with its embedded agency inbox, loopback only); one JSON line of figures.

Each phone: create a session (as the kiosk does), upload N photo-like JPEGs one after another
(multipart, as the phone page does), submit. Then every submission must reach the agency inbox
exactly once with all its files. Figures: uploads_per_s, upload_mb_per_s, p50/p95 upload
latency (includes the server's content check and EXIF-free re-encode), server peak RSS
(docdrop + inbox process), delivery time, lost and duplicated files (must be 0).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="concierge bench docdrop", description=__doc__)
    p.add_argument("--phones", type=int, default=50, help="concurrent phones (max 200)")
    p.add_argument("--files", type=int, default=5, help="photos per phone (max 10)")
    p.add_argument("--file-mb", type=float, default=2.0, help="size of each photo (max 9.5)")
    p.add_argument("--timeout-s", type=float, default=600, help="give up after this long")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if not (1 <= args.phones <= 200 and 1 <= args.files <= 10 and 0.05 <= args.file_mb <= 9.5):
        p.error("bounded benchmark: --phones 1..200, --files 1..10, --file-mb 0.05..9.5")
    return args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def photo_jpeg(target_bytes: int, seed: int) -> tuple[bytes, tuple[int, int]]:
    """A photo-like JPEG (gradients + sensor-like noise) of about target_bytes."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    # pixels grow with the target like a phone camera's (2 MB ~ 8 MP)
    megapixels = max(0.3, min(12.0, 4.0 * target_bytes / 1e6))
    width = int((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = width * 3 // 4
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack(
        [x * 255 // width, y * 255 // height, (x + y) * 255 // (width + height)], axis=-1
    ).astype(np.int16)
    low, high, best = 0, 64, b""
    for _ in range(8):  # binary search on noise amplitude for the size
        amp = (low + high) // 2
        noise = rng.integers(-amp, amp + 1, size=base.shape) if amp else 0
        arr = np.clip(base + noise, 0, 255).astype(np.uint8)
        out = io.BytesIO()
        Image.fromarray(arr).save(out, "JPEG", quality=88)
        best = out.getvalue()
        if abs(len(best) - target_bytes) < target_bytes * 0.05:
            break
        if len(best) < target_bytes:
            low = amp + 1
        else:
            high = amp - 1
    return best, (width, height)


class PeakRss:
    """Samples the server process's resident memory every 50 ms."""

    def __init__(self, pid: int):
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.wait(0.05):
            try:
                rss = self.proc.memory_info().rss
                rss += sum(c.memory_info().rss for c in self.proc.children(recursive=True))
                self.peak = max(self.peak, rss)
            except psutil.Error:
                return

    def start(self) -> PeakRss:
        self._thread.start()
        return self

    def stop(self) -> int:
        self._stop.set()
        self._thread.join(timeout=2)
        return self.peak


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str]) -> int:
    args = _args(argv)
    import httpx

    deadline = time.monotonic() + args.timeout_s
    print(f"docdrop bench: making {args.files} photo(s) of {args.file_mb} MB", file=sys.stderr)
    photos = [photo_jpeg(int(args.file_mb * 1e6), args.seed + i) for i in range(args.files)]
    agencies = ["nps", "nhis", "kcomwel"]
    with tempfile.TemporaryDirectory(prefix="docdrop-bench-") as tmp:
        port, inbox_port = _free_port(), _free_port()
        env = {
            **os.environ,
            "CONCIERGE_VAR": tmp,
            "DOCDROP_HOST": "127.0.0.1",
            "DOCDROP_PORT": str(port),
            "DOCDROP_INBOX_HOST": "127.0.0.1",
            "DOCDROP_INBOX_PORT": str(inbox_port),
            "DOCDROP_DATA_DIR": str(Path(tmp) / "docdrop"),
            "DOCDROP_INBOX_DIR": str(Path(tmp) / "inbox"),
            "DOCDROP_SESSIONS_PER_MINUTE_PER_CLIENT": "100000",
            "DOCDROP_WORKER_POLL_S": "0.1",
        }
        log = open(Path(tmp) / "server.log", "wb")  # noqa: SIM115 - closed in finally
        server = subprocess.Popen(
            [sys.executable, "-m", "concierge_bringup.cli", "docdrop"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("docdrop did not start; see its log")
                time.sleep(0.1)
            rss = PeakRss(server.pid).start()
            latencies: list[float] = []
            errors: list[str] = []
            receipts: dict[str, tuple[str, str]] = {}  # receipt -> (token, agency)
            lock = threading.Lock()

            def phone(i: int) -> None:
                agency = agencies[i % len(agencies)]
                limits = httpx.Timeout(max(5.0, deadline - time.monotonic()))
                with httpx.Client(base_url=base, timeout=limits) as http:
                    token = http.post("/api/sessions").json()["token"]
                    for n, (data, _size) in enumerate(photos):
                        t0 = time.perf_counter()
                        r = http.post(
                            f"/api/sessions/{token}/files",
                            files={"file": (f"photo-{i}-{n}.jpg", data, "image/jpeg")},
                        )
                        took = time.perf_counter() - t0
                        with lock:
                            latencies.append(took)
                            if r.status_code != 201:
                                errors.append(f"upload {r.status_code}: {r.text[:100]}")
                    r = http.post(
                        f"/api/sessions/{token}/submit",
                        json={"agency_id": agency, "name": f"Phone {i}", "phone": "01012345678"},
                    )
                    with lock:
                        if r.status_code == 200:
                            receipts[r.json()["receipt_no"]] = (token, agency)
                        else:
                            errors.append(f"submit {r.status_code}: {r.text[:100]}")

            print(f"docdrop bench: {args.phones} phones uploading", file=sys.stderr)
            t_start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.phones) as pool:
                for future in [pool.submit(phone, i) for i in range(args.phones)]:
                    try:
                        future.result(timeout=max(1.0, deadline - time.monotonic()))
                    except Exception as exc:  # a phone that fails is counted, not fatal
                        errors.append(f"phone: {type(exc).__name__}: {exc}"[:200])
            upload_s = time.perf_counter() - t_start

            print("docdrop bench: waiting for delivery", file=sys.stderr)
            pending = dict(receipts)
            with httpx.Client(base_url=base, timeout=30) as http:
                while pending and time.monotonic() < deadline:
                    for receipt, (token, _agency) in list(pending.items()):
                        if http.get(f"/api/sessions/{token}").json()["state"] == "delivered":
                            del pending[receipt]
                    time.sleep(0.2)
            delivery_s = time.perf_counter() - t_start
            peak = rss.stop()

            stored: dict[str, list[dict]] = {}
            for agency in agencies:
                url = f"http://127.0.0.1:{inbox_port}/agencies/{agency}/submissions"
                for item in httpx.get(url, timeout=30).json():
                    stored.setdefault(item["metadata"]["receipt_no"], []).append(item)
            expected_files = args.phones * args.files
            received_files = sum(len(items[0]["files"]) for items in stored.values() if items)
            lost = expected_files - sum(
                len(stored[r][0]["files"]) for r in receipts if stored.get(r)
            )
            duplicated = sum(
                sum(len(i["files"]) for i in items[1:]) for items in stored.values()
            ) + max(0, received_files - expected_files)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()

    uploads = len(latencies)
    total_mb = sum(len(d) for d, _ in photos) / 1e6 * args.phones
    figures = {
        "bench": "docdrop",
        "measured": "real uvicorn subprocess on 127.0.0.1, httpx clients in threads",
        "phones": args.phones,
        "files_per_phone": args.files,
        "file_mb": round(sum(len(d) for d, _ in photos) / len(photos) / 1e6, 2),
        "image_px": f"{photos[0][1][0]}x{photos[0][1][1]}",
        "uploads": uploads,
        "uploads_per_s": round(uploads / upload_s, 2) if upload_s else 0.0,
        "upload_mb_per_s": round(total_mb / upload_s, 1) if upload_s else 0.0,
        "p50_upload_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_upload_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "upload_phase_s": round(upload_s, 1),
        "all_delivered_s": round(delivery_s, 1),
        "submissions": len(receipts),
        "delivered": len(receipts) - len(pending),
        "server_peak_rss_mb": round(peak / 1e6, 1),
        "lost_files": lost,
        "duplicated_files": duplicated,
        "errors": len(errors),
        "cpus": os.cpu_count(),
    }
    if errors:
        print("docdrop bench errors (first 5): " + "; ".join(errors[:5]), file=sys.stderr)
    print(json.dumps(figures))
    return 0 if lost == 0 and duplicated == 0 and not errors and not pending else 1
