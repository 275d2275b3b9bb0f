"""The paging HTTP API and the staff web page (FastAPI). Rules live in service.py."""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path
from typing import Literal

from concierge_content.i18n import load_strings
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from concierge_paging.body_limit import BodyLimit
from concierge_paging.config import PagingConfig
from concierge_paging.directory import load_directory
from concierge_paging.models import STATUSES, make_sessionmaker
from concierge_paging.service import NewPage, PagingError, PagingService
from concierge_paging.staff_page import render_staff_page

log = logging.getLogger("paging")
STATIC = Path(__file__).parent / "static"
# The city's phone pages share one look: docdrop's phone style is the staff page's base layer.
BASE_CSS = Path(str(files("kiosk_ui.docdrop"))) / "static" / "phone.css"
ID = r"^[A-Za-z0-9_.:-]+$"


class PageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    call_id: str = Field(min_length=1, max_length=64, pattern=ID)
    office_id: str = Field(min_length=1, max_length=64, pattern=ID)
    staff_id: str = Field(min_length=1, max_length=64, pattern=ID)
    reason: str = Field(default="", max_length=500)
    level: int = Field(default=0, ge=0, le=50)
    robot: str = Field(default="", max_length=64)
    lang: Literal["ko", "en"] = "ko"


class AckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    staff_id: str = Field(min_length=1, max_length=64, pattern=ID)
    accept: bool


def request_lang(request: Request) -> str:
    """?lang=, else the browser's first language, else Korean."""
    lang = request.query_params.get("lang")
    if lang not in ("ko", "en"):
        first = request.headers.get("accept-language", "").strip().lower()
        lang = "en" if first.startswith("en") else "ko"
    return lang


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def create_app(cfg: PagingConfig) -> FastAPI:
    directory = load_directory(cfg.site)
    paging = PagingService(make_sessionmaker(cfg.database_url), directory)
    strings = load_strings()
    app = FastAPI(
        title="staff paging",
        summary="Pages from the concierge robot to city-hall staff, and their answers",
        version="1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.paging = paging
    api = APIRouter(prefix="/api")

    def error(request: Request, status: int, code: str, page=None, **fmt) -> JSONResponse:
        body = {"code": code, "detail": strings.t(f"paging.{code}", request_lang(request), **fmt)}
        if page is not None:
            body["page"] = page
        return JSONResponse(body, status_code=status)

    @app.exception_handler(PagingError)
    async def _paging_error(request: Request, exc: PagingError) -> JSONResponse:
        return error(request, exc.status, exc.code, exc.page, **exc.fmt)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return error(request, 400, "err_bad_json")
        fields = sorted({str(e["loc"][-1]) for e in errors if e.get("loc")}) or ["body"]
        return error(request, 400, "err_bad_field", fields=", ".join(fields))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error(request, 404, "err_not_found")
        if exc.status_code == 405:
            return error(request, 405, "err_method")
        return JSONResponse({"code": "http", "detail": str(exc.detail)}, exc.status_code)

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error on %s: %s", request.url.path, exc)
        return error(request, 503, "err_db")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return error(request, 500, "err_server")

    # -- the robot's side ------------------------------------------------------------------
    @api.post("/pages", status_code=201, tags=["robot"])
    def create_page(request: Request, body: PageIn, response: Response) -> dict:
        """Page one official. Repeating the same (call_id, level) returns the same page (200)."""
        page, created = paging.create(NewPage(**body.model_dump()), client_of(request))
        if not created:
            response.status_code = 200
        return page

    @api.post("/pages/{page_id}/escalate", tags=["robot"])
    def escalate(request: Request, page_id: str) -> dict:
        """The robot moves on to the next official (409 with the page if this one answered)."""
        return paging.escalate(page_id, client_of(request))

    @api.post("/pages/{page_id}/cancel", tags=["robot"])
    def cancel(request: Request, page_id: str) -> dict:
        """The visitor left or the robot gave up."""
        return paging.cancel(page_id, client_of(request))

    # -- both ------------------------------------------------------------------------------
    @api.get("/pages/{page_id}", tags=["robot", "staff"])
    def get_page(page_id: str) -> dict:
        return paging.get(page_id)

    @api.get("/pages", tags=["robot", "staff"])
    def list_pages(
        staff_id: str | None = Query(None, max_length=64),
        status: Literal[STATUSES] | None = None,  # type: ignore[valid-type]
        call_id: str | None = Query(None, max_length=64),
        limit: int = Query(100, ge=1, le=500),
    ) -> list[dict]:
        """Newest first; `?staff_id=…&status=open` is a staff member's inbox."""
        if staff_id is not None and staff_id not in directory.staff:
            raise PagingError(400, "err_unknown_staff", staff=staff_id)
        return paging.list(staff_id, status, call_id, limit)

    @api.get("/pages/{page_id}/events", tags=["ops"])
    def page_events(page_id: str) -> list[dict]:
        """The audit log of one page."""
        return paging.events(page_id)

    # -- the staff's side ------------------------------------------------------------------
    @api.post("/pages/{page_id}/ack", tags=["staff"])
    def ack(request: Request, page_id: str, body: AckIn) -> dict:
        """The paged official accepts (on the way) or declines (the robot asks the next one)."""
        return paging.ack(page_id, body.staff_id, body.accept, client_of(request))

    @api.get("/staff", tags=["staff"])
    def staff_list() -> list[dict]:
        return [{"id": sid, "name": name} for sid, name in directory.staff.items()]

    @api.get("/staff/{staff_id}/inbox", tags=["staff"])
    def staff_inbox(staff_id: str) -> list[dict]:
        """Open pages first, then those answered or closed in the last `recent_s`."""
        if staff_id not in directory.staff:
            raise PagingError(404, "err_unknown_staff", staff=staff_id)
        return paging.inbox(staff_id, cfg.recent_s)

    @api.get("/health", tags=["ops"])
    def health() -> JSONResponse:
        try:
            with paging.db() as db:
                db.execute(text("SELECT 1"))
        except OperationalError:
            return JSONResponse({"ok": False, "db": "unavailable"}, status_code=503)
        return JSONResponse({"ok": True, "db": "ok", "site": cfg.site, "pages": paging.counts()})

    @app.get("/", include_in_schema=False)
    @app.get("/staff", response_class=HTMLResponse, include_in_schema=False)
    def staff_picker(request: Request) -> Response:
        return render_staff_page(request, cfg, strings, directory, request_lang(request), None)

    @app.get("/staff/{staff_id}", response_class=HTMLResponse, include_in_schema=False)
    def staff_inbox_page(request: Request, staff_id: str) -> Response:
        return render_staff_page(request, cfg, strings, directory, request_lang(request), staff_id)

    @app.get("/static/base.css", include_in_schema=False)
    def base_css() -> FileResponse:
        return FileResponse(BASE_CSS, media_type="text/css")

    app.include_router(api)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodyLimit, max_bytes=cfg.max_body_bytes, strings=strings)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app
