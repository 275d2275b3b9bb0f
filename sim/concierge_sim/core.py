"""The 2D simulator core: one world and one clock for one robot or a fleet (each a `body`:
diff drive, battery, its own dock, its contacts), the visitors and the timed events.

Plain Python + numpy (no ROS), so a benchmark can step it in lockstep with the navigator.
`sim_node` is the ROS shell around it. The parts: `body` (a robot base), `space` (walls, runtime
obstacles, contact tests), `people` (visitors), `staging` (scripted visitors), `commands`.

Robots see each other in their lidar and cannot drive through each other (a contact, counted
like a wall's). Methods without a robot name speak of the first robot (the only one, usually);
`with sim.using(name):` makes another robot "the robot" for scripted visitors and commands.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from concierge_sim import staging
from concierge_sim.body import Body, Contact, RobotParams, RobotSpec, wrap
from concierge_sim.commands import apply_command
from concierge_sim.errors import SimError
from concierge_sim.lidar import LidarCaster
from concierge_sim.people import Crowd, PersonState, VisitorSpec
from concierge_sim.scenario import Scenario
from concierge_sim.sdf import Shape
from concierge_sim.space import Space
from concierge_sim.world import World

__all__ = ["Contact", "PersonState", "RobotParams", "RobotSpec", "Simulator", "SimError"]


class Simulator:
    def __init__(
        self,
        world: World,
        scenario: Scenario | None = None,
        seed: int = 0,
        robot: RobotParams | None = None,
        start_pose: tuple[float, float, float] | None = None,
        robots: list[RobotSpec] | None = None,
    ):
        """robots: the fleet (names, docks, start poses); None = one robot at the root that
        starts at start_pose (None = docked at the world's charging dock)."""
        self.world = world
        self.params = robot or RobotParams()
        self.rng = np.random.default_rng(seed)
        p = self.params
        self.space = Space(world, p.radius_m)
        g = world.grid
        self.lidar = LidarCaster(
            self.space.occ,
            g.resolution,
            g.origin_x,
            g.origin_y,
            n_beams=p.scan_beams,
            angle_min=p.scan_angle_min_rad,
            range_min=p.scan_range_min_m,
            range_max=p.scan_range_max_m,
        )
        self.crowd = Crowd(list(scenario.visitors) if scenario else [], self.rng)
        self._events = sorted(scenario.events, key=lambda e: e["t_s"]) if scenario else []
        self._time = 0.0
        specs = robots if robots else [RobotSpec("", "", start_pose)]
        self.bodies: list[Body] = []
        for spec in specs:
            dock = world.dock_poses.get(spec.dock, world.dock_pose) if spec.dock else None
            if spec.dock and spec.dock not in world.dock_poses:
                raise SimError(
                    f"robot {spec.name!r}: no dock {spec.dock!r} in the {world.site} world "
                    f"(docks: {', '.join(world.dock_poses)})"
                )
            dock = dock or world.dock_pose
            if any(b.name == spec.name for b in self.bodies):
                raise SimError(f"two robots named {spec.name!r}")
            body = Body(spec.name, p, spec.start_pose or dock, dock)
            if self.space.blocked(*body.pose[:2]):
                raise SimError(f"start pose {tuple(body.pose)} is inside a wall")
            self.bodies.append(body)
        for i, a in enumerate(self.bodies):
            for b in self.bodies[i + 1 :]:
                if math.dist(a.pose[:2], b.pose[:2]) < 2 * p.radius_m:
                    raise SimError(f"robots {a.name!r} and {b.name!r} start on top of each other")
        self._sel = self.bodies[0]  # "the robot" of the methods below (see using())
        self.people_contacts = 0  # visitors walking into a standing robot (not its fault)
        self._next_person = 0

    # ---------------------------------------------------------------- robots
    def robot_names(self) -> list[str]:
        return [b.name for b in self.bodies]

    def body(self, name: str | None = None) -> Body:
        """A robot by name; None = the current one (the first unless inside using())."""
        if name is None:
            return self._sel
        for b in self.bodies:
            if b.name == name.strip("/"):
                return b
        raise SimError(f"no robot {name!r} (robots: {', '.join(map(repr, self.robot_names()))})")

    @contextlib.contextmanager
    def using(self, name: str | None):
        """Make robot `name` "the robot" of robot_pose, place_robot, scripted visitors ..."""
        before, self._sel = self._sel, self.body(name)
        try:
            yield self._sel
        finally:
            self._sel = before

    # ---------------------------------------------------------------- state
    @property
    def time_s(self) -> float:
        return self._time

    @property
    def robot_pose(self) -> tuple[float, float, float]:
        return self._sel.robot_pose

    @property
    def robot_twist(self) -> tuple[float, float]:
        return self._sel.twist

    @property
    def battery_pct(self) -> float:
        return self._sel.battery

    @property
    def docked(self) -> bool:
        return self._sel.docked

    @property
    def collisions(self) -> int:
        """Robot-initiated contacts of every robot (walls, obstacles, visitors, robots)."""
        return sum(b.collisions for b in self.bodies)

    @property
    def collision_log(self) -> list[Contact]:
        if len(self.bodies) == 1:
            return self.bodies[0].collision_log
        return sorted((c for b in self.bodies for c in b.collision_log), key=lambda c: c.time_s)

    @property
    def odometer_m(self) -> float:
        return self._sel.odometer_m

    def people(self) -> list[PersonState]:
        return self.crowd.states()

    def scan(self, robot: str | None = None) -> np.ndarray:
        """Ranges (float32, RobotParams.scan_beams) from angle_min, counter-clockwise; inf =
        no return within range_max. Walls, runtime obstacles, visitors and the other robots
        all block beams."""
        me = self.body(robot)
        x, y, yaw = me.pose
        circles = [np.column_stack([self.crowd.pos, self.crowd.radius])] if len(self.crowd) else []
        others = [(*b.pose[:2], self.params.radius_m) for b in self.bodies if b is not me]
        if others:
            circles.append(np.array(others, dtype=float))
        return self.lidar.cast(x, y, yaw, np.concatenate(circles) if circles else None)

    # ---------------------------------------------------------------- inputs
    def set_cmd_vel(self, v: float, w: float, robot: str | None = None) -> None:
        """Command a twist; it holds until the next command or cmd_timeout_s passes."""
        self.body(robot).set_cmd_vel(v, w, self._time)

    def place_robot(self, x: float, y: float, yaw: float, robot: str | None = None) -> None:
        body = self.body(robot)
        if self.space.blocked(x, y):
            raise SimError(f"cannot place the robot at ({x:.2f}, {y:.2f}): inside a wall")
        body.place(x, y, yaw)

    def set_battery(self, pct: float, robot: str | None = None) -> None:
        self.body(robot).battery = float(min(max(pct, 0.0), 100.0))

    def add_obstacle(
        self, name: str, x: float, y: float, size_x: float, size_y: float, yaw: float = 0.0
    ) -> None:
        """A box that appears at runtime (e.g. a cart blocking a corridor)."""
        self.space.add_obstacle(name, x, y, size_x, size_y, yaw)
        self.lidar.set_occupancy(self.space.occ)

    def remove_obstacle(self, name: str) -> None:
        self.space.remove_obstacle(name)
        self.lidar.set_occupancy(self.space.occ)

    def obstacles(self) -> list[Shape]:
        return self.space.obstacles()

    # ---------------------------------------------------------------- scripted visitors
    def spawn_person_in_front(
        self, distance_m: float = 1.2, stand_s: float = 4.0, person_id: str | None = None
    ) -> str:
        """A visitor steps in front of the robot, stands stand_s seconds, then walks aside."""
        pid = person_id or f"stepper_{self._next_person}"
        self._next_person += 1
        self.crowd.add(
            staging.stepper_in_front(
                self.space, self.robot_pose, distance_m, stand_s, self._time, pid
            )
        )
        return pid

    def approach_robot(
        self,
        distance_m: float = 1.0,
        start_m: float = 4.0,
        stand_s: float = 10.0,
        person_id: str | None = None,
    ) -> str:
        """A curious visitor walks up to the robot from start_m away, stops distance_m in front
        of it, engages (is_engaged) for stand_s seconds, then walks off the way they came."""
        pid = person_id or f"visitor_{self._next_person}"
        self._next_person += 1
        spec, (sx, sy) = staging.curious_visitor(
            self.space, self.robot_pose, distance_m, start_m, pid
        )
        self.crowd.add(spec)
        arrive_s = self._time + (start_m - distance_m) / 0.8 + 1.0
        self._schedule({"t_s": arrive_s, "op": "engage", "id": pid})
        self._schedule({"t_s": arrive_s + stand_s, "op": "leave", "id": pid, "x": sx, "y": sy})
        return pid

    def leave(self, person_id: str, x: float, y: float) -> None:
        """The visitor stops facing the robot and walks to (x, y)."""
        self.crowd.walk_to(person_id, x, y)

    def summon_follower(self, distance_m: float = 1.2, person_id: str = "follower") -> str:
        """The follower (scenario visitor) stands in front of the robot and engages."""
        if person_id not in self.crowd.ids:
            x, y, _ = self.robot_pose
            self.crowd.add(VisitorSpec(person_id, "follower", x, y, 1.1, 0.25))
        spot = staging.free_spot_in_front(
            self.space, self.robot_pose, distance_m, self.crowd.radius_of(person_id)
        )
        self.crowd.stand_engaged_at(person_id, *spot)
        self.crowd.leader = self.bodies.index(self._sel)  # the robot the follower walks after
        return person_id

    def set_engaged(self, person_id: str, engaged: bool) -> None:
        self.crowd.set_engaged(person_id, engaged)

    def stop_following(self, person_id: str = "follower") -> None:
        """The follower stops where they are (the robot should notice it lost them)."""
        self.crowd.freeze(person_id)

    def resume_following(self, person_id: str = "follower") -> None:
        """The follower who stopped walks after the robot again (the robot should find them)."""
        self.crowd.unfreeze(person_id)

    def remove_person(self, person_id: str) -> None:
        self.crowd.remove(person_id)

    def command(self, cmd: dict) -> dict:
        """Apply one test command {op: ..., ...}; returns {ok, ...} (sim_node, scenario
        events). The ops are listed in concierge_sim.commands."""
        return apply_command(self, cmd)

    def _schedule(self, event: dict) -> None:
        self._events.append(event)
        self._events.sort(key=lambda e: e["t_s"])

    # ---------------------------------------------------------------- stepping
    def step(self, dt: float) -> None:
        if dt <= 0:
            raise SimError(f"dt must be > 0, got {dt}")
        while self._events and self._events[0]["t_s"] <= self._time:
            ev = dict(self._events.pop(0))
            ev.pop("t_s")
            self.command(ev)
        for body in self.bodies:  # in order: a later robot sees where an earlier one went
            self._move(body, dt)
        robot_xy = np.array([b.pose[:2] for b in self.bodies])
        # the heading as integrated (not wrapped): the visitors' model sees what it always saw
        robot_vel = np.array([[b.v * math.cos(b.heading), b.v * math.sin(b.heading)]
                              for b in self.bodies])  # fmt: skip
        robot_yaw = np.array([float(b.heading) for b in self.bodies])
        if len(self.bodies) == 1:  # one robot: exactly the single-robot model
            robot_xy, robot_vel, robot_yaw = robot_xy[0], robot_vel[0], float(robot_yaw[0])
        before = getattr(self.crowd, "touching_robot", np.zeros(len(self.crowd), dtype=bool))
        self.crowd.step(dt, robot_xy, robot_vel, robot_yaw, self.params.radius_m, self.space.walls)
        if len(before) == len(self.crowd.touching_robot):
            self.people_contacts += int((self.crowd.touching_robot & ~before).sum())
        self._time += dt
        for body in self.bodies:
            body.charge_or_drain(dt)

    def _move(self, body: Body, dt: float) -> None:
        x, y, _ = body.pose
        nx, ny, nyaw = body.drive(dt, self._time)
        touching: set[str] = set()
        if abs(body.v) > 1e-9:
            what = self.space.contact_at(nx, ny, self.crowd) or self._robot_at(body, nx, ny)
            if what:
                touching.add(what)
                body.bump(what, self._time)  # the bumper stops the base; it does not pass
                nx, ny = x, y
        body.odometer_m += math.hypot(nx - x, ny - y)
        body.pose[:] = (nx, ny, wrap(nyaw))
        body.heading = nyaw
        # Contacts persist while the robot stays pressed against the same thing.
        px, py = body.pose[:2]
        for what in list(body.contacts):
            if what not in touching and not self._still_touching(body, what, px, py):
                body.contacts.discard(what)
        body.contacts |= touching

    def _robot_at(self, me: Body, x: float, y: float, margin: float = 0.0) -> str | None:
        """Another robot the disk of `me` at (x, y) would overlap: "robot:<name>"."""
        reach = 2 * self.params.radius_m + margin
        for b in self.bodies:
            if b is not me and math.hypot(b.pose[0] - x, b.pose[1] - y) < reach:
                return f"robot:{b.name}"
        return None

    def _still_touching(self, me: Body, what: str, x: float, y: float) -> bool:
        if what.startswith("robot:"):
            return self._robot_at(me, x, y, margin=0.05) == what
        return self.space.still_touching(what, x, y, self.crowd)

    def run(self, duration_s: float, dt: float = 0.05) -> None:
        n = int(round(duration_s / dt))
        for _ in range(n):
            self.step(dt)
