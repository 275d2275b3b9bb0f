"""One live status line for people waiting on something (a bar on a terminal, lines otherwise)."""

from __future__ import annotations

import sys
import time


class LiveLine:
    def __init__(self, stream=sys.stderr, every_s: float = 2.0):
        self.stream = stream
        self.tty = stream.isatty()
        self.every_s = every_s
        self._last = 0.0
        self._width = 0

    def show(self, fraction: float | None, text: str) -> None:
        now = time.monotonic()
        if not self.tty and now - self._last < self.every_s:
            return
        self._last = now
        if fraction is not None:
            f = max(0.0, min(1.0, fraction))
            filled = int(round(f * 24))
            text = f"[{'#' * filled}{'-' * (24 - filled)}] {f * 100:5.1f}%  {text}"
        if self.tty:
            pad = max(0, self._width - len(text))
            self.stream.write("\r" + text + " " * pad)
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self, text: str) -> None:
        if self.tty:
            self.stream.write("\r" + text + " " * max(0, self._width - len(text)) + "\n")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
        self._width = 0
