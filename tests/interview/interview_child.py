"""Child process for the crash test: runs the interview mode and answers until it is killed.

Usage: python interview_child.py VAR_DIR. Prints "RECORDING <interview id>" once question 2 is
being recorded (its partial file growing on disk), then keeps recording until SIGKILL.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from interview_helpers import make_mode, pattern_settings
from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QApplication

from kiosk_ui.interview.flow import Phase


def main() -> int:
    var_dir = Path(sys.argv[1])
    app = QApplication(sys.argv)
    mode, parent, _ = make_mode(var_dir, pattern_settings(time_scale=1.0))
    parent.show()
    mode.start()
    ctrl = mode.ctrl
    state = {"step": "choose", "t": 0.0}
    give_up = time.monotonic() + 60

    def step() -> None:
        flow = ctrl.flow
        s = state["step"]
        if time.monotonic() > give_up:
            app.exit(3)
        elif s == "choose" and not ctrl.busy:
            ctrl.choose("practice", "ko")
            ctrl.accept_consent()
            state["step"] = "check"
        elif s == "check" and ctrl.devices_ok():
            ctrl.continue_after_check()
            ctrl.start_answer()
            state.update(step="answer1", t=time.monotonic())
        elif s == "answer1" and time.monotonic() - state["t"] > 0.4:
            ctrl.stop_answer()
            state["step"] = "saved1"
        elif s == "saved1" and flow.phase is Phase.ANSWERED:
            ctrl.next_question()
            ctrl.start_answer()
            state["step"] = "answer2"
        elif s == "answer2":
            folder = mode.store.interview_dir(ctrl.interview.id)
            parts = [p for p in folder.iterdir() if p.name.startswith(".part-q01")]
            if parts and all(p.stat().st_size > 0 for p in parts):
                print(f"RECORDING {ctrl.interview.id}", flush=True)
                state["step"] = "wait-for-kill"

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(20)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
