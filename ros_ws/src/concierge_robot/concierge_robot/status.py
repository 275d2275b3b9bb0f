"""robot/status from the runner's state: one RobotStatus (shaped like Open-RMF's RobotState) that
says everything an operator console needs."""

from __future__ import annotations

from concierge_interfaces.msg import RobotStatus

from concierge_robot.config import MissionConfig
from concierge_robot.runner import MissionRunner

# How a mission ended -> RobotStatus.task_state
TASK_STATE = {
    "succeeded": "completed",
    "failed": "failed",
    "gave_up": "failed",
    "canceled": "canceled",
    "preempted": "canceled",
    "stopped": "stopped",
}


def robot_status(
    runner: MissionRunner, cfg: MissionConfig, errors: list[tuple[str, str]]
) -> RobotStatus:
    """The status now (call with runner.lock held)."""
    ctx = runner.ctx
    s = RobotStatus()
    s.robot_name, s.site, s.map_name = cfg.robot_name, cfg.site, cfg.site
    s.battery_percent = float(ctx.battery_pct)
    s.docked = ctx.docked
    s.x, s.y, s.yaw = (float(v) for v in ctx.pose)
    s.errors = [f"{k}: {v}" for k, v in errors]
    m, last = runner.mission, runner.last
    if runner.estop:
        s.state, s.state_text = RobotStatus.STATE_EMERGENCY_STOP, "emergency_stop"
    elif m is not None and ctx.paused:
        s.state, s.state_text = RobotStatus.STATE_PAUSED, "paused"
    elif m is not None:
        s.state, s.state_text = RobotStatus.STATE_WORKING, "working"
    elif ctx.docked:
        s.state, s.state_text = RobotStatus.STATE_CHARGING, "charging"
    else:
        s.state, s.state_text = RobotStatus.STATE_IDLE, "idle"
    if m is not None:
        s.task_id, s.task_type = m.id, m.kind
        s.task_state = "paused" if ctx.paused else "underway"
        s.task_target, s.task_phase = m.plan.target, ctx.phase
        s.distance_remaining_m = float(ctx.distance_remaining_m)
        s.task_detail = f"{m.plan.detail}: {ctx.phase}"
        if ctx.distance_remaining_m > 0:
            s.task_detail += f", {ctx.distance_remaining_m:.1f} m left"
        s.task_progress = float(ctx.progress)
    elif last is not None:
        s.task_id, s.task_type = last.id, last.kind
        s.task_state = TASK_STATE.get(last.outcome, last.outcome)
        s.task_target = last.plan.target
        s.task_detail = last.message
    return s
