"""The console's map widget: one site's map with every robot there (arrows; the selected one
blue, an offline one grey at its last pose), people (dots) and each online robot's planned path
(the selected robot's solid, the others dashed), drawn from ConsoleModel. Robots of other sites
are on their own site's map."""

from __future__ import annotations

import math
from pathlib import Path

from PyQt6.QtCore import QPointF, QRectF, Qt
from PyQt6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPolygonF
from PyQt6.QtWidgets import QSizePolicy, QWidget

from kiosk_ui.console.map_geometry import MapGeometry
from kiosk_ui.console.model import ConsoleModel

# Map marks: fixed colours that read on the grey/white/black occupancy image in both themes.
ROBOT_COLOUR = QColor("#0B57D0")
PERSON_COLOUR = QColor("#E8590C")
PLAN_COLOUR = QColor("#1E8E3E")
OTHER_ROBOT_COLOUR = QColor("#6B2FB3")  # the robots not selected
OFFLINE_COLOUR = QColor("#7A7A7A")  # last known pose of a robot that went silent


class MapView(QWidget):
    def __init__(
        self, model: ConsoleModel, parent: QWidget | None = None, site: str | None = None
    ):
        super().__init__(parent)
        self.setObjectName("map_view")
        self.model = model
        self.site = site  # whose map this is; None: draw every robot (one site)
        self.geometry_: MapGeometry | None = None
        self.image: QImage | None = None
        self.problem = ""
        self.message = ""  # what a person reads when there is no map
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def load(self, yaml_path: Path | None, why_none: str = "") -> None:
        """Read the map once; a missing or bad map leaves a message instead of a picture."""
        try:
            if yaml_path is None:
                raise ValueError(why_none or "no map")
            geo = MapGeometry.load(yaml_path)
            image = QImage(str(geo.image_path))
            if image.isNull():
                raise ValueError(f"map image {geo.image_path.name} cannot be read")
        except ValueError as exc:
            self.geometry_, self.image, self.problem = None, None, str(exc)
            return
        geo.height_px = image.height()
        self.geometry_, self.image, self.problem = geo, image, ""

    def _transform(self) -> tuple[float, float, float]:
        img = self.image
        scale = min(self.width() / img.width(), self.height() / img.height())
        ox = (self.width() - img.width() * scale) / 2
        oy = (self.height() - img.height() * scale) / 2
        return scale, ox, oy

    def to_widget(self, x: float, y: float) -> QPointF:
        scale, ox, oy = self._transform()
        px, py = self.geometry_.to_pixel(x, y)
        return QPointF(ox + px * scale, oy + py * scale)

    def paintEvent(self, event):
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.image is None:
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect(), flags, self.message)
            return
        scale, ox, oy = self._transform()
        painter.drawImage(
            QRectF(ox, oy, self.image.width() * scale, self.image.height() * scale), self.image
        )
        m = self.model
        fleet = m.fleet

        def here(name: str) -> bool:
            return self.site is None or m.site_of(name) == self.site

        # every online robot's plan; the selected robot's on top, in the plan colour
        for name in sorted(m.plans, key=lambda n: n == m.selected):
            plan = m.plans[name]
            if len(plan) < 2 or not fleet.online(name) or not here(name):
                continue
            selected = name == m.selected
            pen = QPen(PLAN_COLOUR, 3) if selected else QPen(OTHER_ROBOT_COLOUR, 2)
            if not selected:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPolyline(QPolygonF([self.to_widget(x, y) for x, y in plan]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(PERSON_COLOUR))
        r_person = max(3.0, 0.25 / self.geometry_.resolution * scale)
        for x, y in m.people if self.site is None or m.people_site == self.site else ():
            painter.drawEllipse(self.to_widget(x, y), r_person, r_person)
        for name in fleet.names():
            pose = fleet.robots[name].view.pose
            if pose is None or not here(name):
                continue
            if name == m.selected:
                colour = ROBOT_COLOUR
            elif fleet.online(name):
                colour = OTHER_ROBOT_COLOUR
            else:
                colour = OFFLINE_COLOUR
            self._draw_robot(painter, pose, colour, scale, name if len(fleet.robots) > 1 else "")

    def _draw_robot(self, painter, pose, colour, scale, label: str) -> None:
        x, y, yaw = pose
        c = self.to_widget(x, y)
        r = max(6.0, 0.35 / self.geometry_.resolution * scale)
        tip = QPointF(c.x() + 1.8 * r * math.cos(yaw), c.y() - 1.8 * r * math.sin(yaw))
        left = QPointF(c.x() + r * math.cos(yaw + 2.4), c.y() - r * math.sin(yaw + 2.4))
        right = QPointF(c.x() + r * math.cos(yaw - 2.4), c.y() - r * math.sin(yaw - 2.4))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        painter.drawPolygon(QPolygonF([tip, left, c, right]))
        painter.drawEllipse(c, r * 0.6, r * 0.6)
        if label:  # a namespace: the same name the fleet list shows
            painter.setPen(QPen(colour))
            painter.drawText(QPointF(c.x() + r + 2, c.y() - r), label)
