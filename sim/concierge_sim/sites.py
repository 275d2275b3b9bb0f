"""Several sites in one simulation: one world per site (its walls, visitors and robots), stepped
together on one clock, so a console can watch the city-hall lobby pair and the arboretum's
docent robot at once and lockstep waits for all of them (issue 16).

`Sites` answers what `sim_node` asks a `Simulator` (bodies, scans, commands, stepping) across the
worlds (one site is a `Sites` of one); a robot belongs to the world of its site and never meets
the others' robots or visitors.
Robot names are unique across sites (the content check enforces it for the fleets).
"""

from __future__ import annotations

from concierge_sim.body import Body
from concierge_sim.core import Simulator
from concierge_sim.errors import SimError
from concierge_sim.people import PersonState


def parse_sites(text: str) -> list[tuple[str, int]]:
    """`city_hall:2,arboretum:1` -> [("city_hall", 2), ("arboretum", 1)]; a count of 0 drops
    the site. Each site at most once."""
    out: list[tuple[str, int]] = []
    for item in (s.strip() for s in text.split(",")):
        if not item:
            continue
        site, sep, count = item.partition(":")
        site = site.strip()
        try:
            n = int(count) if sep else 1
        except ValueError:
            n = -1
        if not site or n < 0:
            raise ValueError(f"sites: {item!r} is not <site>:<robots> (e.g. city_hall:2)")
        if any(s == site for s, _ in out):
            raise ValueError(f"sites: {site!r} is given twice")
        if n:
            out.append((site, n))
    if not out:
        raise ValueError(f"sites: {text!r} names no site with robots")
    return out


class Sites:
    """Worlds by site on one clock. `sims[site]` is that site's Simulator."""

    def __init__(self, sims: dict[str, Simulator]):
        if not sims:
            raise SimError("no site to simulate")
        self.sims = dict(sims)
        self._site_of: dict[str, str] = {}
        for site, sim in self.sims.items():
            for name in sim.robot_names():
                if name in self._site_of:
                    raise SimError(
                        f"robot {name!r} is in both {self._site_of[name]} and {site}: "
                        "robot names are unique across sites"
                    )
                self._site_of[name] = site
        first = next(iter(self.sims.values()))
        self.lidar = first.lidar  # the scan's angles and range: one robot model everywhere

    # the Simulator questions sim_node asks, across every site
    @property
    def bodies(self) -> list[Body]:
        return [b for sim in self.sims.values() for b in sim.bodies]

    def robot_names(self) -> list[str]:
        return list(self._site_of)

    def site_of(self, robot: str) -> str:
        try:
            return self._site_of[robot.strip("/")]
        except KeyError:
            raise SimError(
                f"no robot {robot!r} (robots: {', '.join(map(repr, self._site_of))})"
            ) from None

    def sim_of(self, robot: str) -> Simulator:
        return self.sims[self.site_of(robot)]

    def body(self, name: str) -> Body:
        return self.sim_of(name).body(name)

    def scan(self, robot: str):
        return self.sim_of(robot).scan(robot)

    def people(self, robot: str | None = None) -> list[PersonState]:
        """The visitors around a robot (its site's); None: every site's."""
        if robot is not None:
            return self.sim_of(robot).people()
        return [p for sim in self.sims.values() for p in sim.people()]

    def set_cmd_vel(self, v: float, w: float, robot: str) -> None:
        self.sim_of(robot).set_cmd_vel(v, w, robot)

    def command(self, cmd: dict) -> dict:
        """A test command goes to the world of its `robot`, else of its `site`, else the first
        site's (as with one world, where robot-less commands speak of the first robot)."""
        robot, site = cmd.get("robot"), cmd.get("site")
        try:
            if robot:
                sim = self.sim_of(str(robot))
            elif site:
                if site not in self.sims:
                    raise SimError(f"no site {site!r} (sites: {', '.join(self.sims)})")
                sim = self.sims[site]
            else:
                sim = next(iter(self.sims.values()))
        except SimError as exc:
            return {"ok": False, "op": cmd.get("op"), "error": str(exc)}
        return sim.command({k: v for k, v in cmd.items() if k != "site"})

    @property
    def collisions(self) -> int:
        return sum(sim.collisions for sim in self.sims.values())

    @property
    def time_s(self) -> float:
        return next(iter(self.sims.values())).time_s

    def step(self, dt: float) -> None:
        for sim in self.sims.values():
            sim.step(dt)
