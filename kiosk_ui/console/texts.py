"""What the operator console says: the robot's state lines, pager and log lines, built from
ConsoleModel and the i18n strings (`t`, operator.*), without Qt."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk_ui.console.model import RobotView
from kiosk_ui.console.pager import Page

T = Callable[..., str]  # ctx.t: i18n key (+ values) -> text in the current language


def state_lines(r: RobotView, t: T, has: Callable[[str], bool]) -> dict[str, str]:
    """state, battery, task, detail, errors and (once known) pose; has(key): a string exists."""
    key = f"operator.state_{r.state_text}"
    state = t(key) if has(key) else (r.state_text or "-")
    lines = {"state": t("operator.state_line", state=state)}
    if r.battery_percent is None:
        lines["battery"] = t("operator.battery_unknown")
    else:
        text = t("operator.battery_line", percent=round(r.battery_percent))
        lines["battery"] = text + (f" · {t('operator.docked')}" if r.docked else "")
    if r.task_id:
        progress = round(r.task_progress * 100)
        lines["task"] = t(
            "operator.task_line", type=r.task_type, state=r.task_state, progress=progress
        )
    else:
        lines["task"] = t("operator.task_none")
    lines["detail"] = t("operator.detail_line", detail=r.task_detail or "-")
    lines["errors"] = (
        t("operator.errors_line", errors="; ".join(r.errors))
        if r.errors
        else t("operator.no_errors")
    )
    if r.pose is not None:
        lines["pose"] = t("operator.pose_line", x=r.pose[0], y=r.pose[1])
    return lines


def page_line(page: Page, t: T) -> str:
    text = t(
        "operator.page_line",
        time=page.created_text(),
        office=page.office_id,
        staff=page.staff_id or t("operator.page_duty_officer"),
        level=page.level,
        reason=page.reason,
    )
    if page.pending_answer is not None:
        text += " " + t("operator.page_answering")
    return text


def page_note(page: Page, t: T) -> str:
    """The log line for a page that arrived (or was answered elsewhere)."""
    if page.acked_by:
        return t("operator.log_page_answered", page_id=page.page_id, staff=page.acked_by)
    return t("operator.log_page", page_id=page.page_id, reason=page.reason)


def mission_note(update: Any, t: T) -> str | None:
    """The log line for a MissionUpdate; None for feedback (RobotStatus carries progress, the
    log keeps the milestones)."""
    if update.stage == "feedback":
        return None
    u = update
    err = f"({u.error_code} {u.error_msg})" if u.error_code or u.error_msg else ""
    return t("operator.log_mission", kind=u.kind, stage=u.stage, phase=u.phase, error=err)


def reply_note(key: str, what: str, ok: bool, message: str, t: T) -> str:
    """The log line for a service's answer; key: log_control (command) or log_ack (page id)."""
    result = t("operator.ok" if ok else "operator.failed")
    field = "command" if key == "log_control" else "page_id"
    return t(f"operator.{key}", **{field: what, "result": result, "message": message})
