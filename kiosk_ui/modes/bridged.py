"""A mode whose view hears the robot through a RobotBridge (robot screen, operator console)."""

from __future__ import annotations

from kiosk_ui.modes.base import Mode


class BridgedMode(Mode):
    """Starts the bridge and the view's timers when shown; stops them (and a bridge it created
    itself) when left. Subclasses set `self.view` in build() and may pass a shared bridge."""

    def __init__(self, ctx, bridge=None):
        super().__init__(ctx)
        self.bridge = bridge
        self._own_bridge = bridge is None
        self.view = None

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
