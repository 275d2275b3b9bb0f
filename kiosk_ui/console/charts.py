"""The day's figures as bar charts (QPainter: no chart library, the theme's font draws Korean):
missions per type, success per type, busiest places. Only draws what the model computed."""

from __future__ import annotations

from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QColor, QPainter
from PyQt6.QtWidgets import QSizePolicy, QWidget

BAR_COLOURS = ("#0B57D0", "#1E8E3E", "#B06000")


class BarChart(QWidget):
    """One titled horizontal bar chart: (label, value) rows, value text at the bar's end."""

    def __init__(self, colour_index: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = ""
        self.rows: list[tuple[str, float, str]] = []  # label, value, value text
        self.maximum: float | None = None  # None: the largest value
        self.empty_text = ""
        self.colour = QColor(BAR_COLOURS[colour_index % len(BAR_COLOURS)])
        self.setMinimumHeight(48)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_rows(self, title: str, rows: list[tuple[str, float, str]], maximum=None) -> None:
        self.title, self.rows, self.maximum = title, rows, maximum
        self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        p.setPen(text_colour)
        fm = p.fontMetrics()
        line = fm.height() + 6
        p.drawText(QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft, self.title)
        if not self.rows:
            p.drawText(QRectF(0, line, self.width(), line), 0, self.empty_text)
            return
        label_w = min(self.width() * 0.4, max(fm.horizontalAdvance(r[0]) for r in self.rows) + 20)
        top = line + 4
        bar_h = max(12.0, min(28.0, (self.height() - top) / len(self.rows) - 6))
        top_value = self.maximum or max(r[1] for r in self.rows) or 1.0
        room = self.width() - label_w - fm.horizontalAdvance("100.0%") - 12
        for i, (label, value, value_text) in enumerate(self.rows):
            y = top + i * (bar_h + 6)
            p.setPen(text_colour)
            elided = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_w - 8))
            p.drawText(QRectF(0, y, label_w - 4, bar_h), Qt.AlignmentFlag.AlignVCenter, elided)
            w = max(2.0, room * value / top_value)
            p.fillRect(QRectF(label_w, y, w, bar_h), self.colour)
            p.drawText(
                QRectF(label_w + w + 4, y, 80, bar_h), Qt.AlignmentFlag.AlignVCenter, value_text
            )
