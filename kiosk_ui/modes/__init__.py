"""The list of kiosk modes. The shell knows modes only through this list and the Mode interface."""

from __future__ import annotations

import importlib

# name -> "module:Class"; imported only when the mode is opened, so start-up stays fast.
MODES: dict[str, str] = {
    "robot": "kiosk_ui.modes.robot:RobotScreenMode",
    "training": "kiosk_ui.modes.training:TrainingMode",
    "interview": "kiosk_ui.modes.interview:InterviewMode",
    "documents": "kiosk_ui.modes.documents:DocumentsMode",
    "operator": "kiosk_ui.modes.operator:OperatorMode",
}


def load_mode_class(name: str):
    try:
        target = MODES[name]
    except KeyError:
        raise ValueError(
            f"unknown kiosk mode {name!r}; choose one of: {', '.join(MODES)}"
        ) from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)
