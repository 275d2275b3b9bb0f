"""Kiosk mode: the operator console (kiosk_ui.console) in the shell.

The fleet (every robot, offline ones too), a map with every robot, the selected robot's people
and plan, missions to a chosen robot or any free one through a queue, pause/resume/cancel/e-stop
per robot, alerts, the staff pager inbox and the day's figures. ROS traffic goes through
kiosk_ui.rosbridge.RobotBridge.

Which robots: CONCIERGE_ROBOTS (comma-separated namespaces, e.g. "robot1,robot2"; as
`concierge console --robots` sets it, e.g. "robot1,robot2,docent1"); unset: the one robot at the
root namespace. Robots that appear on the graph later are added as they are heard. Every site's
fleet (content) says where its robots work: the arboretum's docent is shown on the arboretum map
with the arboretum's places and courses, on the same console.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk_ui.console.alerts import AlertBook, AlertLog
from kiosk_ui.console.model import ConsoleModel
from kiosk_ui.console.view import ConsoleView
from kiosk_ui.modes.bridged import BridgedMode
from kiosk_ui.rosbridge import RobotBridge
from kiosk_ui.site_content import SiteContent, fleet_sites

ROBOTS_ENV = "CONCIERGE_ROBOTS"


def robots_from_env() -> list[str]:
    names = [n.strip().strip("/") for n in os.environ.get(ROBOTS_ENV, "").split(",")]
    return [n for n in names if n] or [""]


class OperatorMode(BridgedMode):
    name = "operator"
    title_key = "kiosk.mode_operator"
    node_name = "kiosk_operator_console"

    def __init__(self, ctx, site=None, bridge=None, robots=None):
        super().__init__(ctx, site, bridge)
        self.content = SiteContent.load(self.site)
        self.robots = list(robots) if robots is not None else robots_from_env()
        self.alert_log = AlertLog(Path(ctx.var_dir) / "console" / "alerts.db")
        fleets = fleet_sites()  # robot -> (its site, its roles there), every site's fleet
        self.model = ConsoleModel(
            self.site,
            dock_place=self.content.role("dock"),
            docks={ns: roles["dock"] for ns, (_, roles) in fleets.items()},
            sites={ns: site for ns, (site, _) in fleets.items()},
            robots=self.robots,
            alerts=AlertBook(self.alert_log),
        )

    def make_view(self, parent):
        if self.bridge is None:  # every robot of the fleet, and those that appear later
            self.bridge = RobotBridge(
                None, node_name=self.node_name, robots=self.robots, discover_robots=True
            )
            self._own_bridge = True
        view = ConsoleView(self.model, self.content, self.ctx, parent, figures=self._figures)
        self.bridge.setParent(view)
        return view

    def _figures(self):
        from kiosk_ui.console.stats import day_figures, default_log_path

        return day_figures(default_log_path())

    def idle_timeout(self) -> None:
        """An operator console keeps its state; nothing for a visitor to forget here."""
