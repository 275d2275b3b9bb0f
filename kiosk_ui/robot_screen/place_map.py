"""The hand-off map on the robot screen: the site map with where the robot stands (arrow) and
the place the visitor goes on to alone (a large ring), drawn from MapGeometry."""

from __future__ import annotations

import math
from pathlib import Path

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPolygonF
from PyQt6.QtWidgets import QSizePolicy, QWidget

from kiosk_ui.console.map_geometry import MapGeometry

ROBOT_COLOUR = QColor("#0B57D0")
PLACE_COLOUR = QColor("#C5221F")


class PlaceMap(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="handoff_map")
        self.geometry_: MapGeometry | None = None
        self.image: QImage | None = None
        self.place: tuple[float, float] | None = None
        self.robot: tuple[float, float, float] | None = None
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def load(self, yaml_path: Path | None) -> bool:
        """Read the map once; without a readable map the widget stays hidden (text still says
        where the place is)."""
        if yaml_path is None:
            return False
        try:
            geo = MapGeometry.load(yaml_path)
        except ValueError:
            return False
        image = QImage(str(geo.image_path))
        if image.isNull():
            return False
        geo.height_px = image.height()
        self.geometry_, self.image = geo, image
        return True

    def show_marks(self, place: tuple[float, float], robot: tuple[float, float, float]) -> None:
        self.place, self.robot = place, robot
        self.update()

    def _to_widget(self, x: float, y: float, scale: float, ox: float, oy: float) -> QPointF:
        px, py = self.geometry_.to_pixel(x, y)
        return QPointF(ox + px * scale, oy + py * scale)

    def paintEvent(self, event):
        if self.image is None or self.place is None or self.robot is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        img = self.image
        scale = min(self.width() / img.width(), self.height() / img.height())
        ox, oy = (
            (self.width() - img.width() * scale) / 2,
            (self.height() - img.height() * scale) / 2,
        )
        painter.drawImage(QRectF(ox, oy, img.width() * scale, img.height() * scale), img)
        r = max(8.0, 0.5 / self.geometry_.resolution * scale)
        goal = self._to_widget(*self.place, scale, ox, oy)
        painter.setPen(QPen(PLACE_COLOUR, max(3.0, r / 3)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(goal, 1.6 * r, 1.6 * r)
        painter.setBrush(QBrush(PLACE_COLOUR))
        painter.drawEllipse(goal, r / 2, r / 2)
        x, y, yaw = self.robot
        c = self._to_widget(x, y, scale, ox, oy)
        tip = QPointF(c.x() + 1.8 * r * math.cos(yaw), c.y() - 1.8 * r * math.sin(yaw))
        left = QPointF(c.x() + r * math.cos(yaw + 2.4), c.y() - r * math.sin(yaw + 2.4))
        right = QPointF(c.x() + r * math.cos(yaw - 2.4), c.y() - r * math.sin(yaw - 2.4))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(ROBOT_COLOUR))
        painter.drawPolygon(QPolygonF([tip, left, c, right]))
