"""The outbox worker: posts each submission to its agency (idempotency key, retries with
back-off, leases that survive a crash) and purges files after the retention period."""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Iterator

import requests
from sqlalchemy import select, update

from kiosk_ui.docdrop.crypto import iter_decrypted
from kiosk_ui.docdrop.models import OutboxItem, StoredFile, UploadSession
from kiosk_ui.docdrop.service import Docdrop, unseal

log = logging.getLogger("docdrop.delivery")
MIME = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
EXT = {"jpeg": "jpg", "png": "png", "pdf": "pdf"}


class PermanentFailure(Exception):
    """The agency refused the submission for good (a 4xx other than 408/429)."""


def multipart_body(
    boundary: str, metadata: dict, files: list[tuple[str, str, object]]
) -> Iterator[bytes]:
    """A multipart/form-data body streamed from encrypted files (never a whole file in memory)."""
    b = boundary.encode()
    yield b"--" + b + b'\r\nContent-Disposition: form-data; name="metadata"\r\n'
    yield b"Content-Type: application/json\r\n\r\n"
    yield json.dumps(metadata, ensure_ascii=False).encode() + b"\r\n"
    for filename, mime, chunks in files:
        yield b"--" + b + b"\r\n"
        yield f'Content-Disposition: form-data; name="files"; filename="{filename}"\r\n'.encode()
        yield f"Content-Type: {mime}\r\n\r\n".encode()
        yield from chunks  # type: ignore[misc]
        yield b"\r\n"
    yield b"--" + b + b"--\r\n"


class DeliveryWorker:
    """Background threads: claim due outbox items, deliver, record; purge old files."""

    def __init__(self, dd: Docdrop, threads: int = 3):
        self.dd = dd
        self.cfg = dd.cfg
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._deliver_loop, name=f"docdrop-deliver-{i}", daemon=True)
            for i in range(threads)
        ]
        self._threads.append(
            threading.Thread(target=self._purge_loop, name="docdrop-purge", daemon=True)
        )
        self._http = requests.Session()

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=self.cfg.delivery_timeout_s + 5)
        self._http.close()

    # -- delivery --------------------------------------------------------------------------
    def _deliver_loop(self) -> None:
        while not self._stop.is_set():
            try:
                item_id = self.claim()
                if item_id is None:
                    self._stop.wait(self.cfg.worker_poll_s)
                    continue
                self.deliver(item_id)
            except Exception:  # keep the worker alive; the item is retried after its lease
                log.exception("delivery loop error")
                self._stop.wait(1.0)

    def claim(self) -> int | None:
        """Take one due item with a lease; another worker may take it only after the lease."""
        now = time.time()
        with self.dd.db.begin() as db:
            candidates = db.scalars(
                select(OutboxItem.id)
                .where(
                    OutboxItem.state == "pending",
                    OutboxItem.next_attempt_at <= now,
                    OutboxItem.locked_until < now,
                )
                .order_by(OutboxItem.next_attempt_at)
                .limit(5)
            ).all()
            for item_id in candidates:
                taken = db.execute(
                    update(OutboxItem)
                    .where(OutboxItem.id == item_id, OutboxItem.locked_until < now)
                    .values(
                        locked_until=now + self.cfg.delivery_lease_s,
                        attempts=OutboxItem.attempts + 1,
                    )
                ).rowcount
                if taken == 1:
                    return item_id
        return None

    def deliver(self, item_id: int) -> None:
        dd = self.dd
        with dd.db() as db:
            item = db.get(OutboxItem, item_id)
            row = db.get(UploadSession, item.session_id)
            files = db.scalars(
                select(StoredFile)
                .where(StoredFile.session_id == row.id, StoredFile.removed.is_(False))
                .order_by(StoredFile.created_at)
            ).all()
            agency = dd.agencies.get(item.agency_id)
            applicant = unseal(dd.key, row.applicant_enc) if row.applicant_enc else {}
        metadata = {
            "receipt_no": row.receipt_no,
            "agency_id": item.agency_id,
            "submitted_at": row.submitted_at,
            "applicant": applicant,
            "files": [
                {
                    "name": f.display_name,
                    "kind": f.kind,
                    "size_bytes": f.size_bytes,
                    "sha256": f.sha256,
                }
                for f in files
            ],
        }
        try:
            if agency is None:
                raise PermanentFailure(
                    f"agency {item.agency_id!r} no longer in content/agencies.yaml"
                )
            boundary = uuid.uuid4().hex
            parts = [
                (
                    f"{i + 1:02d}.{EXT[f.kind]}",
                    MIME[f.kind],
                    iter_decrypted(dd.files_dir / f.id, dd.key),
                )
                for i, f in enumerate(files)
            ]
            response = self._http.post(
                agency.endpoint_url(self.cfg.inbox_base_url),
                data=multipart_body(boundary, metadata, parts),
                headers={
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "Idempotency-Key": item.idempotency_key,
                },
                timeout=self.cfg.delivery_timeout_s,
            )
            if response.status_code in (200, 201):
                agency_receipt = str(response.json().get("receipt", ""))[:64]
                self._delivered(item_id, row.id, agency_receipt)
                return
            if 400 <= response.status_code < 500 and response.status_code not in (408, 429):
                raise PermanentFailure(
                    f"agency answered {response.status_code}: {response.text[:200]}"
                )
            self._retry(item_id, row.id, f"agency answered {response.status_code}")
        except PermanentFailure as exc:
            self._failed(item_id, row.id, str(exc))
        except (requests.RequestException, OSError, ValueError) as exc:
            self._retry(item_id, row.id, f"{type(exc).__name__}: {exc}"[:300])

    def _delivered(self, item_id: int, session_id: int, agency_receipt: str) -> None:
        now = time.time()
        with self.dd.db.begin() as db:
            db.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item_id)
                .values(
                    state="delivered",
                    delivered_at=now,
                    agency_receipt=agency_receipt,
                    last_error=None,
                )
            )
            db.execute(
                update(UploadSession)
                .where(UploadSession.id == session_id)
                .values(state="delivered", delivered_at=now)
            )
            self.dd.audit(db, "delivered", session_id, agency_receipt=agency_receipt)

    def _failed(self, item_id: int, session_id: int, reason: str) -> None:
        log.error("delivery of session %s failed for good: %s", session_id, reason)
        with self.dd.db.begin() as db:
            db.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item_id)
                .values(state="failed", last_error=reason)
            )
            db.execute(
                update(UploadSession).where(UploadSession.id == session_id).values(state="failed")
            )
            self.dd.audit(db, "delivery_failed", session_id, reason=reason)

    def _retry(self, item_id: int, session_id: int, reason: str) -> None:
        with self.dd.db.begin() as db:
            item = db.get(OutboxItem, item_id)
            if item.attempts >= self.cfg.max_attempts:
                pass
            else:
                backoff = min(
                    self.cfg.retry_max_s, self.cfg.retry_base_s * 2 ** (item.attempts - 1)
                )
                item.next_attempt_at = time.time() + backoff * random.uniform(0.75, 1.0)
                item.locked_until = 0.0
                item.last_error = reason
                self.dd.audit(
                    db, "delivery_retry", session_id, attempt=item.attempts, reason=reason
                )
                return
        self._failed(
            item_id, session_id, f"gave up after {self.cfg.max_attempts} attempts: {reason}"
        )

    # -- retention -------------------------------------------------------------------------
    def _purge_loop(self) -> None:
        last_sweep = 0.0
        while not self._stop.wait(min(5.0, max(0.2, self.cfg.retention_s / 4))):
            try:
                # Crash leftovers are rare: look for them every 10 minutes, not every pass.
                sweep = time.monotonic() - last_sweep > 600
                purge(self.dd, sweep_leftovers=sweep)
                if sweep:
                    last_sweep = time.monotonic()
            except Exception:
                log.exception("purge error")


def purge(dd: Docdrop, now: float | None = None, sweep_leftovers: bool = True) -> int:
    """Delete files (and the applicant's details) of sessions past retention. Returns count."""
    now = time.time() if now is None else now
    cfg = dd.cfg
    with dd.db.begin() as db:
        due = db.scalars(
            select(UploadSession).where(
                UploadSession.purged_at.is_(None),
                (
                    (UploadSession.state.in_(("delivered", "failed")))
                    & (UploadSession.delivered_at.is_not(None) | (UploadSession.state == "failed"))
                    & (
                        (UploadSession.delivered_at < now - cfg.retention_s)
                        | (
                            (UploadSession.state == "failed")
                            & (UploadSession.submitted_at < now - cfg.retention_s)
                        )
                    )
                )
                | (
                    (UploadSession.state == "open")
                    & (UploadSession.expires_at < now - cfg.unsubmitted_grace_s)
                ),
            )
        ).all()
        for row in due:
            for f in db.scalars(select(StoredFile).where(StoredFile.session_id == row.id)).all():
                (dd.files_dir / f.id).unlink(missing_ok=True)
                f.purged = True
            row.purged_at = now
            row.applicant_enc = None
            dd.audit(db, "purged", row.id)
    if not sweep_leftovers:
        return len(due)
    # Files a crash left behind: half-written uploads, and files written but never recorded.
    stale_before = now - cfg.upload_total_timeout_s - 60
    for path in dd.files_dir.iterdir():
        try:
            if path.stat().st_mtime >= stale_before:
                continue
            if path.suffix != ".part":
                with dd.db() as db:
                    row = db.get(StoredFile, path.name) if len(path.name) == 32 else None
                    if row is not None and not row.removed and not row.purged:
                        continue
            path.unlink(missing_ok=True)
        except FileNotFoundError:
            pass
    return len(due)
