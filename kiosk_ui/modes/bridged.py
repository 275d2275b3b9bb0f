"""A mode whose view hears the robot through a RobotBridge (robot screen, operator console)."""

from __future__ import annotations

import abc
import os

from PyQt6.QtWidgets import QWidget

from kiosk_ui.modes.base import KioskContext, Mode
from kiosk_ui.rosbridge import RobotBridge

DEFAULT_SITE = "city_hall"


class BridgedMode(Mode):
    """Builds the view and a bridge to the robot (unless one is shared in), starts the bridge
    and the view's timers when shown, and stops them (and a bridge it created itself) when
    left. Subclasses name the bridge's ROS node and make the view.

    The view: `connect_bridge(bridge)`, `refresh()`, `start_timers()`, `stop_timers()`."""

    node_name = ""  # the bridge's ROS node

    def __init__(
        self, ctx: KioskContext, site: str | None = None, bridge: RobotBridge | None = None
    ):
        super().__init__(ctx)
        # the site comes from the environment (as `concierge console --site` sets it), so the
        # shell needs no site setting of its own
        self.site = site or os.environ.get("CONCIERGE_SITE", DEFAULT_SITE)
        self.bridge = bridge
        self._own_bridge = bridge is None
        self.view = None

    @abc.abstractmethod
    def make_view(self, parent: QWidget | None) -> QWidget:
        """The mode's view, drawing the mode's model."""

    def build(self, parent: QWidget | None) -> QWidget:
        self.view = self.make_view(parent)
        if self.bridge is None:
            self.bridge = RobotBridge(self.view, node_name=self.node_name)
        self.view.connect_bridge(self.bridge)
        self.view.refresh()
        return self.view

    def start(self) -> None:
        if self.bridge is not None and not self.bridge.running:
            self.bridge.start()
        if self.view is not None:
            self.view.start_timers()

    def stop(self) -> None:
        if self.view is None:
            return
        self.view.stop_timers()
        if self.bridge is not None and self._own_bridge:
            self.bridge.stop()

    def apply_settings(self) -> None:
        if self.view is not None:
            self.view.refresh()
