"""The robot's missions, one module each: go_to_place (and dock), escort, tour, call_staff.

Each module's `plan(goal, env)` checks the request (Refusal: code + message, nothing done) and
returns a Plan: the py_trees tree, how to fill the action's feedback and result. MISSIONS maps
the action names (a contract: concierge_interfaces actions) to them."""

from __future__ import annotations

from concierge_robot.missions import call_staff, escort, go, tour

MISSIONS = {
    "go_to_place": go.plan,
    "escort": escort.plan,
    "tour": tour.plan,
    "call_staff": call_staff.plan,
}
