"""The operator console: robot state and rules (model), the staff pager inbox (pager), the map
(map_geometry, map_view) and its widget (view). The shell reaches it only through
kiosk_ui.modes.operator."""
