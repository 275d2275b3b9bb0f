"""`sim_node`: the ROS shell around the simulator core. It owns /clock and steps the world at
real_time_factor x real time (0 = as fast as possible), taking /cmd_vel and publishing
/odom, /scan, /battery_state, /people, /sim/collisions and /sim/docked.

With robots:=N (issue 16) it simulates the first N robots of the site's fleet (content:
places.yaml `fleet`) in the same world and on the same clock, each under its namespace:
/<ns>/cmd_vel in; /<ns>/odom, /<ns>/scan, /<ns>/battery_state, /<ns>/people,
/<ns>/sim/collisions and /<ns>/sim/docked out; /sim/collisions counts every robot's contacts.
robots:=0 (the default) is the one robot at the root namespace, as always.

With sites:=city_hall:2,arboretum:1 it simulates several sites on the one clock, each site's
world with the first N robots of that site's fleet (`concierge_sim.sites`); site and robots are
then unused. Each robot's /<ns>/people are its own site's visitors; a /sim/command goes to the
world of its "robot" (or "site"), else to the first site's.

With lockstep:=true it also waits, after each step, until every node that takes part (the
navigator, the mission manager: they acknowledge on /sim/step_ack) has handled it, so a loaded
machine makes the run slower, never different. See concierge_lockstep.

Test events arrive as JSON on /sim/command (std_msgs/String); each gets a JSON reply on
/sim/command_result, e.g. {"op": "add_obstacle", "name": "cart", "x": 30, "y": 6,
"size_x": 2, "size_y": 0.6} -> {"ok": true, "op": "add_obstacle"}. See sim/README.md.
"""

from __future__ import annotations

import contextlib
import json
import math
import sys
import threading
import time

import rclpy
from concierge_interfaces.msg import Person, PersonArray, StepAck
from concierge_lockstep.barrier import StepBarrier
from concierge_lockstep.participant import ACK_QOS, ACK_TOPIC, CLOCK_QOS, stamp_ns
from concierge_lockstep.spin import spin_until_shutdown
from geometry_msgs.msg import Twist
from nav_msgs.msg import Odometry
from rcl_interfaces.msg import ParameterDescriptor
from rclpy._rclpy_pybind11 import RCLError
from rclpy.executors import ExternalShutdownException
from rclpy.experimental import EventsExecutor
from rclpy.node import Node
from rclpy.qos import QoSDurabilityPolicy, QoSProfile, QoSReliabilityPolicy
from rosgraph_msgs.msg import Clock
from sensor_msgs.msg import BatteryState, LaserScan
from std_msgs.msg import Bool, String, UInt32

from concierge_sim.core import RobotParams, RobotSpec, Simulator
from concierge_sim.scenario import load_scenario
from concierge_sim.sites import Sites, parse_sites
from concierge_sim.world import load_world

LATCHED = QoSProfile(
    depth=1,
    reliability=QoSReliabilityPolicy.RELIABLE,
    durability=QoSDurabilityPolicy.TRANSIENT_LOCAL,
)


class SimNode(Node):
    def __init__(self, **kwargs) -> None:
        # No parameter services: parameters are read once at start, and rclpy's executor pays
        # for every service on every wake-up (a third of the navigator's time at 20 Hz).
        super().__init__("sim", **{"start_parameter_services": False, **kwargs})

        def param(name: str, default, description: str):
            d = ParameterDescriptor(dynamic_typing=True, description=description)
            return self.declare_parameter(name, default, d).value

        site = str(param("site", "city_hall", "world: sim/worlds/<site>.sdf"))
        scenario = str(
            param("scenario", "normal", "visitor preset, a scenario YAML path, or 'none'")
        )
        seed = int(param("seed", 0, "random seed for visitors"))
        visitors = int(param("visitors", -1, "exact number of visitors (-1 = the preset's)"))
        self.rtf = float(param("real_time_factor", 1.0, "sim speed / wall speed; 0 = max"))
        self.dt = float(param("step_s", 0.1, "step: /clock and /odom period, lockstep unit (s)"))
        physics_dt = float(param("physics_step_s", 0.05, "longest physics sub-step (s)"))
        scan_hz = float(param("scan_rate_hz", 10.0, "LaserScan rate in sim time"))
        people_hz = float(param("people_rate_hz", 10.0, "/people rate in sim time"))
        x0 = float(param("initial_x", math.nan, "start x (NaN = docked at the dock)"))
        y0 = float(param("initial_y", math.nan, "start y"))
        yaw0 = float(param("initial_yaw", math.nan, "start yaw"))
        n_robots = int(
            param("robots", 0, "0 = one robot at the root; N = the site's fleet's first N")
        )
        sites = str(param("sites", "", "several sites on one clock, e.g. city_hall:2,arboretum:1"))
        robot = RobotParams(
            battery_initial_pct=float(param("battery_initial_pct", 100.0, "start charge %")),
            battery_drain_pct_per_min=float(
                param("battery_drain_pct_per_min", 0.25, "idle drain, % per minute")
            ),
            battery_drain_pct_per_km=float(
                param("battery_drain_pct_per_km", 8.0, "driving drain, % per km")
            ),
            battery_charge_pct_per_min=float(
                param("battery_charge_pct_per_min", 2.0, "charge rate on the dock")
            ),
            max_linear_mps=float(param("max_linear_mps", 1.0, "base speed limit")),
            max_angular_rps=float(param("max_angular_rps", 1.8, "base turn-rate limit")),
            scan_range_max_m=float(param("scan_range_max_m", 12.0, "lidar range")),
        )
        self.lockstep = bool(param("lockstep", False, "wait for every participant each step"))
        lockstep_nodes = str(
            param("lockstep_nodes", "", "comma-separated nodes to wait for before the first step")
        )
        lockstep_timeout_s = float(
            param("lockstep_timeout_s", 5.0, "wall s a silent participant is waited for")
        )
        self.lockstep_join_timeout_s = float(
            param("lockstep_join_timeout_s", 120.0, "wall s to wait for lockstep_nodes to start")
        )
        if self.rtf < 0 or not 0 < self.dt <= 0.2 or physics_dt <= 0:
            raise ValueError(
                "real_time_factor must be >= 0, step_s in (0, 0.2] and physics_step_s > 0; "
                f"got {self.rtf}, {self.dt}, {physics_dt}"
            )
        # Physics in sub-steps no longer than physics_step_s; messages once per step: the
        # controller runs at 10 Hz, so more /odom only costs every node a wake-up.
        self._substeps = max(1, math.ceil(self.dt / physics_dt - 1e-9))

        def simulator(site: str, specs: list[RobotSpec] | None, start=None) -> Simulator:
            world = load_world(site)  # first: an unknown site is named as one
            sc = None
            if scenario.lower() not in ("", "none"):
                sc = load_scenario(
                    site, scenario, seed=seed, visitors=None if visitors < 0 else visitors
                )
            return Simulator(world, sc, seed=seed, robot=robot, start_pose=start, robots=specs)

        if sites.strip():
            counts = parse_sites(sites)
            self.sim = Sites({s: simulator(s, fleet_specs(s, n)) for s, n in counts})
            site = ", ".join(f"{s} ({n})" for s, n in counts)
        else:
            start = None if math.isnan(x0) else (x0, y0, 0.0 if math.isnan(yaw0) else yaw0)
            specs = fleet_specs(site, n_robots) if n_robots > 0 else None
            self.sim = Sites({site: simulator(site, specs, start)})  # one site: one world
        self._scan_every = max(1, round(1.0 / (scan_hz * self.dt)))
        self._people_every = max(1, round(1.0 / (people_hz * self.dt)))
        self._slow_every = max(1, round(1.0 / self.dt))  # 1 Hz: battery, counters
        self._tick = 0
        self._last_collisions = -1
        self._person_pools: dict[str, list[Person]] = {}  # per site: messages are reused
        self._lock = threading.Lock()  # callbacks run on the executor thread, steps on main
        self._acked = threading.Condition(self._lock)  # signalled by acknowledgements
        expected = expand_lockstep_nodes(lockstep_nodes, self.sim.robot_names())
        self.barrier = StepBarrier(expected, lockstep_timeout_s) if self.lockstep else None

        self.clock_pub = self.create_publisher(Clock, "/clock", CLOCK_QOS)
        self.coll_pub = self.create_publisher(UInt32, "/sim/collisions", LATCHED)
        self.result_pub = self.create_publisher(String, "/sim/command_result", 10)
        # one set of topics per robot: at the root for the single robot, else /<ns>/...
        self.io = [_RobotIO(self, body.name) for body in self.sim.bodies]
        self.create_subscription(String, "/sim/command", self._on_command, 10)
        if self.lockstep:
            self.create_subscription(StepAck, ACK_TOPIC, self._on_step_ack, ACK_QOS)
        at = ", ".join(
            f"{b.name or 'robot'} at {tuple(round(v, 2) for v in b.robot_pose)}"
            for b in self.sim.bodies
        )
        self.get_logger().info(
            f"sim: {site}, {len(self.sim.people())} visitors ({scenario}), "
            f"x{self.rtf or 'max'} real time{', lockstep' if self.lockstep else ''}; {at}"
        )

    # ------------------------------------------------------------------ inputs
    def _on_cmd_vel(self, msg: Twist, robot: str = "") -> None:
        v, w = msg.linear.x, msg.angular.z
        if math.isfinite(v) and math.isfinite(w):
            with self._lock:
                self.sim.set_cmd_vel(v, w, robot)
                if self.barrier is not None:
                    self.barrier.cmd_vel_arrived()
                    self._acked.notify_all()
        else:
            self.get_logger().warning(f"ignored non-finite cmd_vel ({v}, {w})")

    def _on_command(self, msg: String) -> None:
        cmd = None
        try:
            cmd = json.loads(msg.data)
            if not isinstance(cmd, dict):
                raise ValueError("a command is a JSON object with an 'op'")
            with self._lock:
                result = self.sim.command(cmd)
        except ValueError as exc:
            result = {"ok": False, "error": f"bad command: {exc}"}
        if isinstance(cmd, dict) and "request_id" in cmd:
            result["request_id"] = cmd["request_id"]
        if not result.get("ok"):
            self.get_logger().warning(f"sim command failed: {result}")
        self.result_pub.publish(String(data=json.dumps(result)))

    def _on_step_ack(self, msg: StepAck) -> None:
        with self._lock:
            joined = self.barrier.ack(msg.node, stamp_ns(msg.stamp), msg.cmd_vel_sent, msg.leaving)
            self._acked.notify_all()
        if joined:
            self.get_logger().info(f"lockstep: {msg.node} takes part")
        elif msg.leaving:
            self.get_logger().info(f"lockstep: {msg.node} left")

    # ------------------------------------------------------------------ stepping
    def tick(self) -> None:
        for _ in range(self._substeps):
            self.sim.step(self.dt / self._substeps)
        self._tick += 1
        stamp = _stamp(self.sim.time_s)
        if self.barrier is not None:
            self.barrier.begin_step(stamp_ns(stamp))  # before anything of this step goes out
        # Sensors first, /odom and /clock last: a node that acts on /odom or /clock has the
        # scan and people of the same step (in practice; DDS does not order topics).
        slow = self._tick % self._slow_every == 0
        people: dict[str, PersonArray] = {}  # by site: a robot sees its own site's visitors
        for io in self.io:
            body = self.sim.body(io.name)
            if self._tick % self._scan_every == 0:
                self._publish_scan(stamp, io)
            if self._tick % self._people_every == 0:
                if io.site not in people:
                    people[io.site] = self._people_msg(stamp, io)
                io.people.publish(people[io.site])
            if slow:
                self._publish_battery(stamp, io)
            if slow or body.collisions != io.last_collisions:
                io.last_collisions = body.collisions
                if io.coll is not None:
                    io.coll.publish(UInt32(data=body.collisions))
            docked = body.docked
            if slow or docked != io.last_docked:
                io.last_docked = docked
                io.docked.publish(Bool(data=docked))
        if slow or self.sim.collisions != self._last_collisions:
            self._last_collisions = self.sim.collisions
            self.coll_pub.publish(UInt32(data=self.sim.collisions))
        for io in self.io:
            self._publish_odom(stamp, io)
        self.clock_pub.publish(Clock(clock=stamp))

    def _publish_odom(self, stamp, io: _RobotIO) -> None:
        body = self.sim.body(io.name)
        x, y, yaw = body.robot_pose
        v, w = body.twist
        msg = Odometry()
        msg.header.stamp = stamp
        msg.header.frame_id = "odom"
        msg.child_frame_id = "base_link"
        msg.pose.pose.position.x, msg.pose.pose.position.y = x, y
        msg.pose.pose.orientation.z = math.sin(yaw / 2)
        msg.pose.pose.orientation.w = math.cos(yaw / 2)
        msg.twist.twist.linear.x = v
        msg.twist.twist.angular.z = w
        io.odom.publish(msg)

    def _publish_scan(self, stamp, io: _RobotIO) -> None:
        lidar = self.sim.lidar
        msg = LaserScan()
        msg.header.stamp = stamp
        msg.header.frame_id = "base_link"
        msg.angle_min = lidar.angle_min
        msg.angle_increment = lidar.angle_increment
        msg.angle_max = lidar.angle_min + (lidar.n_beams - 1) * lidar.angle_increment
        msg.scan_time = self._scan_every * self.dt
        msg.range_min = lidar.range_min
        msg.range_max = lidar.range_max
        msg.ranges = self.sim.scan(io.name).tolist()
        io.scan.publish(msg)

    def _people_msg(self, stamp, io: _RobotIO) -> PersonArray:
        msg = PersonArray()
        msg.header.stamp = stamp
        msg.header.frame_id = "map"
        people = self.sim.people(io.name)
        pool = self._person_pools.setdefault(io.site, [])
        while len(pool) < len(people):  # message objects are reused: cheaper
            pool.append(Person())
        for p, q in zip(people, pool, strict=False):
            q.id = p.id
            pos, ori, vel = q.pose.position, q.pose.orientation, q.velocity
            pos.x, pos.y = p.x, p.y
            heading = math.atan2(p.vy, p.vx) if p.vx * p.vx + p.vy * p.vy > 0.0025 else 0.0
            ori.z, ori.w = math.sin(heading / 2), math.cos(heading / 2)
            vel.x, vel.y = p.vx, p.vy
            q.radius = p.radius
            q.is_engaged = p.is_engaged
        msg.people = pool[: len(people)]
        return msg

    def _publish_battery(self, stamp, io: _RobotIO) -> None:
        body = self.sim.body(io.name)
        msg = BatteryState()
        msg.header.stamp = stamp
        msg.percentage = body.battery / 100.0
        msg.voltage = 22.0 + 3.2 * msg.percentage
        msg.present = True
        msg.power_supply_technology = BatteryState.POWER_SUPPLY_TECHNOLOGY_LION
        msg.power_supply_health = BatteryState.POWER_SUPPLY_HEALTH_GOOD
        if body.docked:
            msg.power_supply_status = (
                BatteryState.POWER_SUPPLY_STATUS_FULL
                if body.battery >= 99.9
                else BatteryState.POWER_SUPPLY_STATUS_CHARGING
            )
        else:
            msg.power_supply_status = BatteryState.POWER_SUPPLY_STATUS_DISCHARGING
        io.battery.publish(msg)

    def _await_joiners(self, spinner: threading.Thread) -> None:
        """Before the first step: let the expected participants start (republishing time 0 so
        they have a step to acknowledge), for at most lockstep_join_timeout_s."""
        deadline = time.monotonic() + self.lockstep_join_timeout_s
        with self._lock:
            while self.context.ok() and spinner.is_alive() and self.barrier.missing_joiners():
                if time.monotonic() > deadline:
                    missing = ", ".join(self.barrier.missing_joiners())
                    self.get_logger().warning(f"lockstep: starting without {missing}")
                    return
                stamp = _stamp(self.sim.time_s)
                self.barrier.begin_step(stamp_ns(stamp))
                for io in self.io:
                    self._publish_odom(stamp, io)
                self.clock_pub.publish(Clock(clock=stamp))
                self._acked.wait(0.1)

    def _await_acks(self, spinner: threading.Thread) -> None:
        """After a step: wait until every participant has handled it (dropping one that stays
        silent for lockstep_timeout_s: a killed node must not stop the world)."""
        with self._lock:
            while self.context.ok() and spinner.is_alive() and not self.barrier.ready():
                self._acked.wait(0.05)
                for name in self.barrier.drop_overdue():
                    self.get_logger().warning(
                        f"lockstep: {name} silent for {self.barrier.timeout_s:.0f} s; "
                        "stepping without it until it answers again"
                    )

    def _report_lockstep(self, every_sim_s: float = 60.0) -> None:
        """Every minute of sim time: how fast the run goes and who it waits for."""
        every_steps = max(1, round(every_sim_s / self.dt))
        if self._tick % every_steps:
            return
        now = time.monotonic()
        since = getattr(self, "_report_wall", None)
        self._report_wall = now
        if since is None:
            return
        rtf = every_steps * self.dt / max(now - since, 1e-9)
        answers = "; ".join(
            f"{name} mean {s['mean']} p95 {s['p95']} max {s['max']} ms"
            for name, s in self.barrier.answer_stats().items()
        )
        self.get_logger().info(f"lockstep: x{rtf:.1f} real time; answers: {answers}")

    def run(self, executor) -> None:
        """Step in sim time, paced to real_time_factor; callbacks are served meanwhile by the
        executor on its own thread (it sleeps in rcl's wait, so stepping pays nothing)."""
        spinner = threading.Thread(target=_spin, args=(executor,), name="sim-spin", daemon=True)
        spinner.start()
        try:
            self._step_until_shutdown(spinner)
        finally:
            # Join the executor's thread before the interpreter exits: a thread still inside
            # rcl at exit aborts the process ("terminate called without an active exception").
            executor.shutdown(timeout_sec=1.0)
            spinner.join(timeout=2.0)

    def _step_until_shutdown(self, spinner: threading.Thread) -> None:
        if self.barrier is not None:
            self._await_joiners(spinner)
        period = self.dt / self.rtf if self.rtf > 0 else 0.0
        next_wall = time.monotonic()
        while self.context.ok() and spinner.is_alive():
            if period:
                now = time.monotonic()
                if now < next_wall:
                    time.sleep(next_wall - now)
                    continue
                next_wall = max(next_wall + period, now - 0.5)  # do not sprint to catch up
            with self._lock:
                try:
                    self.tick()
                except RCLError:
                    if self.context.ok():
                        raise
                    break  # shut down between the check and the publish: just stop
            if self.barrier is not None:
                self._await_acks(spinner)
                self._report_lockstep()


class _RobotIO:
    """One robot's topics on the simulator node: at the root for the single robot (name ""),
    under /<name>/ for a fleet robot."""

    def __init__(self, node: SimNode, name: str):
        self.name = name
        self.site = node.sim.site_of(name)
        ns = f"/{name}" if name else ""
        self.odom = node.create_publisher(Odometry, f"{ns}/odom", 10)
        self.scan = node.create_publisher(LaserScan, f"{ns}/scan", 10)
        self.battery = node.create_publisher(BatteryState, f"{ns}/battery_state", 10)
        self.people = node.create_publisher(PersonArray, f"{ns}/people", 10)
        # the single robot's contacts are /sim/collisions itself; a fleet robot has its own
        self.coll = node.create_publisher(UInt32, f"{ns}/sim/collisions", LATCHED) if ns else None
        self.docked = node.create_publisher(Bool, f"{ns}/sim/docked", LATCHED)
        node.create_subscription(
            Twist, f"{ns}/cmd_vel", lambda msg: node._on_cmd_vel(msg, name), 10
        )
        self.last_collisions = -1
        self.last_docked: bool | None = None


def fleet_specs(site: str, count: int) -> list[RobotSpec]:
    """The first `count` robots of the site's fleet (content), each docked on its own dock."""
    from concierge_content.places import load_places

    places = load_places(site)
    if count > len(places.fleet):
        raise ValueError(
            f"robots:={count}, but content/sites/{site}/places.yaml lists "
            f"{len(places.fleet)} fleet robot(s) (each needs its own dock there)"
        )
    return [
        RobotSpec(r.namespace, places.roles_for(r.namespace)["dock"]) for r in places.fleet[:count]
    ]


def expand_lockstep_nodes(names: str, robots: list[str]) -> list[str]:
    """The nodes lockstep waits for before the first step. A relative name is every robot's
    node of that name (/robot1/navigator, /robot2/navigator ...); an absolute one is itself."""
    out = []
    for name in (n.strip() for n in names.split(",")):
        if not name:
            continue
        if name.startswith("/"):
            out.append(name)
        else:
            out += [f"/{r}/{name}" if r else f"/{name}" for r in robots]
    return out


def _spin(executor) -> None:
    with contextlib.suppress(ExternalShutdownException, KeyboardInterrupt):
        # The events executor (C++): every participant's ack and /cmd_vel wakes this thread
        # each step, and rclpy's Python executor rebuilt its wait set on every wake-up (~40 %
        # of the simulator's CPU in lockstep).
        spin_until_shutdown(executor)


def _stamp(t: float):
    """Sim seconds as a ROS Time. Rounded in whole nanoseconds first: 122.99999999997 s is
    123 s, not 122 s + a nanosecond field that wrapped to 0 (time jumping back a second)."""
    from builtin_interfaces.msg import Time

    sec, nanosec = divmod(round(t * 1e9), 1_000_000_000)
    return Time(sec=int(sec), nanosec=int(nanosec))


def main(args: list[str] | None = None) -> None:
    rclpy.init(args=args)
    node = None
    try:
        node = SimNode()
        executor = EventsExecutor()
        executor.add_node(node)
        node.run(executor)
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    except (ValueError, FileNotFoundError) as exc:
        # Bad parameters or world/scenario files: one clear line, not a traceback.
        print(f"sim_node: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    finally:
        if node is not None:
            node.destroy_node()
        if rclpy.ok():
            rclpy.shutdown()


if __name__ == "__main__":
    main()
