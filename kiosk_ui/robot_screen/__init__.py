"""The robot's touch screen: its state and rules (model), what it says (answers), its widgets
(pages, view). The shell reaches it only through kiosk_ui.modes.robot."""
