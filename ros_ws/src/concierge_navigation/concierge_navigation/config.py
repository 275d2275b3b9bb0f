"""Navigator parameters: one dataclass per Nav2 server, read from launch/params/navigation.yaml.

The yaml nests sections under `navigator.ros__parameters`; the node declares the same names
flattened with dots (`controller.desired_linear_vel`), as ROS 2 does for nested params.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass
class CostmapConfig:
    robot_radius: float = 0.3  # m, circular footprint (the sim robot's)
    inflation_radius: float = 0.8  # m, where inflation cost reaches 0
    cost_scaling_factor: float = 3.0  # 1/m, exponential decay of inflation cost
    obstacle_max_range: float = 4.0  # m, scan points farther than this do not mark
    raytrace_max_range: float = 6.0  # m, marks closer than this are cleared by rays through them
    keepout_filter: bool = True
    speed_filter: bool = True
    # Nav2 speed filter: limit = base + multiplier * mask value; type 1 = percent of max speed,
    # type 2 = m/s (the sim's masks: raw cm/s, multiplier 0.01). Mask value 0 = no limit.
    speed_filter_type: int = 2
    speed_limit_base: float = 0.0
    speed_limit_multiplier: float = 0.01


@dataclass
class PlannerConfig:
    downsample_factor: int = 0  # 0: choose so the planning grid has <= max_planning_cells
    max_planning_cells: int = 800_000
    cost_penalty: float = 3.0  # weight of inflation cost in the A* step cost
    allow_unknown: bool = False
    replan_period_s: float = 5.0  # periodic replan; blocked paths replan at once
    smoother_max_cost: int = 110  # shortcuts may not cross cells costlier than this
    obstacle_range: float = 8.0  # m: laser marks and people farther away are not planned around


@dataclass
class ControllerConfig:
    controller_frequency: float = 10.0
    desired_linear_vel: float = 1.0
    max_angular_vel: float = 1.8
    lookahead_dist: float = 0.6
    min_lookahead_dist: float = 0.35
    max_lookahead_dist: float = 1.2
    lookahead_time: float = 1.2
    use_rotate_to_heading: bool = True
    rotate_to_heading_angular_vel: float = 1.8
    rotate_to_heading_min_angle: float = 0.9
    regulated_linear_scaling_min_radius: float = 0.9
    regulated_linear_scaling_min_speed: float = 0.25
    approach_velocity_scaling_dist: float = 0.6
    min_approach_linear_velocity: float = 0.08
    max_allowed_time_to_collision_up_to_carrot: float = 1.2
    collision_margin: float = 0.04  # m kept between footprint and any scan point
    xy_goal_tolerance: float = 0.25
    yaw_goal_tolerance: float = 0.25
    required_movement_radius: float = 0.5  # progress checker
    movement_time_allowance: float = 10.0


@dataclass
class SocialConfig:
    stop_distance: float = 0.9  # m from robot centre to a person's edge (0.6 m gap): stop if ahead
    slow_distance: float = 2.0  # m: below this, speed scales down towards slow_speed
    slow_speed: float = 0.35
    personal_space: float = 0.25  # m kept between footprint and a person on the predicted path
    yield_timeout_s: float = 2.0  # blocked by a person this long: replan around people


@dataclass
class RecoveryConfig:
    max_recoveries: int = 6  # Nav2 default BT: RecoveryNode number_of_retries 6
    spin_dist: float = 1.57
    wait_duration: float = 3.0
    backup_dist: float = 0.3
    backup_speed: float = 0.15
    max_navigation_time_s: float = 600.0


@dataclass
class DockingConfig:
    staging_x_offset: float = -0.7  # staging pose behind the dock pose, along its heading
    approach_speed: float = 0.12
    docked_xy_tolerance: float = 0.02  # stop this close: contacts (5 cm) close with margin
    docked_yaw_tolerance: float = 0.1
    undock_speed: float = 0.15


@dataclass
class NavConfig:
    costmap: CostmapConfig = field(default_factory=CostmapConfig)
    planner: PlannerConfig = field(default_factory=PlannerConfig)
    controller: ControllerConfig = field(default_factory=ControllerConfig)
    social: SocialConfig = field(default_factory=SocialConfig)
    recovery: RecoveryConfig = field(default_factory=RecoveryConfig)
    docking: DockingConfig = field(default_factory=DockingConfig)

    def flat(self) -> dict[str, Any]:
        """{"section.name": value} for every parameter (ROS 2 parameter names)."""
        out: dict[str, Any] = {}
        for section in dataclasses.fields(self):
            obj = getattr(self, section.name)
            for f in dataclasses.fields(obj):
                out[f"{section.name}.{f.name}"] = getattr(obj, f.name)
        return out

    def set(self, name: str, value: Any) -> None:
        """Set "section.name", converting to the declared type; unknown names are errors."""
        section, _, key = name.partition(".")
        obj = getattr(self, section, None)
        if obj is None or not hasattr(obj, key) or not dataclasses.is_dataclass(obj):
            raise ValueError(f"unknown navigation parameter '{name}'")
        current = getattr(obj, key)
        try:
            setattr(obj, key, type(current)(value))
        except (TypeError, ValueError) as exc:
            raise ValueError(
                f"navigation parameter '{name}': {value!r} is not a {type(current).__name__}"
            ) from exc

    @classmethod
    def from_yaml(cls, path: str | Path, node_name: str = "navigator") -> NavConfig:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        # the node's section as ROS 2 matches it: `navigator`, `/navigator` or `/**/navigator`
        section = next(
            (data[k] for k in (node_name, f"/{node_name}", f"/**/{node_name}") if k in data), {}
        )
        params = (section or {}).get("ros__parameters") or {}
        cfg = cls()
        for section, values in params.items():
            if isinstance(values, dict):
                for key, value in values.items():
                    cfg.set(f"{section}.{key}", value)
        return cfg
