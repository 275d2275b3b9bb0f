"""Kiosk mode: the operator console (kiosk_ui.console) in the shell.

Live robot state, a map with pose, people and plan, mission launch, pause/resume/cancel/e-stop,
and the staff pager inbox. ROS traffic goes through kiosk_ui.rosbridge.RobotBridge.
"""

from __future__ import annotations

from kiosk_ui.console.model import ConsoleModel
from kiosk_ui.console.view import ConsoleView
from kiosk_ui.modes.bridged import BridgedMode
from kiosk_ui.site_content import SiteContent


class OperatorMode(BridgedMode):
    name = "operator"
    title_key = "kiosk.mode_operator"
    node_name = "kiosk_operator_console"

    def __init__(self, ctx, site=None, bridge=None):
        super().__init__(ctx, site, bridge)
        self.content = SiteContent.load(self.site)
        self.model = ConsoleModel(self.site, dock_place=self.content.role("dock"))

    def make_view(self, parent):
        return ConsoleView(self.model, self.content, self.ctx, parent)

    def idle_timeout(self) -> None:
        """An operator console keeps its state; nothing for a visitor to forget here."""
