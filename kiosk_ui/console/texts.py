"""What the operator console says: robot rows, state lines, pager, alert and log lines, built from
the model and the i18n strings (operator.*), without Qt. Every value a robot reports as an id
(state, task type, task state, phase, place) is translated here; a robot's own English prose
(task_detail, error messages) is shown only in English."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk_ui.console.alerts import Alert
from kiosk_ui.console.fleet import ANY_ROBOT, MissionOrder, RobotView
from kiosk_ui.console.pager import Page

T = Callable[..., str]  # ctx.t: i18n key (+ values) -> text in the current language


@dataclass
class Words:
    """The console's vocabulary in one language: t and has from the context, label(id) for
    places, courses and offices from the site's content."""

    t: T
    has: Callable[[str], bool]
    lang: str = "ko"
    label: Callable[..., str | None] = lambda item_id, site=None: None  # (id, site) -> name

    def pick(self, prefix: str, value: str) -> str:
        """The translation of an id reported by a robot; never the raw English id."""
        if not value:
            return "-"
        key = f"operator.{prefix}_{value}"
        return self.t(key) if self.has(key) else self.t("operator.unknown_value")

    def target(self, item_id: str, site: str | None = None) -> str:
        """A place, course or office by its name (site: whose; "cafe" is at both sites)."""
        if not item_id:
            return "-"
        return self.label(item_id, site) or item_id

    def robot(self, name: str) -> str:
        if name == ANY_ROBOT:
            return self.t("operator.any_robot")
        return name or self.t("operator.robot_default")

    def prose(self, text: str) -> str:
        """A robot's own sentence (English): shown in English only."""
        return text if self.lang == "en" else ""


def state_lines(r: RobotView, w: Words, online: bool = True) -> dict[str, str]:
    """state, battery, task, detail, errors and (once known) pose of one robot."""
    t = w.t
    state = w.pick("state", r.state_text) if online else t("operator.state_offline")
    lines = {"state": t("operator.state_line", state=state)}
    if r.battery_percent is None:
        lines["battery"] = t("operator.battery_unknown")
    else:
        text = t("operator.battery_line", percent=round(r.battery_percent))
        lines["battery"] = text + (f" · {t('operator.docked')}" if r.docked else "")
    if r.task_id:
        lines["task"] = t(
            "operator.task_line",
            type=w.pick("task_type", r.task_type),
            state=w.pick("task_state", r.task_state),
            progress=round(r.task_progress * 100),
        )
    else:
        lines["task"] = t("operator.task_none")
    lines["detail"] = t("operator.detail_line", detail=detail(r, w))
    lines["errors"] = (
        t("operator.errors_line", errors=", ".join(_components(r.errors)))
        if r.errors
        else t("operator.no_errors")
    )
    if r.pose is not None:
        lines["pose"] = t("operator.pose_line", x=r.pose[0], y=r.pose[1])
    return lines


def _components(errors: list[str]) -> list[str]:
    return [e.split(":", 1)[0].strip() for e in errors]


def detail(r: RobotView, w: Words) -> str:
    """Where the task goes and what the robot does now, in the console's language."""
    if not r.task_id:
        return "-"
    parts = [w.target(r.task_target, r.site or None)] if r.task_target else []
    if r.task_state in ("underway", "paused") and r.task_phase:
        parts.append(w.pick("phase", r.task_phase))
    if r.distance_remaining_m > 0:
        parts.append(w.t("operator.metres_left", metres=r.distance_remaining_m))
    if not parts:
        return w.prose(r.task_detail) or "-"
    return " · ".join(parts)


def robot_row(name: str, r: RobotView, online: bool, w: Words) -> str:
    """One line of the fleet list: name, state, battery, mission."""
    t = w.t
    state = w.pick("state", r.state_text) if online else t("operator.state_offline")
    battery = "-" if r.battery_percent is None else f"{round(r.battery_percent)}%"
    mission = (
        t(
            "operator.row_mission",
            type=w.pick("task_type", r.task_type),
            target=w.target(r.task_target, r.site or None),
        )
        if r.task_open
        else t("operator.row_no_mission")
    )
    return t(
        "operator.robot_row", robot=w.robot(name), state=state, battery=battery, mission=mission
    )


def order_line(order: MissionOrder, w: Words) -> str:
    return w.t(
        "operator.order_line",
        order_id=order.order_id,
        type=w.pick("task_type", order.kind),
        target=w.target(order.target, order.site or None),
        robot=w.robot(order.robot),
    )


def alert_line(alert: Alert, w: Words) -> str:
    subject = alert.subject
    if alert.kind == "page_unanswered":
        subject = alert.subject
    text = w.t(
        "operator.alert_line",
        time=alert.time_text(),
        robot=w.robot(alert.robot) if alert.kind != "page_unanswered" else "-",
        what=w.pick("alert", alert.kind),
        subject=subject,
    )
    if not alert.active:
        text += " " + w.t("operator.alert_over")
    return text


def page_line(page: Page, w: Words) -> str:
    text = w.t(
        "operator.page_line",
        time=page.created_text(),
        office=w.target(page.office_id),
        staff=page.staff_id or w.t("operator.page_duty_officer"),
        level=page.level,
        reason=page.reason,
    )
    if page.pending_answer is not None:
        text += " " + w.t("operator.page_answering")
    return text


def page_note(page: Page, w: Words) -> str:
    """The log line for a page that arrived (or was answered elsewhere)."""
    if page.acked_by:
        return w.t("operator.log_page_answered", page_id=page.page_id, staff=page.acked_by)
    return w.t("operator.log_page", page_id=page.page_id, reason=page.reason)


def mission_note(update: Any, w: Words) -> str | None:
    """The log line for a MissionUpdate; None for feedback (RobotStatus carries progress, the
    log keeps the milestones)."""
    if update.stage == "feedback":
        return None
    u = update
    code = w.t("operator.error_code", code=u.error_code) if u.error_code else ""
    message = w.prose(u.error_msg)
    return w.t(
        "operator.log_mission",
        robot=w.robot(getattr(u, "robot", "")),
        kind=w.pick("task_type", u.kind),
        stage=w.pick("stage", u.stage),
        phase=w.pick("phase", u.phase) if u.phase else "",
        error=" ".join(x for x in (code, message) if x),
    ).strip()


def control_note(robot: str, command: str, ok: bool, message: str, w: Words) -> str:
    result = w.t("operator.ok" if ok else "operator.failed")
    return w.t(
        "operator.log_control",
        robot=w.robot(robot),
        command=w.pick("command", command),
        result=result,
        message=w.prose(message),
    ).strip()


def ack_note(page_id: str, ok: bool, message: str, w: Words) -> str:
    result = w.t("operator.ok" if ok else "operator.failed")
    return w.t(
        "operator.log_ack", page_id=page_id, result=result, message=w.prose(message)
    ).strip()


def sent_note(order: MissionOrder, w: Words) -> str:
    return w.t(
        "operator.log_sent",
        robot=w.robot(order.assigned_to or order.robot),
        kind=w.pick("task_type", order.kind),
        target=w.target(order.target, order.site or None),
    )
