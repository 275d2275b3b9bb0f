"""Kiosk mode: the robot's touch screen (kiosk_ui.robot_screen) in the shell.

City information while idle, then places, documents, staff, a call for a veteran official,
escorts and (arboretum) docent tours. ROS traffic goes through kiosk_ui.rosbridge.RobotBridge.
"""

from __future__ import annotations

from kiosk_ui.modes.bridged import BridgedMode
from kiosk_ui.robot_screen.model import RobotScreenModel
from kiosk_ui.robot_screen.view import RobotScreenView
from kiosk_ui.site_content import SiteContent


class RobotScreenMode(BridgedMode):
    name = "robot"
    title_key = "kiosk.mode_robot"
    node_name = "kiosk_robot_screen"

    def __init__(self, ctx, site=None, bridge=None):
        super().__init__(ctx, site, bridge)
        self.model = RobotScreenModel(SiteContent.load(self.site))

    def make_view(self, parent):
        return RobotScreenView(self.model, self.ctx, parent)

    def idle_timeout(self) -> None:
        self.model.reset()
        if self.view is not None:
            self.view.refresh()
