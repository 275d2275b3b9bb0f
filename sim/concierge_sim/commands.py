"""Test commands for the simulator ({"op": ..., ...} dicts): the same ops arrive as JSON on
/sim/command, as timed scenario events, or from Simulator.command in-process.

This module knows the simulator only through the public methods below (`CommandTarget`), so the
core can use it without the two modules knowing each other.
"""

from __future__ import annotations

from typing import Protocol


class CommandTarget(Protocol):
    """The simulator's public methods the commands drive (concierge_sim.core.Simulator)."""

    def add_obstacle(self, name, x, y, size_x, size_y, yaw=0.0) -> None: ...
    def remove_obstacle(self, name) -> None: ...
    def spawn_person_in_front(self, distance_m=1.2, stand_s=4.0, person_id=None) -> str: ...
    def approach_robot(self, distance_m=1.0, start_m=4.0, stand_s=10.0, person_id=None) -> str: ...
    def leave(self, person_id, x, y) -> None: ...
    def summon_follower(self, distance_m=1.2, person_id="follower") -> str: ...
    def set_engaged(self, person_id, engaged) -> None: ...
    def stop_following(self, person_id="follower") -> None: ...
    def resume_following(self, person_id="follower") -> None: ...
    def remove_person(self, person_id) -> None: ...
    def place_robot(self, x, y, yaw) -> None: ...
    def set_battery(self, pct) -> None: ...
    def using(self, name): ...  # a context: robot `name` is "the robot" inside it


def apply_command(sim: CommandTarget, cmd: dict) -> dict:
    """Apply one test command {op: ..., ...}; returns {ok, ...} (used by sim_node, events).

    ops: add_obstacle(name,x,y,size_x,size_y[,yaw]), remove_obstacle(name),
    spawn_person_in_front([distance_m, stand_s, id]), summon_follower([distance_m]),
    approach_robot([distance_m, start_m, stand_s, id]),
    engage(id), disengage(id), stop_following([id]), resume_following([id]), remove_person(id),
    place_robot(x,y,yaw), set_battery(pct), and leave(id,x,y) (scheduled by approach_robot).
    With several robots, `robot` (a namespace) says which one the command is about (default:
    the first): e.g. {"op": "set_battery", "pct": 15, "robot": "robot2"}.
    """
    op = cmd.get("op")
    if cmd.get("robot") is not None:
        rest = {k: v for k, v in cmd.items() if k != "robot"}
        try:
            with sim.using(str(cmd["robot"])):
                return apply_command(sim, rest)
        except ValueError as exc:  # no such robot (SimError)
            return {"ok": False, "op": op, "error": str(exc)}
    try:
        if op == "add_obstacle":
            sim.add_obstacle(
                str(cmd["name"]),
                float(cmd["x"]),
                float(cmd["y"]),
                float(cmd["size_x"]),
                float(cmd["size_y"]),
                float(cmd.get("yaw", 0.0)),
            )
        elif op == "remove_obstacle":
            sim.remove_obstacle(str(cmd["name"]))
        elif op == "spawn_person_in_front":
            pid = sim.spawn_person_in_front(
                float(cmd.get("distance_m", 1.2)),
                float(cmd.get("stand_s", 4.0)),
                cmd.get("id"),
            )
            return {"ok": True, "op": op, "id": pid}
        elif op == "approach_robot":
            pid = sim.approach_robot(
                float(cmd.get("distance_m", 1.0)),
                float(cmd.get("start_m", 4.0)),
                float(cmd.get("stand_s", 10.0)),
                cmd.get("id"),
            )
            return {"ok": True, "op": op, "id": pid}
        elif op == "leave":
            sim.leave(str(cmd["id"]), float(cmd["x"]), float(cmd["y"]))
        elif op == "summon_follower":
            pid = sim.summon_follower(float(cmd.get("distance_m", 1.2)))
            return {"ok": True, "op": op, "id": pid}
        elif op in ("engage", "disengage"):
            sim.set_engaged(str(cmd["id"]), op == "engage")
        elif op == "stop_following":
            sim.stop_following(str(cmd.get("id", "follower")))
        elif op == "resume_following":
            sim.resume_following(str(cmd.get("id", "follower")))
        elif op == "remove_person":
            sim.remove_person(str(cmd["id"]))
        elif op == "place_robot":
            sim.place_robot(float(cmd["x"]), float(cmd["y"]), float(cmd.get("yaw", 0.0)))
        elif op == "set_battery":
            sim.set_battery(float(cmd["pct"]))
        else:
            return {"ok": False, "op": op, "error": f"unknown op {op!r}"}
    except KeyError as exc:
        return {"ok": False, "op": op, "error": f"missing field {exc}"}
    except (ValueError, TypeError) as exc:  # SimError is a ValueError
        return {"ok": False, "op": op, "error": str(exc)}
    return {"ok": True, "op": op}
