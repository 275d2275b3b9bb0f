"""The docdrop HTTP API and the phone page (FastAPI). Rules live in service.py and upload.py."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import threading
import time
import uuid
from collections import defaultdict, deque
from pathlib import Path
from typing import Annotated

from concierge_content.agencies import load_agencies
from concierge_content.i18n import load_strings
from fastapi import APIRouter, Body, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from PIL import Image
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk_ui.docdrop.config import DocdropConfig
from kiosk_ui.docdrop.models import make_sessionmaker
from kiosk_ui.docdrop.page import render_phone_page
from kiosk_ui.docdrop.service import Docdrop, DocdropError
from kiosk_ui.docdrop.upload import UploadRejected, receive_file, reencode_image

log = logging.getLogger("docdrop")
STATIC = Path(__file__).parent / "static"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 -]{7,18}[0-9]$")


class NewSession(BaseModel):
    lang: str = Field(default="ko", pattern="^(ko|en)$")


class Submission(BaseModel):
    agency_id: str = Field(min_length=1, max_length=32)
    name: str = Field(min_length=1, max_length=60)
    phone: str = Field(min_length=9, max_length=20)
    note: str = Field(default="", max_length=500)


class RateLimiter:
    """At most `limit` events per client per minute (per process; sliding window)."""

    def __init__(self, limit: int):
        self.limit = limit
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, client: str) -> bool:
        """Count one event; False if the client is over the limit."""
        now = time.monotonic()
        with self._lock:
            events = self._events[client]
            while events and events[0] < now - 60:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def over(self, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            events = self._events[client]
            while events and events[0] < now - 60:
                events.popleft()
            return len(events) >= self.limit


def request_lang(request: Request) -> str:
    lang = request.query_params.get("lang")
    if lang in ("ko", "en"):
        return lang
    accept = request.headers.get("accept-language", "").strip().lower()
    return "en" if accept.startswith("en") else "ko"


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def create_app(cfg: DocdropConfig, start_worker: bool = True) -> FastAPI:
    """Build the app; the delivery worker runs inside it unless start_worker is False."""
    cfg.data_path.mkdir(parents=True, exist_ok=True, mode=0o700)
    agencies = {
        a.id: a for a in load_agencies(Path(cfg.agencies_file) if cfg.agencies_file else None)
    }
    dd = Docdrop(
        cfg=cfg,
        db=make_sessionmaker(cfg.database_url),
        agencies=agencies,
        key=cfg.encryption_key(),
    )
    strings = load_strings()
    Image.MAX_IMAGE_PIXELS = cfg.max_image_pixels
    session_limit = RateLimiter(cfg.sessions_per_minute_per_client)
    bad_token_limit = RateLimiter(cfg.bad_tokens_per_minute_per_client)
    # Decoding a photo takes ~3 bytes per pixel: bound how many run at once, so 50 phones
    # uploading together cost a few photos' worth of memory, not fifty.
    image_slots = asyncio.Semaphore(cfg.image_slots)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        worker = None
        if start_worker:
            from kiosk_ui.docdrop.delivery import DeliveryWorker

            worker = DeliveryWorker(dd)
            worker.start()
        yield
        if worker is not None:
            worker.stop()

    app = FastAPI(
        title="docdrop",
        summary="Send documents to a public agency from a phone, by a QR code shown at a kiosk",
        version="1.0",
        lifespan=lifespan,
        openapi_url=f"{cfg.prefix}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.docdrop = dd
    api = APIRouter(prefix=cfg.prefix)

    def error(request: Request, status: int, code: str, **fmt: object) -> JSONResponse:
        detail = strings.t(f"docdrop.{code}", request_lang(request), **fmt)
        return JSONResponse({"code": code, "detail": detail}, status_code=status)

    @app.exception_handler(DocdropError)
    async def _docdrop_error(request: Request, exc: DocdropError) -> JSONResponse:
        if exc.code == "err_not_found":  # a guessed or stale token
            bad_token_limit.hit(client_of(request))
        return error(request, exc.status, exc.code, **exc.fmt)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")}) or ["body"]
        return error(request, 400, "err_bad_form", fields=", ".join(fields))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error(request, 404, "err_not_found")
        return JSONResponse(
            {"code": "http", "detail": str(exc.detail)}, status_code=exc.status_code
        )

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error(request, 500, "err_server")

    def guard_token(request: Request, token: str) -> None:
        """Refuse malformed tokens and clients that keep guessing."""
        if bad_token_limit.over(client_of(request)):
            raise DocdropError(429, "err_rate_limited")
        if not TOKEN_RE.match(token):
            raise DocdropError(404, "err_not_found")

    @api.post("/api/sessions", status_code=201, tags=["kiosk"])
    def create_session(
        request: Request, body: Annotated[NewSession | None, Body()] = None
    ) -> dict:
        """The kiosk opens an upload session; the phone reaches it through upload_url (the QR)."""
        client = client_of(request)
        if not session_limit.hit(client):
            raise DocdropError(429, "err_rate_limited")
        token, row = dd.create_session((body or NewSession()).lang, client)
        return {
            "token": token,
            "upload_url": cfg.upload_url(token),
            "expires_at": row.expires_at,
            "expires_in_s": cfg.session_ttl_s,
        }

    @api.get("/api/agencies", tags=["phone"])
    def list_agencies() -> list[dict]:
        return [
            {
                "id": a.id,
                "name": a.name.model_dump(),
                "documents": [d.model_dump() for d in a.documents],
            }
            for a in agencies.values()
        ]

    @api.get("/api/sessions/{token}", tags=["phone", "kiosk"])
    def session_status(request: Request, token: str) -> dict:
        guard_token(request, token)
        return dd.status(token)

    @api.post(
        "/api/sessions/{token}/files",
        status_code=201,
        tags=["phone"],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "required": ["file"],
                            "properties": {"file": {"type": "string", "format": "binary"}},
                        }
                    }
                },
            }
        },
    )
    async def upload_file(request: Request, token: str) -> dict:
        """One photo or PDF, multipart field `file`; streamed to an encrypted file."""
        guard_token(request, token)
        client = client_of(request)
        await run_in_threadpool(dd.check_can_upload, token)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > cfg.max_file_bytes + 64 * 1024:
            await run_in_threadpool(dd.log_rejected, token, "err_too_large", client)
            raise DocdropError(413, "err_too_large", max_mb=cfg.max_file_bytes // (1024 * 1024))
        file_id = uuid.uuid4().hex
        tmp = dd.files_dir / f"{file_id}.part"
        try:
            received = await receive_file(
                request.stream(),
                request.headers.get("content-type", ""),
                tmp,
                dd.key,
                cfg.max_file_bytes,
                cfg.upload_idle_timeout_s,
                cfg.upload_total_timeout_s,
            )
            final = dd.files_dir / file_id
            if received.kind == "pdf":
                tmp.rename(final)
                kind, size, sha = "pdf", received.size_bytes, received.sha256
            else:
                async with image_slots:
                    kind, size, sha = await run_in_threadpool(
                        reencode_image, tmp, final, dd.key, received.kind, cfg.max_image_pixels
                    )
                tmp.unlink(missing_ok=True)
        except UploadRejected as exc:
            tmp.unlink(missing_ok=True)
            await run_in_threadpool(dd.log_rejected, token, exc.code, client)
            raise DocdropError(
                exc.status, exc.code, max_mb=cfg.max_file_bytes // (1024 * 1024), **exc.fmt
            ) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            (dd.files_dir / file_id).unlink(missing_ok=True)
            raise
        try:
            stored = await run_in_threadpool(
                dd.add_file, token, file_id, kind, size, sha, received.display_name, client
            )
        except BaseException:
            final.unlink(missing_ok=True)
            raise
        return {"id": stored.id, "name": stored.display_name, "kind": kind, "size_bytes": size}

    @api.delete("/api/sessions/{token}/files/{file_id}", tags=["phone"])
    def remove_file(request: Request, token: str, file_id: str) -> dict:
        guard_token(request, token)
        dd.remove_file(token, file_id, client_of(request))
        return {"removed": file_id}

    @api.post("/api/sessions/{token}/submit", tags=["phone"])
    def submit(request: Request, token: str, body: Submission) -> dict:
        """Send the uploaded files to the agency; the token cannot be used again after this."""
        guard_token(request, token)
        if not PHONE_RE.match(body.phone.strip()):
            raise DocdropError(400, "need_phone")
        if not body.name.strip():
            raise DocdropError(400, "need_name")
        receipt = dd.submit(
            token,
            body.agency_id,
            body.name.strip(),
            body.phone.strip(),
            body.note.strip(),
            client_of(request),
        )
        return {"receipt_no": receipt, "state": "submitted"}

    @api.get("/u/{token}", response_class=HTMLResponse, tags=["phone"], include_in_schema=False)
    def phone_page(request: Request, token: str) -> Response:
        lang = request_lang(request)
        if bad_token_limit.over(client_of(request)):
            return render_phone_page(cfg, strings, lang, token, problem="link_invalid", status=429)
        if not TOKEN_RE.match(token):
            bad_token_limit.hit(client_of(request))
            return render_phone_page(cfg, strings, lang, token, problem="link_invalid", status=404)
        try:
            info = dd.status(token)
        except DocdropError:
            bad_token_limit.hit(client_of(request))
            return render_phone_page(cfg, strings, lang, token, problem="link_invalid", status=404)
        if info["state"] == "expired":
            return render_phone_page(cfg, strings, lang, token, problem="link_expired", status=410)
        dd.log_page_opened(token, client_of(request))
        return render_phone_page(cfg, strings, lang, token)

    @api.get("/healthz", tags=["ops"])
    def healthz() -> dict:
        return {"ok": True}

    app.include_router(api)
    app.mount(f"{cfg.prefix}/static", StaticFiles(directory=STATIC), name="static")

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        # The token is in the URL: never leak it through Referer or caches.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app
