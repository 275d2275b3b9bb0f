"""docdrop rules without HTTP: sessions, tokens, files, submission and the audit log."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from concierge_content.agencies import Agency
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk_ui.docdrop.config import DocdropConfig
from kiosk_ui.docdrop.models import AuditEvent, OutboxItem, StoredFile, UploadSession

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter


class DocdropError(Exception):
    """A request that cannot be served; `code` is an i18n key, `status` the HTTP status."""

    def __init__(self, status: int, code: str, **fmt: object):
        super().__init__(code)
        self.status = status
        self.code = code
        self.fmt = fmt


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def public_state(row: UploadSession, now: float | None = None) -> str:
    now = time.time() if now is None else now
    if row.state == "open" and now >= row.expires_at:
        return "expired"
    return row.state


def seal(key: bytes, data: dict) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(key).encrypt(nonce, json.dumps(data).encode(), b"applicant")


def unseal(key: bytes, blob: bytes) -> dict:
    return json.loads(AESGCM(key).decrypt(blob[:12], blob[12:], b"applicant"))


@dataclass
class Docdrop:
    """The service: one per process, shared by HTTP handlers (thread-safe through the DB)."""

    cfg: DocdropConfig
    db: sessionmaker
    agencies: dict[str, Agency]
    key: bytes

    @property
    def files_dir(self) -> Path:
        path = self.cfg.data_path / "files"
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        return path

    def audit(
        self,
        db: Session,
        event: str,
        session_id: int | None = None,
        file_id: str | None = None,
        client: str | None = None,
        **detail: object,
    ) -> None:
        db.add(
            AuditEvent(
                ts=time.time(),
                event=event,
                session_id=session_id,
                file_id=file_id,
                client=client,
                detail=json.dumps(detail, ensure_ascii=False) if detail else None,
            )
        )

    # -- sessions --------------------------------------------------------------------------
    def create_session(self, lang: str, client: str | None) -> tuple[str, UploadSession]:
        token = new_token()
        now = time.time()
        with self.db.begin() as db:
            row = UploadSession(
                token_hash=hash_token(token),
                created_at=now,
                expires_at=now + self.cfg.session_ttl_s,
                state="open",
                lang=lang,
            )
            db.add(row)
            db.flush()
            self.audit(db, "session_created", row.id, client=client)
        return token, row

    def find(self, db: Session, token: str) -> UploadSession:
        row = db.scalar(select(UploadSession).where(UploadSession.token_hash == hash_token(token)))
        if row is None:
            raise DocdropError(404, "err_not_found")
        return row

    def require_open(self, row: UploadSession) -> None:
        state = public_state(row)
        if state == "expired":
            raise DocdropError(410, "err_expired")
        if state != "open":
            raise DocdropError(409, "err_already_sent")

    def check_can_upload(self, token: str) -> None:
        """Cheap checks before reading an upload body."""
        with self.db() as db:
            row = self.find(db, token)
            self.require_open(row)
            if row.file_count >= self.cfg.max_files:
                raise DocdropError(409, "err_too_many_files", max=self.cfg.max_files)

    def status(self, token: str) -> dict:
        with self.db() as db:
            row = self.find(db, token)
            files = db.scalars(
                select(StoredFile)
                .where(StoredFile.session_id == row.id, StoredFile.removed.is_(False))
                .order_by(StoredFile.created_at)
            ).all()
            now = time.time()
            return {
                "state": public_state(row, now),
                "expires_at": row.expires_at,
                "expires_in_s": max(0.0, round(row.expires_at - now, 1)),
                "max_files": self.cfg.max_files,
                "max_file_bytes": self.cfg.max_file_bytes,
                "file_count": len(files),
                "files": [] if row.purged_at else [file_json(f) for f in files],
                "receipt_no": row.receipt_no,
                "agency_id": row.agency_id,
            }

    # -- files -----------------------------------------------------------------------------
    def add_file(
        self,
        token: str,
        file_id: str,
        kind: str,
        size_bytes: int,
        sha256: str,
        display_name: str,
        client: str | None,
    ) -> StoredFile:
        """Record a stored file; the count limit is enforced atomically (parallel uploads)."""
        with self.db.begin() as db:
            row = self.find(db, token)
            self.require_open(row)
            counted = db.execute(
                update(UploadSession)
                .where(
                    UploadSession.id == row.id,
                    UploadSession.state == "open",
                    UploadSession.file_count < self.cfg.max_files,
                )
                .values(file_count=UploadSession.file_count + 1)
            ).rowcount
            if counted != 1:
                raise DocdropError(409, "err_too_many_files", max=self.cfg.max_files)
            stored = StoredFile(
                id=file_id,
                session_id=row.id,
                kind=kind,
                size_bytes=size_bytes,
                sha256=sha256,
                display_name=display_name,
                created_at=time.time(),
            )
            db.add(stored)
            self.audit(db, "file_added", row.id, file_id, client, kind=kind, size=size_bytes)
        return stored

    def remove_file(self, token: str, file_id: str, client: str | None) -> None:
        with self.db.begin() as db:
            row = self.find(db, token)
            self.require_open(row)
            stored = db.get(StoredFile, file_id) if len(file_id) <= 32 else None
            if stored is None or stored.session_id != row.id or stored.removed:
                raise DocdropError(404, "err_file_not_found")
            stored.removed = True
            db.execute(
                update(UploadSession)
                .where(UploadSession.id == row.id)
                .values(file_count=UploadSession.file_count - 1)
            )
            self.audit(db, "file_removed", row.id, file_id, client)
        (self.files_dir / file_id).unlink(missing_ok=True)

    def log_page_opened(self, token: str, client: str | None) -> None:
        with self.db.begin() as db:
            row = self.find(db, token)
            self.audit(db, "page_opened", row.id, client=client)

    def log_rejected(self, token: str, code: str, client: str | None) -> None:
        with self.db.begin() as db:
            row = db.scalar(
                select(UploadSession).where(UploadSession.token_hash == hash_token(token))
            )
            self.audit(db, "upload_rejected", row.id if row else None, client=client, code=code)

    # -- submission ------------------------------------------------------------------------
    def submit(
        self, token: str, agency_id: str, name: str, phone: str, note: str, client: str | None
    ) -> str:
        agency = self.agencies.get(agency_id)
        if agency is None:
            raise DocdropError(400, "err_unknown_agency")
        for _ in range(5):
            receipt = self._receipt_no(agency)
            try:
                with self.db.begin() as db:
                    row = self.find(db, token)
                    self.require_open(row)
                    if row.file_count < 1:
                        raise DocdropError(400, "need_files")
                    now = time.time()
                    # Single use: only one submit can move the session out of "open".
                    moved = db.execute(
                        update(UploadSession)
                        .where(UploadSession.id == row.id, UploadSession.state == "open")
                        .values(
                            state="submitted",
                            receipt_no=receipt,
                            agency_id=agency.id,
                            submitted_at=now,
                            applicant_enc=seal(
                                self.key, {"name": name, "phone": phone, "note": note}
                            ),
                        )
                    ).rowcount
                    if moved != 1:
                        raise DocdropError(409, "err_already_sent")
                    db.add(
                        OutboxItem(
                            session_id=row.id,
                            idempotency_key=uuid.uuid4().hex,
                            agency_id=agency.id,
                            next_attempt_at=now,
                        )
                    )
                    self.audit(db, "submitted", row.id, client=client, agency=agency.id)
                return receipt
            except IntegrityError:  # receipt number collision: draw another
                continue
        raise DocdropError(500, "err_server")

    @staticmethod
    def _receipt_no(agency: Agency) -> str:
        day = time.strftime("%Y%m%d", time.localtime())
        tail = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(6))
        return f"{agency.receipt_prefix}-{day}-{tail}"


def file_json(f: StoredFile) -> dict:
    return {"id": f.id, "name": f.display_name, "kind": f.kind, "size_bytes": f.size_bytes}
