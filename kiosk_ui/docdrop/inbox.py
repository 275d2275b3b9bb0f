"""The embedded agency inbox: stands in for an agency's API on 127.0.0.1 and stores what it
gets, once per idempotency key (a replay gets the first answer back, as a real API would)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import time
import uuid
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
AGENCY_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def create_inbox_app(root: Path, delay_first_s: float = 0.0) -> FastAPI:
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp_root = root / ".incoming"
    tmp_root.mkdir(exist_ok=True)
    app = FastAPI(title="agency inbox (embedded)", docs_url=None, redoc_url=None)

    def log_attempt(agency: str, key: str, outcome: str) -> None:
        with open(root / "attempts.log", "a", encoding="utf-8") as out:
            out.write(
                json.dumps({"ts": time.time(), "agency": agency, "key": key, "outcome": outcome})
                + "\n"
            )

    @app.post("/agencies/{agency}/submissions")
    async def receive(agency: str, request: Request) -> JSONResponse:
        key = request.headers.get("idempotency-key", "")
        if not AGENCY_RE.match(agency):
            return JSONResponse({"detail": "unknown agency"}, status_code=404)
        if not KEY_RE.match(key):
            return JSONResponse({"detail": "Idempotency-Key header required"}, status_code=400)
        final = root / agency / key
        if (final / "receipt.json").exists():
            log_attempt(agency, key, "replay")
            receipt = json.loads((final / "receipt.json").read_text())
            return JSONResponse({**receipt, "duplicate": True}, status_code=200)
        form = await request.form(max_files=50, max_fields=20, max_part_size=1024 * 1024)
        try:
            metadata = json.loads(str(form.get("metadata") or "{}"))
        except json.JSONDecodeError:
            return JSONResponse({"detail": "metadata is not JSON"}, status_code=400)
        uploads = form.getlist("files")
        if not uploads:
            return JSONResponse({"detail": "no files"}, status_code=400)
        staging = tmp_root / uuid.uuid4().hex
        staging.mkdir()
        for i, upload in enumerate(uploads):
            suffix = Path(getattr(upload, "filename", "") or "").suffix.lower()[:5]
            suffix = suffix if re.match(r"^\.[a-z]+$", suffix) else ""
            with open(staging / f"{i + 1:02d}{suffix}", "wb") as out:
                await asyncio.to_thread(shutil.copyfileobj, upload.file, out)
        await form.close()
        receipt = {"receipt": f"AG-{secrets.token_hex(5).upper()}", "received_at": time.time()}
        (staging / "metadata.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=1))
        (staging / "receipt.json").write_text(json.dumps(receipt))
        (root / agency).mkdir(exist_ok=True)
        try:
            os.rename(staging, final)  # atomic: the first complete copy wins
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            log_attempt(agency, key, "replay")
            receipt = json.loads((final / "receipt.json").read_text())
            return JSONResponse({**receipt, "duplicate": True}, status_code=200)
        log_attempt(agency, key, "stored")
        if delay_first_s > 0:  # a slow agency: stored, but the answer comes late
            await asyncio.sleep(delay_first_s)
        return JSONResponse({**receipt, "duplicate": False}, status_code=201)

    @app.get("/agencies/{agency}/submissions")
    def list_submissions(agency: str) -> list[dict]:
        if not AGENCY_RE.match(agency) or not (root / agency).is_dir():
            return []
        out = []
        for folder in sorted((root / agency).iterdir()):
            if not (folder / "receipt.json").exists():
                continue
            out.append(
                {
                    "idempotency_key": folder.name,
                    **json.loads((folder / "receipt.json").read_text()),
                    "metadata": json.loads((folder / "metadata.json").read_text()),
                    "files": sorted(p.name for p in folder.iterdir() if p.name[:2].isdigit()),
                }
            )
        return out

    @app.get("/attempts")
    def attempts() -> list[dict]:
        path = root / "attempts.log"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    @app.get("/healthz")
    def healthz() -> dict:
        return {"ok": True}

    return app
