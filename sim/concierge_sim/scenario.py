"""Visitor scenarios: sim/scenarios/<site>.yaml with light / normal / crowded presets.

The file names points (map frame), routes through them (consecutive points in line of sight),
standing-group spots, the follower's waiting spot and presets that say how many of each kind.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from concierge_sim.people import VisitorSpec
from concierge_sim.world import sim_root

# kind -> (preferred speed range m/s, radius m)
KINDS = {
    "walker": ((1.0, 1.4), 0.25),
    "slow": ((0.4, 0.7), 0.28),  # elderly visitors
    "wheelchair": ((0.5, 0.8), 0.45),
    "child": ((0.9, 1.5), 0.2),
    "group": ((0.0, 0.0), 0.25),
    "follower": ((1.1, 1.1), 0.25),
}
PRESET_KEYS = {"walkers", "slow", "children", "wheelchairs", "groups", "group_size", "follower"}


class ScenarioError(ValueError):
    """A scenario file or preset cannot be used; the message says what to fix."""


@dataclass
class Scenario:
    site: str
    preset: str
    seed: int
    visitors: list[VisitorSpec]
    events: list[dict] = field(default_factory=list)  # {t_s, op, ...} see Simulator.command
    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    routes: dict[str, list[tuple[float, float]]] = field(default_factory=dict)


def scenario_path(site: str) -> Path:
    return sim_root() / "scenarios" / f"{site}.yaml"


def load_scenario_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: YAML syntax: {exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: must be a mapping")
    for key in ("site", "points", "routes", "presets"):
        if key not in data:
            raise ScenarioError(f"{path}: missing '{key}'")
    return data


def load_scenario(
    site: str,
    preset: str = "normal",
    seed: int = 0,
    visitors: int | None = None,
    path: Path | None = None,
) -> Scenario:
    """Build the visitors of a preset. `preset` may also be a path to a scenario YAML file.
    `visitors` overrides the total count (walkers are added or removed to match)."""
    if path is None and (preset.endswith(".yaml") or "/" in preset):
        path, preset = Path(preset), "normal"
    path = path or scenario_path(site)
    data = load_scenario_file(path)
    points = {k: _xy(v, f"{path}: point {k}") for k, v in data["points"].items()}
    routes: dict[str, list[tuple[float, float]]] = {}
    for name, names in data["routes"].items():
        try:
            routes[name] = [points[p] if isinstance(p, str) else _xy(p, name) for p in names]
        except KeyError as exc:
            raise ScenarioError(f"{path}: route {name}: unknown point {exc}") from None
    presets = data["presets"]
    if preset not in presets:
        raise ScenarioError(f"{path}: no preset {preset!r} (have: {', '.join(sorted(presets))})")
    p = presets[preset] or {}
    unknown = set(p) - PRESET_KEYS - {"events"}
    if unknown:
        raise ScenarioError(f"{path}: preset {preset}: unknown keys {sorted(unknown)}")
    rng = np.random.default_rng(seed)
    specs: list[VisitorSpec] = []
    route_list = list(routes.values())
    if not route_list:
        raise ScenarioError(f"{path}: needs at least one route")

    def walker(kind: str, i: int) -> VisitorSpec:
        (v_lo, v_hi), radius = KINDS[kind]
        route = route_list[int(rng.integers(len(route_list)))]
        if rng.random() < 0.5:
            route = route[::-1]
        seg = int(rng.integers(len(route) - 1)) if len(route) > 1 else 0
        a = np.array(route[seg])
        b = np.array(route[min(seg + 1, len(route) - 1)])
        x, y = a + (b - a) * rng.uniform(0.1, 0.9)
        mode = "pingpong" if route[0] != route[-1] else "loop"
        return VisitorSpec(
            f"{kind}_{i}",
            kind,
            float(x),
            float(y),
            float(rng.uniform(v_lo, v_hi)),
            radius,
            route=list(route),
            route_mode=mode,
        )

    counts = {
        "walker": int(p.get("walkers", 0)),
        "slow": int(p.get("slow", 0)),
        "child": int(p.get("children", 0)),
        "wheelchair": int(p.get("wheelchairs", 0)),
    }
    for kind, n in counts.items():
        specs += [walker(kind, i) for i in range(n)]
    spots = [_xy(s, f"{path}: group spot") for s in data.get("groups", [])]
    size = int(p.get("group_size", 3))
    for g in range(min(int(p.get("groups", 0)), len(spots))):
        cx, cy = spots[g]
        for j in range(size):
            a = 2 * math.pi * j / size + rng.uniform(-0.2, 0.2)
            specs.append(
                VisitorSpec(
                    f"group_{g}_{j}",
                    "group",
                    cx + 0.55 * math.cos(a),
                    cy + 0.55 * math.sin(a),
                    0.0,
                    KINDS["group"][1],
                )
            )
    if p.get("follower", True) and "follower" in data:
        fx, fy = _xy(data["follower"], f"{path}: follower")
        specs.append(VisitorSpec("follower", "follower", fx, fy, 1.1, KINDS["follower"][1]))
    if visitors is not None:
        walkers = [s for s in specs if s.kind == "walker"]
        others = [s for s in specs if s.kind != "walker"]
        need = visitors - len(others)
        i = len(walkers)
        while len(walkers) < need:
            walkers.append(walker("walker", i))
            i += 1
        walkers = walkers[: max(need, 0)]
        specs = (others + walkers)[: max(visitors, 0)]
    return Scenario(site, preset, seed, specs, list(p.get("events", [])), points, routes)


def _xy(v, where: str) -> tuple[float, float]:
    try:
        x, y = (float(c) for c in v)
    except (TypeError, ValueError):
        raise ScenarioError(f"{where}: expected [x, y], got {v!r}") from None
    return (x, y)
