"""Paging rules without HTTP: create a page once, answer it once, close it; audit every change.

Who is paged next and when is the robot's decision (its clock may run faster than ours): this
service only refuses what would contradict an answer already given.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from concierge_paging.models import Page, PageEvent


class PagingError(Exception):
    """A request that cannot be served; `code` is an i18n key, `status` the HTTP status; `page`
    is the page as it stands, when the refusal is about its state (409)."""

    def __init__(self, status: int, code: str, page: dict | None = None, **fmt: object):
        super().__init__(code)
        self.status, self.code, self.page, self.fmt = status, code, page, fmt


@dataclass(frozen=True)
class NewPage:
    call_id: str
    office_id: str
    staff_id: str
    level: int
    reason: str = ""
    robot: str = ""
    lang: str = "ko"


@dataclass
class Directory:
    """Who may be paged and the names to show: staff id -> {ko, en}, office id -> {ko, en}."""

    staff: dict[str, dict[str, str]]  # veteran officials first (the /staff picker's order)
    offices: dict[str, dict[str, str]]
    departments: dict[str, dict[str, str]] = field(default_factory=dict)  # by staff id
    veterans: set[str] = field(default_factory=set)


@dataclass
class PagingService:
    """One per process, shared by the HTTP handlers (thread-safe through the database)."""

    db: sessionmaker
    directory: Directory
    clock: Callable[[], float] = time.time

    # -- reading ---------------------------------------------------------------------------
    def get(self, page_id: str) -> dict:
        with self.db() as db:
            return self.page_json(self._find(db, page_id))

    def list(
        self,
        staff_id: str | None = None,
        status: str | None = None,
        call_id: str | None = None,
        limit: int = 100,
    ) -> list[dict]:
        query = select(Page).order_by(Page.created_at.desc(), Page.level.desc()).limit(limit)
        if staff_id is not None:
            query = query.where(Page.staff_id == staff_id)
        if status is not None:
            query = query.where(Page.status == status)
        if call_id is not None:
            query = query.where(Page.call_id == call_id)
        with self.db() as db:
            return [self.page_json(p) for p in db.scalars(query)]

    def inbox(self, staff_id: str, recent_s: float) -> list[dict]:
        """A staff member's open pages, then what was answered or closed in the last recent_s."""
        since = self.clock() - recent_s
        query = (
            select(Page)
            .where(Page.staff_id == staff_id)
            .where((Page.status == "open") | (Page.updated_at >= since))
            .order_by((Page.status != "open"), Page.created_at.desc())
            .limit(50)
        )
        with self.db() as db:
            return [self.page_json(p) for p in db.scalars(query)]

    def events(self, page_id: str) -> list[dict]:
        with self.db() as db:
            self._find(db, page_id)
            rows = db.scalars(
                select(PageEvent).where(PageEvent.page_id == page_id).order_by(PageEvent.id)
            )
            return [
                {
                    "ts": e.ts,
                    "event": e.event,
                    "actor": e.actor,
                    "client": e.client,
                    "detail": json.loads(e.detail) if e.detail else None,
                }
                for e in rows
            ]

    def counts(self) -> dict[str, int]:
        with self.db() as db:
            rows = db.execute(select(Page.status, func.count()).group_by(Page.status)).all()
        return {status: n for status, n in rows}

    # -- changes ---------------------------------------------------------------------------
    def create(self, new: NewPage, client: str | None) -> tuple[dict, bool]:
        """Page one official. (page, True) when created; (the same page, False) on a retry."""
        if new.staff_id not in self.directory.staff:
            raise PagingError(400, "err_unknown_staff", staff=new.staff_id)
        if new.office_id not in self.directory.offices:
            raise PagingError(400, "err_unknown_office", office=new.office_id)
        try:
            with self.db.begin() as db:
                existing = self._existing(db, new)
                if existing is not None:
                    return existing, False
                answered = db.scalar(
                    select(Page).where(
                        Page.call_id == new.call_id, Page.status.in_(("accepted", "canceled"))
                    )
                )
                if answered is not None:
                    accepted = answered.status == "accepted"
                    code = "err_call_answered" if accepted else "err_call_over"
                    raise PagingError(409, code, self.page_json(answered))
                now = self.clock()
                # A call has one open page: paging the next official closes the one before,
                # also when the robot's own escalate request was lost on the way.
                older = db.scalars(
                    select(Page).where(
                        Page.call_id == new.call_id, Page.status == "open", Page.level < new.level
                    )
                ).all()
                for old in older:
                    self._close(db, old, "escalated", now)
                    self.audit(db, old.id, "escalated", "robot", client, by_level=new.level)
                page = Page(
                    id="pg_" + secrets.token_hex(8),
                    call_id=new.call_id,
                    level=new.level,
                    office_id=new.office_id,
                    staff_id=new.staff_id,
                    reason=new.reason,
                    robot=new.robot,
                    lang=new.lang,
                    status="open",
                    created_at=now,
                    updated_at=now,
                )
                db.add(page)
                db.flush()
                self.audit(
                    db, page.id, "created", new.robot or "robot", client, staff=new.staff_id
                )
                return self.page_json(page), True
        except IntegrityError:
            # Two copies of one request raced (PostgreSQL: both passed the check above).
            with self.db() as db:
                existing = self._existing(db, new)
            if existing is None:
                raise
            return existing, False

    def ack(self, page_id: str, staff_id: str, accept: bool, client: str | None) -> dict:
        """The paged official accepts or declines; a repeat of the same answer is harmless."""
        answer = "accepted" if accept else "declined"
        try:
            with self.db.begin() as db:
                page = self._find(db, page_id)
                if page.staff_id != staff_id:
                    raise PagingError(403, "err_not_paged", staff=staff_id)
                if page.status == answer and page.answered_by == staff_id:
                    return self.page_json(page)  # a double tap or a retried request
                self._require_open(page)
                now = self.clock()
                moved = db.execute(
                    update(Page)
                    .where(Page.id == page.id, Page.status == "open")
                    .values(status=answer, answered_by=staff_id, answered_at=now, updated_at=now)
                ).rowcount
                if moved != 1:  # answered in another request between our read and write
                    db.refresh(page)
                    self._require_open(page)
                self.audit(db, page.id, answer, staff_id, client)
                db.refresh(page)
                return self.page_json(page)
        except PagingError as exc:
            if exc.status in (403, 409):
                with self.db.begin() as db:
                    self.audit(db, page_id, "ack_refused", staff_id, client, code=exc.code)
            raise

    def escalate(self, page_id: str, client: str | None) -> dict:
        """The robot moves on to the next official; refused (409) if this one already answered."""
        return self._robot_close(page_id, "escalated", ("open",), client)

    def cancel(self, page_id: str, client: str | None) -> dict:
        """The visitor left or the robot gave up: the page (even an accepted one) is withdrawn."""
        return self._robot_close(page_id, "canceled", ("open", "accepted"), client)

    def _robot_close(
        self, page_id: str, status: str, allowed: tuple[str, ...], client: str | None
    ) -> dict:
        with self.db.begin() as db:
            page = self._find(db, page_id)
            if page.status == status:
                return self.page_json(page)  # a retried request
            if page.status not in allowed:
                self._require_open(page)
            now = self.clock()
            moved = db.execute(
                update(Page)
                .where(Page.id == page.id, Page.status.in_(allowed))
                .values(status=status, closed_at=now, updated_at=now)
            ).rowcount
            db.refresh(page)
            if moved != 1:
                self._require_open(page)
            self.audit(db, page.id, status, page.robot or "robot", client)
            return self.page_json(page)

    # -- helpers ---------------------------------------------------------------------------
    def _find(self, db: Session, page_id: str) -> Page:
        page = db.get(Page, page_id) if len(page_id) <= 24 else None
        if page is None:
            raise PagingError(404, "err_no_page")
        return page

    def _existing(self, db: Session, new: NewPage) -> dict | None:
        page = db.scalar(select(Page).where(Page.call_id == new.call_id, Page.level == new.level))
        if page is None:
            return None
        if (page.staff_id, page.office_id) != (new.staff_id, new.office_id):
            raise PagingError(409, "err_call_level_taken", self.page_json(page))
        return self.page_json(page)

    def _require_open(self, page: Page) -> None:
        codes = {
            "accepted": "err_already_answered",
            "declined": "err_already_answered",
            "escalated": "err_moved_on",
            "canceled": "err_canceled",
        }
        if page.status != "open":
            raise PagingError(409, codes[page.status], self.page_json(page))

    @staticmethod
    def _close(db: Session, page: Page, status: str, now: float) -> None:
        page.status, page.closed_at, page.updated_at = status, now, now

    def audit(
        self,
        db: Session,
        page_id: str | None,
        event: str,
        actor: str | None,
        client: str | None,
        **detail: object,
    ) -> None:
        db.add(
            PageEvent(
                ts=self.clock(),
                page_id=page_id,
                event=event,
                actor=actor,
                client=client,
                detail=json.dumps(detail, ensure_ascii=False) if detail else None,
            )
        )

    def page_json(self, page: Page) -> dict:
        return {
            "page_id": page.id,
            "call_id": page.call_id,
            "level": page.level,
            "office_id": page.office_id,
            "office_name": self.directory.offices.get(page.office_id, {}),
            "staff_id": page.staff_id,
            "staff_name": self.directory.staff.get(page.staff_id, {}),
            "reason": page.reason,
            "robot": page.robot,
            "lang": page.lang,
            "status": page.status,
            "created": page.created_at,
            "updated": page.updated_at,
            "answered_by": page.answered_by,
            "answered_at": page.answered_at,
            "closed_at": page.closed_at,
        }
