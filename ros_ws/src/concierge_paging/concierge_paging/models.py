"""Paging tables (SQLAlchemy 2): pages and the audit log. Times are UNIX seconds (float).

One page is one official asked once: the robot's call (`call_id`) pages level 0, then level 1
after an escalation, and so on; (call_id, level) is unique, which makes a retried POST harmless.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Float, Integer, String, Text, UniqueConstraint
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from kiosk_ui.docdrop.models import make_engine

STATUSES = ("open", "accepted", "declined", "escalated", "canceled")


class Base(DeclarativeBase):
    pass


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("call_id", "level", name="uq_page_call_level"),)

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    call_id: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[int] = mapped_column(Integer)
    office_id: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[str] = mapped_column(String(64), index=True)
    reason: Mapped[str] = mapped_column(String(500), default="")
    robot: Mapped[str] = mapped_column(String(64), default="")
    lang: Mapped[str] = mapped_column(String(2), default="ko")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    answered_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    closed_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # escalated/canceled


class PageEvent(Base):
    """The audit log: every change, and every refused answer, with who and from where."""

    __tablename__ = "page_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ts: Mapped[float] = mapped_column(Float, index=True)
    page_id: Mapped[str | None] = mapped_column(String(24), nullable=True, index=True)
    event: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str | None] = mapped_column(String(64), nullable=True)
    client: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


def make_sessionmaker(url: str) -> sessionmaker:
    """Tables created if missing; a SQLite file's folder too (WAL, queued writers: docdrop's)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    return sessionmaker(engine, expire_on_commit=False)
