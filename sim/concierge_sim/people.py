"""Visitors as a vectorised social-force model (Helbing & Molnar 1995, anisotropic).

Each visitor is pulled toward its current goal (next route point, its standing spot, or a spot
behind the robot for the engaged follower) and pushed away from other visitors, walls (distance
transform of the grid) and the robot. Visitors never step into a wall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

# Model constants (m, s). Forces are accelerations (per unit mass).
TAU_S = 0.5  # relaxation time toward the desired velocity
A_PERSON, B_PERSON = 3.0, 0.35
A_WALL, B_WALL = 6.0, 0.15
A_ROBOT, B_ROBOT = 8.0, 0.45
ROBOT_COMFORT_M = 0.4  # extra distance people keep from the robot
LAMBDA = 0.35  # anisotropy: weight of what is behind a person
GOAL_REACHED_M = 0.6
FOLLOW_DISTANCE_M = 1.0


@dataclass
class VisitorSpec:
    id: str
    kind: str  # walker | slow | wheelchair | child | group | follower
    x: float
    y: float
    speed_mps: float  # preferred walking speed (0 = stands)
    radius_m: float
    route: list[tuple[float, float]] = field(default_factory=list)  # walkers: points to visit
    route_mode: str = "loop"  # loop | pingpong | once (stand at the last point)
    wait_until_s: float = 0.0  # stand at the start until this sim time


@dataclass(frozen=True)
class PersonState:
    id: str
    x: float
    y: float
    vx: float
    vy: float
    radius: float
    is_engaged: bool
    kind: str = "walker"


class Crowd:
    def __init__(self, specs: list[VisitorSpec], rng: np.random.Generator):
        self.rng = rng
        self.ids = [s.id for s in specs]
        self.kinds = [s.kind for s in specs]
        n = len(specs)
        self.pos = np.array([[s.x, s.y] for s in specs], dtype=float).reshape(n, 2)
        self.vel = np.zeros((n, 2))
        self.radius = np.array([s.radius_m for s in specs], dtype=float)
        self.v0 = np.array([s.speed_mps for s in specs], dtype=float)
        self.anchor = self.pos.copy()  # where standing people stand
        self.routes = [list(s.route) for s in specs]
        self.route_i = [0] * n
        self.route_dir = [1] * n
        self.mode = [s.route_mode for s in specs]
        self.wait_until = np.array([s.wait_until_s for s in specs], dtype=float)
        self.time_s = 0.0
        self.engaged = np.zeros(n, dtype=bool)
        self.frozen = np.zeros(n, dtype=bool)  # e.g. a follower that stopped following
        self._goal = np.zeros((0, 2))  # rebuilt lazily when visitors change
        self.touching_robot = np.zeros(n, dtype=bool)
        self.leader = 0  # with several robots: the index of the one the follower walks after
        for i, route in enumerate(self.routes):
            if route and self.mode[i] == "once":
                self.route_i[i] = 0
            elif route:  # start toward the route point nearest ahead
                d = [math.dist(route[j], self.pos[i]) for j in range(len(route))]
                self.route_i[i] = (int(np.argmin(d)) + 1) % len(route)

    def __len__(self) -> int:
        return len(self.ids)

    def index(self, person_id: str) -> int:
        try:
            return self.ids.index(person_id)
        except ValueError:
            raise ValueError(f"no visitor {person_id!r}") from None

    def add(self, spec: VisitorSpec) -> None:
        self.ids.append(spec.id)
        self.kinds.append(spec.kind)
        self.pos = np.vstack([self.pos, [spec.x, spec.y]])
        self.vel = np.vstack([self.vel, [0.0, 0.0]])
        self.radius = np.append(self.radius, spec.radius_m)
        self.v0 = np.append(self.v0, spec.speed_mps)
        self.anchor = np.vstack([self.anchor, [spec.x, spec.y]])
        self.routes.append(list(spec.route))
        self.route_i.append(0)
        self.route_dir.append(1)
        self.mode.append(spec.route_mode)
        self.wait_until = np.append(self.wait_until, spec.wait_until_s)
        self.engaged = np.append(self.engaged, False)
        self.frozen = np.append(self.frozen, False)
        self.touching_robot = np.append(self.touching_robot, False)
        self._goal = np.zeros((0, 2))

    def remove(self, person_id: str) -> None:
        i = self.index(person_id)
        keep = np.arange(len(self)) != i
        self._goal = np.zeros((0, 2))
        for name in (
            "pos",
            "vel",
            "radius",
            "v0",
            "anchor",
            "engaged",
            "frozen",
            "wait_until",
            "touching_robot",
        ):
            setattr(self, name, getattr(self, name)[keep])
        for name in ("ids", "kinds", "routes", "route_i", "route_dir", "mode"):
            getattr(self, name).pop(i)

    # ---- scripted changes (test commands, scenario events) --------------------------------
    def walk_to(self, person_id: str, x: float, y: float) -> None:
        """The visitor stops talking to the robot and walks to (x, y), then stands there."""
        i = self.index(person_id)
        self.engaged[i] = False
        self.routes[i] = [(x, y)]
        self.route_i[i] = 0
        self.mode[i] = "once"
        self._goal = np.zeros((0, 2))  # goals rebuilt on the next step

    def stand_engaged_at(self, person_id: str, x: float, y: float) -> None:
        """The visitor stands still at (x, y), facing the robot (is_engaged), free to move."""
        i = self.index(person_id)
        self.pos[i] = (x, y)
        self.vel[i] = 0.0
        self.anchor[i] = self.pos[i]
        self.engaged[i] = True
        self.frozen[i] = False

    def set_engaged(self, person_id: str, engaged: bool) -> None:
        """Facing the robot or not; a visitor who turns away stays where they are."""
        i = self.index(person_id)
        self.engaged[i] = engaged
        if not engaged:
            self.anchor[i] = self.pos[i]

    def freeze(self, person_id: str) -> None:
        """The visitor stops where they are (e.g. a follower who stops following)."""
        i = self.index(person_id)
        self.frozen[i] = True
        self.anchor[i] = self.pos[i]

    def unfreeze(self, person_id: str) -> None:
        """The visitor walks on (a follower who stopped catches up with the robot again)."""
        self.frozen[self.index(person_id)] = False

    def radius_of(self, person_id: str) -> float:
        return float(self.radius[self.index(person_id)])

    # ---- the model -------------------------------------------------------------------------
    def _route_goal(self, i: int) -> tuple[float, float]:
        route = self.routes[i]
        return tuple(route[self.route_i[i]]) if route else tuple(self.anchor[i])

    def _goals(self, robot_xy, robot_yaw) -> tuple[np.ndarray, np.ndarray]:
        """Goal points and desired speeds for this step (vectorised; loops only on arrivals)."""
        n = len(self)
        if self._goal.shape[0] != n:
            self._goal = np.array([self._route_goal(i) for i in range(n)], dtype=float)
            self._has_route = np.array([bool(r) for r in self.routes], dtype=bool)
            self._is_follower = np.array([k == "follower" for k in self.kinds], dtype=bool)
            self._is_curious = np.array([k == "visitor" for k in self.kinds], dtype=bool)
        walking = self._has_route & (self.time_s >= self.wait_until) & ~self.frozen
        if walking.any():
            d = self._goal - self.pos
            arrived = walking & (d[:, 0] ** 2 + d[:, 1] ** 2 < GOAL_REACHED_M**2)
            for i in np.flatnonzero(arrived):
                self._advance(int(i))
                self._goal[i] = self._route_goal(int(i))
                self._has_route[i] = bool(self.routes[i])
        goals = np.where(walking[:, None], self._goal, self.anchor)
        speeds = self.v0.copy()
        goals[self.frozen] = self.pos[self.frozen]
        following = self._is_follower & self.engaged & ~self.frozen
        if following.any():
            behind = np.array([math.cos(robot_yaw), math.sin(robot_yaw)]) * -FOLLOW_DISTANCE_M
            goals[following] = robot_xy + behind
            speeds[following] = np.maximum(self.v0[following], 1.3)
        return goals, speeds

    def _advance(self, i: int) -> None:
        n = len(self.routes[i])
        if self.mode[i] == "loop":
            self.route_i[i] = (self.route_i[i] + 1) % n
            return
        if self.mode[i] == "once":
            if self.route_i[i] == n - 1:
                self.anchor[i] = self.routes[i][-1]
                self.routes[i] = []
            else:
                self.route_i[i] += 1
            return
        nxt = self.route_i[i] + self.route_dir[i]
        if not 0 <= nxt < n:
            self.route_dir[i] *= -1
            nxt = self.route_i[i] + self.route_dir[i]
        self.route_i[i] = max(0, min(n - 1, nxt))

    def step(
        self,
        dt: float,
        robot_xy: np.ndarray,
        robot_vel: np.ndarray,
        robot_yaw: float,
        robot_radius: float,
        walls: WallField,
    ) -> None:
        n = len(self)
        self.time_s += dt
        if n == 0:
            self.touching_robot = np.zeros(0, dtype=bool)
            return
        # One robot ((2,) position, a float yaw) or several ((R, 2), (R,)): people give every
        # robot room; the follower walks after robot `leader`.
        robots_xy = np.atleast_2d(robot_xy)
        robots_yaw = np.atleast_1d(robot_yaw)
        lead = min(self.leader, len(robots_xy) - 1)
        goals, speeds = self._goals(robots_xy[lead], float(robots_yaw[lead]))
        to_goal = goals - self.pos
        dist_goal = np.hypot(to_goal[:, 0], to_goal[:, 1])
        e = to_goal / np.maximum(dist_goal, 1e-6)[:, None]
        # Slow down when arriving (standing people hold their spot softly).
        desired_speed = np.minimum(speeds, dist_goal / 0.8)
        force = (e * desired_speed[:, None] - self.vel) / TAU_S
        heading = np.where(
            np.hypot(self.vel[:, 0], self.vel[:, 1])[:, None] > 0.05,
            self.vel / np.maximum(np.hypot(self.vel[:, 0], self.vel[:, 1]), 1e-6)[:, None],
            e,
        )
        # Person-person repulsion.
        if n > 1:
            d = self.pos[:, None, :] - self.pos[None, :, :]  # i <- j
            dist = np.hypot(d[..., 0], d[..., 1])
            np.fill_diagonal(dist, np.inf)
            nrm = d / np.maximum(dist, 1e-6)[..., None]
            rsum = self.radius[:, None] + self.radius[None, :]
            mag = A_PERSON * np.exp((rsum - dist) / B_PERSON)
            cos_phi = -(heading[:, None, :] * nrm).sum(-1)
            mag *= LAMBDA + (1 - LAMBDA) * (1 + cos_phi) / 2
            force += (mag[..., None] * nrm).sum(axis=1)
        # Robot repulsion (people give the robot room; stronger ahead of them).
        for xy in robots_xy:
            d = self.pos - xy
            dist = np.hypot(d[:, 0], d[:, 1])
            nrm = d / np.maximum(dist, 1e-6)[:, None]
            rsum = self.radius + robot_radius + ROBOT_COMFORT_M
            mag = A_ROBOT * np.exp((rsum - dist) / B_ROBOT)
            cos_phi = -(heading * nrm).sum(-1)
            mag *= LAMBDA + (1 - LAMBDA) * (1 + cos_phi) / 2
            # The follower walks close behind and a curious visitor walks up to talk, on purpose.
            mag[(self._is_follower & self.engaged) | self._is_curious] *= 0.15
            force += mag[:, None] * nrm
        # Walls.
        clear, grad = walls.sample(self.pos)
        wmag = A_WALL * np.exp((self.radius - clear) / B_WALL)
        force += wmag[:, None] * grad
        # Small random jitter so people do not move in lockstep.
        force += self.rng.normal(0.0, 0.15, size=(n, 2))
        vel = self.vel + force * dt
        vmax = np.maximum(1.3 * speeds, 0.3)
        sp = np.hypot(vel[:, 0], vel[:, 1])
        vel *= np.minimum(1.0, vmax / np.maximum(sp, 1e-9))[:, None]
        vel[self.frozen] = 0.0
        new = self.pos + vel * dt
        # Never into a wall: keep the old position where the new one would touch a wall.
        new_clear, _ = walls.sample(new)
        # ... but a person already too close (e.g. placed there) may always step away.
        blocked = (new_clear < self.radius * 0.9) & (new_clear <= clear)
        touching = np.zeros(n, dtype=bool)
        for xy in robots_xy:
            to_robot = np.hypot(new[:, 0] - xy[0], new[:, 1] - xy[1])
            touches = to_robot < self.radius + robot_radius
            now_robot = np.hypot(self.pos[:, 0] - xy[0], self.pos[:, 1] - xy[1])
            blocked |= touches & (to_robot <= now_robot)
            touching |= touches
        self.touching_robot = touching
        vel[blocked] = 0.0
        new[blocked] = self.pos[blocked]
        self.pos = new
        self.vel = vel

    def states(self) -> list[PersonState]:
        return [
            PersonState(
                self.ids[i],
                float(self.pos[i, 0]),
                float(self.pos[i, 1]),
                float(self.vel[i, 0]),
                float(self.vel[i, 1]),
                float(self.radius[i]),
                bool(self.engaged[i]),
                self.kinds[i],
            )
            for i in range(len(self))
        ]


class WallField:
    """Clearance (m) to the nearest wall and its gradient, sampled at points."""

    def __init__(self, clearance: np.ndarray, resolution: float, origin_x: float, origin_y: float):
        self.clearance = clearance
        gy, gx = np.gradient(clearance)
        norm = np.maximum(np.hypot(gx, gy), 1e-9)
        self.gx = (gx / norm).astype(np.float32)
        self.gy = (gy / norm).astype(np.float32)
        self.res, self.ox, self.oy = resolution, origin_x, origin_y
        self.h, self.w = clearance.shape

    def with_boxes(self, boxes: list, margin_m: float = 2.0) -> WallField:
        """A copy that also keeps clear of runtime boxes (sdf.Shape): only a window around
        each box is recomputed (exact distance to the box), so adding a cart costs ~ms."""
        out = WallField.__new__(WallField)
        out.res, out.ox, out.oy, out.h, out.w = self.res, self.ox, self.oy, self.h, self.w
        out.clearance = self.clearance.copy()
        out.gx, out.gy = self.gx.copy(), self.gy.copy()
        for box in boxes:
            reach = math.hypot(box.sx, box.sy) / 2 + margin_m
            c0 = max(int((box.x - reach - self.ox) / self.res), 0)
            c1 = min(int((box.x + reach - self.ox) / self.res) + 1, self.w)
            r0 = max(int((box.y - reach - self.oy) / self.res), 0)
            r1 = min(int((box.y + reach - self.oy) / self.res) + 1, self.h)
            if c1 - c0 < 3 or r1 - r0 < 3:
                continue
            xs = self.ox + (np.arange(c0, c1) + 0.5) * self.res - box.x
            ys = self.oy + (np.arange(r0, r1) + 0.5) * self.res - box.y
            c, s = math.cos(box.yaw), math.sin(box.yaw)
            lx = c * xs[None, :] + s * ys[:, None]
            ly = -s * xs[None, :] + c * ys[:, None]
            qx = np.maximum(np.abs(lx) - box.sx / 2, 0.0)
            qy = np.maximum(np.abs(ly) - box.sy / 2, 0.0)
            win = np.minimum(out.clearance[r0:r1, c0:c1], np.hypot(qx, qy).astype(np.float32))
            out.clearance[r0:r1, c0:c1] = win
            gy, gx = np.gradient(win)
            norm = np.maximum(np.hypot(gx, gy), 1e-9)
            out.gx[r0 + 1 : r1 - 1, c0 + 1 : c1 - 1] = (gx / norm)[1:-1, 1:-1]
            out.gy[r0 + 1 : r1 - 1, c0 + 1 : c1 - 1] = (gy / norm)[1:-1, 1:-1]
        return out

    def sample(self, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c = ((pts[:, 0] - self.ox) / self.res).astype(np.intp)
        r = ((pts[:, 1] - self.oy) / self.res).astype(np.intp)
        np.minimum(np.maximum(c, 0, out=c), self.w - 1, out=c)
        np.minimum(np.maximum(r, 0, out=r), self.h - 1, out=r)
        k = r * self.w + c
        grad = np.empty((len(pts), 2), dtype=np.float32)
        grad[:, 0] = self.gx.ravel()[k]
        grad[:, 1] = self.gy.ravel()[k]
        return self.clearance.ravel()[k], grad
