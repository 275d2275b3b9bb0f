"""Authoring aid: writes sim/worlds/<site>.sdf from the compact layouts below.

The SDF files are the source of truth (Gazebo and the 2D simulator both read them); this
script only saves typing boxes by hand. Run: .venv/bin/python sim/tools/worldgen.py
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WORLDS = Path(__file__).resolve().parents[1] / "worlds"
NS = "https://concierge.invalid/sdf"

COLORS = {
    "wall": "0.85 0.85 0.8 1",
    "pillar": "0.7 0.7 0.7 1",
    "counter": "0.55 0.4 0.25 1",
    "furniture": "0.4 0.5 0.6 1",
    "machine": "0.3 0.3 0.35 1",
    "stairs": "0.6 0.6 0.6 1",
    "vegetation": "0.2 0.45 0.2 1",
    "tree": "0.35 0.25 0.15 1",
    "water": "0.2 0.4 0.8 1",
    "glass": "0.7 0.85 0.9 1",
    "dock": "0.1 0.6 0.1 1",
}


@dataclass
class Box:
    name: str
    x: float
    y: float
    sx: float
    sy: float
    h: float = 2.5
    yaw: float = 0.0
    kind: str = "wall"


@dataclass
class Cyl:
    name: str
    x: float
    y: float
    r: float
    h: float = 1.0
    kind: str = "tree"


@dataclass
class Zone:
    name: str  # zone_keepout_* or zone_speed_*
    x0: float
    y0: float
    x1: float
    y1: float
    max_speed_mps: float | None = None


@dataclass
class Layout:
    site: str
    floor: tuple[float, float, float, float]  # x0 y0 x1 y1
    boxes: list[Box] = field(default_factory=list)
    cyls: list[Cyl] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)
    dock: tuple[float, float, float] = (0.0, 0.0, 0.0)  # front-face centre, facing yaw
    # More charging docks (a fleet: one per robot), by name = the dock's place id in content
    more_docks: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    robot_start: tuple[float, float, float] = (0.0, 0.0, 0.0)
    map_resolution_m: float = 0.05

    def box(self, name, x0, y0, x1, y1, h=2.5, kind="wall"):
        """Axis-aligned box from corners (what a floor plan gives)."""
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        self.boxes.append(
            Box(name, (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0, h=h, kind=kind)
        )

    def hwall(self, name, y, x0, x1, gaps=(), t=0.3, h=3.0):
        """Wall along x at y (centre line), with door gaps (x_a, x_b)."""
        xs = [x0]
        for a, b in sorted(gaps):
            xs += [a, b]
        xs.append(x1)
        for i in range(0, len(xs), 2):
            if xs[i + 1] - xs[i] > 1e-6:
                self.box(f"{name}_{i // 2}", xs[i], y - t / 2, xs[i + 1], y + t / 2, h)

    def vwall(self, name, x, y0, y1, gaps=(), t=0.3, h=3.0):
        ys = [y0]
        for a, b in sorted(gaps):
            ys += [a, b]
        ys.append(y1)
        for i in range(0, len(ys), 2):
            if ys[i + 1] - ys[i] > 1e-6:
                self.box(f"{name}_{i // 2}", x - t / 2, ys[i], x + t / 2, ys[i + 1], h)


# --------------------------------------------------------------------------------------------
# City hall ground floor, 60 m x 40 m. x east, y north; main entrance in the south wall.
# --------------------------------------------------------------------------------------------
def city_hall() -> Layout:
    L = Layout("city_hall", floor=(0.0, 0.0, 60.0, 40.0))
    t = 0.3
    # Outer walls (inside the floor), main entrance 28..32 in the south wall.
    L.hwall("wall_south", t / 2, 0, 60, gaps=[(28, 32)])
    L.hwall("wall_north", 40 - t / 2, 0, 60)
    L.vwall("wall_west", t / 2, t, 40 - t)
    L.vwall("wall_east", 60 - t / 2, t, 40 - t)
    # West wing: three offices along the west wall, doors into the west hall (x = 12).
    L.vwall("wall_west_offices", 12, t, 40 - t, gaps=[(5, 7), (19, 21), (32, 34)])
    L.hwall("wall_saebit_jobs", 13, t, 12 - t / 2)
    L.hwall("wall_jobs_permits", 27, t, 12 - t / 2)
    L.box("counter_saebit", 3.5, 10.2, 8.5, 11.0, h=1.1, kind="counter")
    L.box("counter_jobs", 3.5, 24.2, 8.5, 25.0, h=1.1, kind="counter")
    L.box("counter_permits", 3.5, 37.2, 8.5, 38.0, h=1.1, kind="counter")
    L.box("bench_saebit_0", 4.0, 4.0, 8.0, 4.5, h=0.45, kind="furniture")
    L.box("bench_jobs_0", 4.0, 17.0, 8.0, 17.5, h=0.45, kind="furniture")
    L.box("bench_permits_0", 4.0, 30.5, 8.0, 31.0, h=0.45, kind="furniture")
    # Civil-service hall (east): counters in a row at y 19.5..20.3, staff area behind (y < 26).
    L.box("counter_end_west", 36.3, 19.5, 38.7, 20.3, h=1.1, kind="counter")
    for name, cx in [("passport", 41), ("civil_documents", 46), ("tax", 51), ("welfare", 56)]:
        L.box(f"counter_{name}", cx - 2.3, 19.5, cx + 2.3, 20.3, h=1.1, kind="counter")
    L.box("counter_end_east", 58.3, 19.5, 58.8, 20.3, h=1.1, kind="counter")
    L.vwall("wall_staff_west", 36.15, 20.3, 26.0)
    L.hwall("wall_staff_north", 26.0, 36.0, 60 - t)
    for i, cx in enumerate([41, 46, 51, 56]):
        L.box(f"desk_staff_{i}", cx - 1.5, 22.5, cx + 1.5, 23.3, h=0.75, kind="furniture")
    # Waiting benches in the hall.
    for row, y in enumerate([11.5, 14.0]):
        for i, cx in enumerate([41, 46, 51, 56]):
            L.box(
                f"bench_hall_{row}_{i}", cx - 1.5, y, cx + 1.5, y + 0.5, h=0.45, kind="furniture"
            )
    # Lobby: information desk facing the entrance, benches.
    L.box("information_desk", 28.0, 9.5, 32.0, 10.5, h=1.1, kind="counter")
    L.box("bench_lobby_0", 24.0, 14.5, 26.0, 15.0, h=0.45, kind="furniture")
    L.box("bench_lobby_1", 34.0, 14.5, 36.0, 15.0, h=0.45, kind="furniture")
    # ATM corner against the south wall of the west hall.
    for i, cx in enumerate([14.6, 16.0, 17.4]):
        L.box(f"atm_{i}", cx - 0.45, t, cx + 0.45, 1.0, h=1.6, kind="machine")
    # North side: stairs, elevators, toilets, nursing room, café.
    L.box("stairs", 20.3, 34.0, 24.7, 40 - t, h=3.0, kind="stairs")
    L.box("elevator_0", 26.3, 38.1, 28.7, 40 - t, h=3.0, kind="machine")
    L.box("elevator_1", 29.3, 38.1, 31.7, 40 - t, h=3.0, kind="machine")
    L.hwall("wall_north_rooms", 30.0, 34.0, 60 - t, gaps=[(37, 39), (44, 46), (50.5, 57.5)])
    L.vwall("wall_toilet_west", 34.0, 30.15, 40 - t)
    L.vwall("wall_toilet_nursing", 42.0, 30.15, 40 - t)
    L.vwall("wall_nursing_cafe", 48.0, 30.15, 40 - t)
    L.vwall("wall_toilet_split", 38.0, 33.0, 40 - t, t=0.15)
    L.box("cafe_counter", 51.5, 38.4, 56.5, 39.2, h=1.1, kind="counter")
    for i, (cx, cy) in enumerate([(49.5, 32.5), (49.5, 35.5), (58.5, 32.5), (58.5, 35.5)]):
        L.box(
            f"cafe_table_{i}", cx - 0.45, cy - 0.45, cx + 0.45, cy + 0.45, h=0.75, kind="furniture"
        )
    # Pillars (structural grid).
    for i, (cx, cy) in enumerate(
        [(16, 10), (16, 24), (16, 36), (24, 8), (24, 22), (36, 8), (44, 4), (52, 4), (30, 26)]
    ):
        L.box(f"pillar_{i}", cx - 0.3, cy - 0.3, cx + 0.3, cy + 0.3, h=3.0, kind="pillar")
    # Zones: staff only behind the counters and the information desk; slow at the entrance
    # and in the waiting area.
    L.zones.append(Zone("zone_keepout_staff_area", 36.3, 19.5, 59.85, 25.85))
    L.zones.append(Zone("zone_keepout_info_desk_back", 27.5, 10.5, 32.5, 12.0))
    L.zones.append(Zone("zone_speed_entrance", 26.0, 0.0, 34.0, 5.0, max_speed_mps=0.4))
    L.zones.append(Zone("zone_speed_waiting_area", 38.5, 10.5, 58.5, 15.5, max_speed_mps=0.5))
    L.dock = (24.0, 0.6, math.pi / 2)  # plate on the south wall, facing north
    # the lobby's second robot (issue 16) charges east of the entrance, on the same wall
    L.more_docks["east_charging_dock"] = (38.0, 0.6, math.pi / 2)
    return L


# --------------------------------------------------------------------------------------------
# Arboretum, 200 m x 150 m, outdoor. The walkable network (paths, plazas, lawns) is carved out
# of dense planting on a 1 m authoring raster; the planting becomes collision boxes.
# --------------------------------------------------------------------------------------------
def arboretum() -> Layout:
    W, H = 200, 150
    L = Layout("arboretum", floor=(0.0, 0.0, float(W), float(H)), map_resolution_m=0.1)
    k = 2  # authoring raster: 0.5 m cells
    walk = np.zeros((H * k, W * k), dtype=bool)  # [y, x]

    def rect(x0, y0, x1, y1):
        walk[round(y0 * k) : round(y1 * k), round(x0 * k) : round(x1 * k)] = True

    def path(points, width):
        """Axis-aligned polyline path of the given width (m)."""
        for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
            h0 = width / 2
            rect(min(xa, xb) - h0, min(ya, yb) - h0, max(xa, xb) + h0, max(ya, yb) + h0)

    # Entrance plaza, main avenue north, east-west promenade.
    rect(85, 1, 115, 20)  # gate plaza
    path([(100, 10), (100, 120)], 6)  # main avenue
    path([(20, 60), (180, 60)], 4)  # promenade
    path([(20, 60), (20, 135), (100, 135)], 3)  # west loop
    path([(100, 120), (100, 135), (175, 135), (175, 60)], 3)  # east loop
    rect(60, 22, 99, 45)  # visitor centre forecourt / lawn west of avenue
    rect(101, 25, 140, 45)  # greenhouse lawn
    rect(140, 30, 180, 50)  # herb garden area (beds are boxes placed later)
    path([(140, 40), (180, 40)], 3)
    rect(30, 65, 70, 95)  # wetland garden around the pond
    rect(110, 65, 150, 95)  # rock garden
    rect(150, 75, 172, 100)  # children's garden
    rect(75, 100, 97, 115)  # rest area north-west of the avenue
    rect(103, 100, 125, 115)  # café terrace
    path([(160, 40), (160, 60)], 3)
    path([(50, 60), (50, 66)], 4)  # promenade -> pond / wetland garden
    path([(130, 60), (130, 66)], 4)  # promenade -> rock garden
    # Forest trail: narrow (1.6 m) winding sections through the north-west woods.
    path([(20, 100), (40, 100), (40, 115), (60, 115), (60, 125), (80, 125), (80, 135)], 1.6)
    rect(38, 108, 42, 112)  # a passing place on the trail
    walk[0, :] = walk[:, 0] = walk[-1, :] = walk[:, -1] = False
    # Perimeter gap at the gate.
    gate = (96, 104)

    # Buildings (walls are boxes, interiors are walkable).
    def building(name, x0, y0, x1, y1, door_side, door, kind="wall"):
        rect(x0, y0, x1, y1)
        t = 0.3
        gaps_s = [door] if door_side == "s" else []
        gaps_n = [door] if door_side == "n" else []
        gaps_w = [door] if door_side == "w" else []
        gaps_e = [door] if door_side == "e" else []
        L.hwall(f"{name}_wall_s", y0 + t / 2, x0, x1, gaps=gaps_s)
        L.hwall(f"{name}_wall_n", y1 - t / 2, x0, x1, gaps=gaps_n)
        L.vwall(f"{name}_wall_w", x0 + t / 2, y0 + t, y1 - t, gaps=gaps_w)
        L.vwall(f"{name}_wall_e", x1 - t / 2, y0 + t, y1 - t, gaps=gaps_e)

    building("visitor_center", 70, 25, 90, 40, "e", (30, 34))
    L.box("visitor_center_desk", 80, 31, 81, 35, h=1.1, kind="counter")
    building("greenhouse", 110, 28, 135, 42, "w", (33, 37))
    for i, cy in enumerate([31.5, 38.5]):
        L.box(f"greenhouse_bed_{i}", 117, cy - 1, 132, cy + 1, h=0.9, kind="vegetation")
    building("toilet_block", 86, 104, 96, 112, "e", (106, 110))
    building("cafe", 108, 106, 122, 114, "s", (113, 117))
    L.box("cafe_counter", 112, 111.5, 118, 112.3, h=1.1, kind="counter")
    # Herb beds, rock garden boulders, children's play structures, rest-area benches.
    for i, bx in enumerate([144, 152, 168, 176]):
        L.box(f"herb_bed_{i}", bx - 2.5, 44, bx + 2.5, 47, h=0.6, kind="vegetation")
        L.box(f"herb_bed_s_{i}", bx - 2.5, 33, bx + 2.5, 36, h=0.6, kind="vegetation")
    for i, (cx, cy, r) in enumerate(
        [(118, 72, 1.5), (126, 80, 2.0), (135, 71, 1.2), (142, 86, 1.8), (120, 88, 1.0)]
    ):
        L.cyls.append(Cyl(f"boulder_{i}", cx, cy, r, h=1.2, kind="stairs"))
    L.box("play_structure", 158, 85, 164, 91, h=2.0, kind="furniture")
    for i, (cx, cy) in enumerate([(80, 112), (92, 102)]):
        L.box(f"bench_rest_{i}", cx - 1, cy - 0.25, cx + 1, cy + 0.25, h=0.45, kind="furniture")
    # Pond: two overlapping water bodies with a low fence (collision at robot height).
    L.cyls.append(Cyl("pond_0", 48, 80, 8.0, h=0.8, kind="water"))
    L.cyls.append(Cyl("pond_1", 56, 77, 5.0, h=0.8, kind="water"))
    # Trees on the lawns (trunks).
    rng = np.random.default_rng(7)
    trees = 0
    for _ in range(400):
        x, y = rng.uniform(5, W - 5), rng.uniform(5, H - 5)
        if trees >= 40:
            break
        ix, iy = int(x * k), int(y * k)
        if not walk[iy - 3 * k : iy + 3 * k + 1, ix - 3 * k : ix + 3 * k + 1].all():
            continue  # only in the open, at least 3 m from the planting
        if abs(x - 100) < 6 or abs(y - 60) < 5 or y < 22:
            continue  # keep avenue, promenade and plaza clear
        if any(math.hypot(x - c.x, y - c.y) < c.r + 3 for c in L.cyls):
            continue
        if any(abs(x - b.x) < b.sx / 2 + 3 and abs(y - b.y) < b.sy / 2 + 3 for b in L.boxes):
            continue
        L.cyls.append(Cyl(f"tree_{trees}", round(x, 1), round(y, 1), 0.3, h=4.0, kind="tree"))
        trees += 1
    # Planting = everything not walkable, merged into boxes (row runs merged vertically).
    veg = ~walk
    veg[0, :] = veg[-1, :] = veg[:, 0] = veg[:, -1] = False  # perimeter fence drawn below
    for i, (x0, y0, x1, y1) in enumerate(_rectangles(veg)):
        L.box(f"planting_{i}", x0 / k, y0 / k, x1 / k, y1 / k, h=1.5, kind="vegetation")
    t = 0.2
    L.hwall("fence_south", t / 2, 0, W, gaps=[gate], t=t, h=1.8)
    L.hwall("fence_north", H - t / 2, 0, W, t=t, h=1.8)
    L.vwall("fence_west", t / 2, t, H - t, t=t, h=1.8)
    L.vwall("fence_east", W - t / 2, t, H - t, t=t, h=1.8)
    # Zones: flower beds and the pond edge are keepout; slow near children and at the gate.
    L.zones.append(Zone("zone_keepout_flower_bed_rock", 128, 88, 138, 93))
    L.zones.append(Zone("zone_keepout_flower_bed_herb", 145, 38.5, 150, 41.5))
    L.zones.append(Zone("zone_keepout_pond_edge", 38, 70, 63, 90))
    L.zones.append(Zone("zone_speed_children_garden", 150, 75, 172, 100, max_speed_mps=0.4))
    L.zones.append(Zone("zone_speed_gate", 88, 0, 112, 15, max_speed_mps=0.5))
    L.dock = (84.0, 40.0 - 0.3 - 0.3, -math.pi / 2)  # under the visitor-centre north wall
    return L


def _rectangles(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Cover a boolean [y, x] raster with rectangles: runs per row, equal runs merged upward."""
    out: list[tuple[int, int, int, int]] = []
    open_runs: dict[tuple[int, int], int] = {}  # (x0, x1) -> y0
    h, w = mask.shape
    for y in range(h + 1):
        runs = set()
        if y < h:
            row = np.concatenate([[False], mask[y], [False]])
            d = np.diff(row.astype(np.int8))
            starts, ends = np.where(d == 1)[0], np.where(d == -1)[0]
            runs = set(zip(starts.tolist(), ends.tolist(), strict=True))
        for run in list(open_runs):
            if run not in runs:
                out.append((run[0], open_runs.pop(run), run[1], y))
        for run in runs:
            open_runs.setdefault(run, y)
    return out


# --------------------------------------------------------------------------------------------
def _f(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") if v != 0 else "0"


def _material(kind: str) -> str:
    c = COLORS[kind]
    return f"<material><ambient>{c}</ambient><diffuse>{c}</diffuse></material>"


def to_sdf(L: Layout) -> str:
    x0, y0, x1, y1 = L.floor
    out = [
        '<?xml version="1.0"?>',
        f"<!-- {L.site}: generated by sim/tools/worldgen.py; edit there or here, then run",
        "     `concierge sim export-maps`. Collision geometry at robot height is the map. -->",
        f'<sdf version="1.9" xmlns:concierge="{NS}">',
        f'  <world name="{L.site}">',
        f"    <concierge:map_resolution_m>{_f(L.map_resolution_m)}</concierge:map_resolution_m>",
        '    <physics name="1ms" type="ignored">',
        "      <max_step_size>0.001</max_step_size>",
        "      <real_time_factor>1.0</real_time_factor>",
        "    </physics>",
        '    <plugin filename="gz-sim-physics-system" name="gz::sim::systems::Physics"/>',
        '    <plugin filename="gz-sim-user-commands-system" '
        'name="gz::sim::systems::UserCommands"/>',
        '    <plugin filename="gz-sim-scene-broadcaster-system" '
        'name="gz::sim::systems::SceneBroadcaster"/>',
        '    <plugin filename="gz-sim-sensors-system" name="gz::sim::systems::Sensors">',
        "      <render_engine>ogre2</render_engine>",
        "    </plugin>",
        '    <light type="directional" name="sun">',
        "      <cast_shadows>true</cast_shadows>",
        "      <pose>0 0 30 0 0 0</pose>",
        "      <diffuse>0.9 0.9 0.9 1</diffuse>",
        "      <direction>-0.5 0.1 -0.9</direction>",
        "    </light>",
    ]
    sx, sy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    out += [
        '    <model name="ground_floor">',
        "      <static>true</static>",
        f"      <pose>{_f(cx)} {_f(cy)} -0.05 0 0 0</pose>",
        '      <link name="link">',
        f'        <collision name="collision"><geometry><box><size>{_f(sx)} {_f(sy)} 0.1'
        "</size></box></geometry></collision>",
        f'        <visual name="visual"><geometry><box><size>{_f(sx)} {_f(sy)} 0.1</size></box>'
        "</geometry><material><diffuse>0.8 0.8 0.75 1</diffuse></material></visual>",
        "      </link>",
        "    </model>",
    ]
    # Static structure grouped by kind: one model per kind, one link per object.
    by_kind: dict[str, list[str]] = {}
    for b in L.boxes:
        if b.kind == "dock":
            continue
        geo = f"<box><size>{_f(b.sx)} {_f(b.sy)} {_f(b.h)}</size></box>"
        by_kind.setdefault(b.kind, []).append(_link(b.name, b.x, b.y, b.h, b.yaw, geo, b.kind))
    for c in L.cyls:
        geo = f"<cylinder><radius>{_f(c.r)}</radius><length>{_f(c.h)}</length></cylinder>"
        by_kind.setdefault(c.kind, []).append(_link(c.name, c.x, c.y, c.h, 0.0, geo, c.kind))
    for kind, links in by_kind.items():
        out += [f'    <model name="{kind}s">', "      <static>true</static>"]
        out += links
        out.append("    </model>")
    # Charging dock (sim/models/charging_dock): pose = centre of its front face, x out of it.
    for name, (dx, dy, dyaw) in {"charging_dock": L.dock, **L.more_docks}.items():
        out += [
            "    <include>",
            "      <uri>model://charging_dock</uri>",
            f"      <name>{name}</name>",
            f"      <pose>{_f(dx)} {_f(dy)} 0 0 0 {dyaw:.6f}</pose>",
            "    </include>",
        ]
    for z in L.zones:
        zx, zy = (z.x0 + z.x1) / 2, (z.y0 + z.y1) / 2
        zsx, zsy = z.x1 - z.x0, z.y1 - z.y0
        color = "1 0.2 0.2 0.3" if "keepout" in z.name else "1 0.8 0.1 0.3"
        out += [
            f'    <model name="{z.name}">',
            "      <static>true</static>",
            f"      <pose>{_f(zx)} {_f(zy)} 0.005 0 0 0</pose>",
        ]
        if z.max_speed_mps is not None:
            out.append(
                f"      <concierge:max_speed_mps>{_f(z.max_speed_mps)}</concierge:max_speed_mps>"
            )
        out += [
            '      <link name="area">',
            "        <!-- no collision: a map annotation only (Nav2 costmap filter mask) -->",
            f'        <visual name="visual"><geometry><box><size>{_f(zsx)} {_f(zsy)} 0.01'
            f"</size></box></geometry><material><diffuse>{color}</diffuse></material>"
            "<cast_shadows>false</cast_shadows></visual>",
            "      </link>",
            "    </model>",
        ]
    rx, ry, ryaw = L.robot_start
    out += [
        "    <include>",
        "      <uri>model://concierge_robot</uri>",
        "      <name>concierge_robot</name>",
        f"      <pose>{_f(rx)} {_f(ry)} 0.01 0 0 {ryaw:.6f}</pose>",
        "    </include>",
        "  </world>",
        "</sdf>",
        "",
    ]
    return "\n".join(out)


def _link(name, x, y, h, yaw, geo, kind) -> str:
    return (
        f'      <link name="{name}"><pose>{_f(x)} {_f(y)} {_f(h / 2)} 0 0 {_f(yaw)}</pose>'
        f'<collision name="collision"><geometry>{geo}</geometry></collision>'
        f'<visual name="visual"><geometry>{geo}</geometry>{_material(kind)}</visual></link>'
    )


def docked_pose(L: Layout, robot_radius: float = 0.3, gap: float = 0.03):
    dx, dy, dyaw = L.dock
    d = robot_radius + gap
    return (dx + d * math.cos(dyaw), dy + d * math.sin(dyaw), dyaw + math.pi)


def main(argv: list[str]) -> int:
    for make in (city_hall, arboretum):
        L = make()
        x, y, yaw = docked_pose(L)
        L.robot_start = (x, y, math.atan2(math.sin(yaw), math.cos(yaw)))
        path = WORLDS / f"{L.site}.sdf"
        path.write_text(to_sdf(L), encoding="utf-8")
        print(f"wrote {path} ({len(L.boxes)} boxes, {len(L.cyls)} cylinders)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
