"""The console's panels: a titled section, the fleet list, lists whose rows carry ids (alerts,
queue, pager inbox), the mission form and the day's figures. Each only shows what it is given; the
console view (kiosk_ui.console.view) decides what and forwards clicks."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui.console import texts
from kiosk_ui.console.charts import BarChart
from kiosk_ui.console.stats import DayFigures


def section(title: QLabel, *parts: QWidget | QLayout) -> QFrame:
    """A panel: a bold title over widgets and layouts."""
    box = QFrame()
    box.setProperty("role", "panel")
    lay = QVBoxLayout(box)
    lay.setContentsMargins(10, 6, 10, 8)
    lay.setSpacing(4)
    title.setObjectName("section_title")
    lay.addWidget(title)
    for part in parts:
        if isinstance(part, QWidget):
            lay.addWidget(part)
        else:
            lay.addLayout(part)
    return box


class IdList(QListWidget):
    """A list whose rows carry ids: refilled in place, the chosen row stays chosen, and an
    empty list says so in a row that cannot be chosen."""

    def __init__(self, name: str, min_height: int = 0, max_height: int = 0, wrap: bool = False):
        super().__init__(objectName=name)
        if min_height:
            self.setMinimumHeight(min_height)
        if max_height:
            self.setMaximumHeight(max_height)
        self.setWordWrap(wrap)

    def chosen(self) -> object | None:
        row = self.currentItem()
        return None if row is None else row.data(Qt.ItemDataRole.UserRole)

    def fill(self, rows: list[tuple[str, object]], empty_text: str) -> None:
        keep = self.chosen()
        self.blockSignals(True)
        self.clear()
        for text, key in rows:
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, key)
            self.addItem(row)
            if key == keep:
                self.setCurrentItem(row)
        if not rows:
            self.addItem(QListWidgetItem(empty_text))
            self.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        self.blockSignals(False)


class FleetList(QListWidget):
    """One row per robot, offline ones greyed (never dropped); the selected robot chosen.
    Rows are updated in place (it redraws at 5 Hz; the operator may be clicking)."""

    def __init__(self):
        super().__init__(objectName="fleet")
        self.setMaximumHeight(90)

    def show_robots(self, rows: list[tuple[str, str, bool]], selected: str) -> None:
        """rows: (text, robot, online)."""
        self.blockSignals(True)
        while self.count() > len(rows):
            self.takeItem(self.count() - 1)
        for i, (text, name, online) in enumerate(rows):
            row = self.item(i)
            if row is None:
                row = QListWidgetItem()
                self.addItem(row)
            row.setText(text)
            row.setData(Qt.ItemDataRole.UserRole, name)
            row.setForeground(self.palette().windowText() if online else self.palette().mid())
            if name == selected:
                self.setCurrentItem(row)
        self.blockSignals(False)


class MissionForm(QGridLayout):
    """Robot (or any free one), place and course choices beside the mission buttons."""

    def __init__(self, content, button: Callable[[str], QPushButton]):
        super().__init__()
        self.robot_label, self.place_label, self.course_label = QLabel(), QLabel(), QLabel()
        self.robot_box = QComboBox(objectName="robot_box")
        self.place_box = QComboBox(objectName="place_box")
        self.course_box = QComboBox(objectName="course_box")
        self.set_content(content)
        for box in (self.robot_box, self.place_box, self.course_box):
            # long names must not widen the panel
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(6)
        self.addWidget(self.robot_label, 0, 0)
        self.addWidget(self.robot_box, 0, 1)
        self.addWidget(self.place_label, 1, 0)
        self.addWidget(self.place_box, 1, 1)
        self.addWidget(button("go_to_place"), 2, 0)
        self.addWidget(button("escort"), 2, 1)
        self.addWidget(button("dock"), 3, 0, 1, 2)
        self.addWidget(self.course_label, 4, 0)
        self.addWidget(self.course_box, 4, 1)
        self.addWidget(button("tour"), 5, 0, 1, 2)

    def set_content(self, content) -> None:
        """The places and courses of one site (the selected robot's); call retranslate after."""
        self.content = content
        for box, items in ((self.place_box, content.places), (self.course_box, content.courses)):
            box.clear()
            for item in items:
                box.addItem(item.id, item.id)

    def retranslate(self, t: Callable[..., str], lang: str) -> None:
        for label, key in ((self.robot_label, "robot_label"), (self.place_label, "place_label"),
                           (self.course_label, "course_label")):  # fmt: skip
            label.setText(t(f"operator.{key}"))
        for i, item in enumerate(self.content.places):
            self.place_box.setItemText(i, item.label(lang))
        for i, item in enumerate(self.content.courses):
            self.course_box.setItemText(i, item.label(lang))

    def set_robots(self, choices: list[tuple[str, str]]) -> None:
        """(label, robot) rows, "any free robot" first; the chosen robot stays chosen."""
        keep = self.robot_box.currentData()
        self.robot_box.blockSignals(True)
        self.robot_box.clear()
        for label, name in choices:
            self.robot_box.addItem(label, name)
        index = self.robot_box.findData(keep) if keep is not None else 0
        self.robot_box.setCurrentIndex(max(0, index))
        self.robot_box.blockSignals(False)


class FiguresPanel(QWidget):
    """The day's figures from the mission log: a summary line and three bar charts."""

    def __init__(self, refresh_button: QPushButton):
        super().__init__()
        self.title = QLabel()
        self.summary = QLabel(objectName="stats_summary", wordWrap=True)
        self.charts = {k: BarChart(i) for i, k in enumerate(("kinds", "success", "places"))}
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(refresh_button)
        grid = QGridLayout()
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 2, i % 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(section(self.title, row, grid))

    def render(self, f: DayFigures | None, t: Callable[..., str], w: texts.Words) -> None:
        self.title.setText(t("operator.section_stats"))
        if f is None or not f.total:
            self.summary.setText(t("operator.stats_none"))
        else:
            self.summary.setText(t("operator.stats_summary", total=f.total,
                                   succeeded=f.succeeded, rate=f.success_rate_pct))  # fmt: skip
        for chart in self.charts.values():
            chart.empty_text = t("operator.stats_none")
        kinds = f.per_kind if f else {}
        success = f.success_pct if f else {}
        self.charts["kinds"].set_rows(
            t("operator.stats_title_kinds"),
            [(w.pick("task_type", k), n, str(n)) for k, n in kinds.items()],
        )
        self.charts["success"].set_rows(
            t("operator.stats_title_success"),
            [(w.pick("task_type", k), p, f"{p:.0f}%") for k, p in success.items()],
            maximum=100.0,
        )
        self.charts["places"].set_rows(
            t("operator.stats_title_places"),
            [(w.target(k), n, str(n)) for k, n in (f.busiest if f else [])],
        )
