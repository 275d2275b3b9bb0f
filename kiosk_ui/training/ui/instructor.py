"""The instructor view: per-trainee and per-class progress, hard steps, survey results and charts,
plus CSV and progress-file export/import buttons. Figures arrive ready-made from a worker."""

from __future__ import annotations

from dataclasses import dataclass, field

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QPixmap
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk_ui.modes.base import KioskContext
from kiosk_ui.training import stats
from kiosk_ui.training.ui.common import button, label, page, set_role


@dataclass
class InstructorData:
    progress: list[stats.TraineeProgress] = field(default_factory=list)
    kiosks: list[stats.KioskSummary] = field(default_factory=list)
    struggles: list[stats.StruggleStep] = field(default_factory=list)
    survey: stats.SurveySummary | None = None
    completion_png: bytes = b""
    ratings_png: bytes = b""


def _table(name: str) -> QTableWidget:
    t = QTableWidget(objectName=name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, headers: list[str], rows: list[list[object]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if isinstance(value, (int, float)):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def _scrolled(w: QWidget) -> QScrollArea:
    area = QScrollArea(widgetResizable=True)
    area.setWidget(w)
    return area


class InstructorPage(QWidget):
    refresh = pyqtSignal()
    export_csv = pyqtSignal()
    export_progress = pyqtSignal()
    import_progress = pyqtSignal()
    back = pyqtSignal()

    def __init__(self, ctx: KioskContext):
        super().__init__()
        self.setObjectName("page")
        self.ctx = ctx
        self.data = InstructorData()
        self._message: tuple[str, dict, str] = ("", {}, "")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 10, 16, 10)
        self.title = label("title")
        lay.addWidget(self.title)
        self.tabs = QTabWidget(objectName="instructor_tabs")
        self.trainees = _table("trainees_table")
        self.kiosks = _table("kiosks_table")
        self.struggles = _table("struggles_table")
        self.comments = _table("comments_table")
        self.completion_chart = QLabel(objectName="completion_chart")
        self.ratings_chart = QLabel(objectName="ratings_chart")
        self.survey_mean = label(name="survey_mean")
        class_tab, survey_tab = page(), page()
        cl = QVBoxLayout(class_tab)
        cl.addWidget(self.completion_chart)
        cl.addWidget(self.kiosks)
        sl = QVBoxLayout(survey_tab)
        sl.addWidget(self.survey_mean)
        sl.addWidget(self.ratings_chart)
        sl.addWidget(self.comments)
        for table in (self.kiosks, self.comments):
            table.setMinimumHeight(240)
        self.tabs.addTab(self.trainees, "")
        self.tabs.addTab(_scrolled(class_tab), "")
        self.tabs.addTab(self.struggles, "")
        self.tabs.addTab(_scrolled(survey_tab), "")
        lay.addWidget(self.tabs, 1)
        self.message = label(name="instructor_message")
        lay.addWidget(self.message)
        row = QHBoxLayout()
        self.buttons = {
            "refresh": button("refresh", "", self.refresh.emit),
            "export_csv": button("export_csv", "", self.export_csv.emit),
            "export_progress": button("export_progress", "", self.export_progress.emit),
            "import_progress": button("import_progress", "", self.import_progress.emit),
            "back": button("instructor_back", "", self.back.emit),
        }
        for b in self.buttons.values():
            row.addWidget(b)
        lay.addLayout(row)

    def show_data(self, data: InstructorData) -> None:
        self.data = data
        self.retranslate()

    def show_message(self, key: str, role: str = "success", **fmt) -> None:
        self._message = (key, fmt, role)
        self.retranslate()

    def retranslate(self) -> None:
        t, lang, d = self.ctx.t, self.ctx.lang, self.data
        en = lang == "en"
        self.title.setText(t("training.instructor_title"))
        for i, key in enumerate(("tab_trainees", "tab_kiosks", "tab_struggles", "tab_survey")):
            self.tabs.setTabText(i, t(f"training.{key}"))
        guest = t("training.guest_name")
        _fill(
            self.trainees,
            [t(f"training.col_{c}") for c in ("name", "done", "stars", "attempts", "errors",
                                              "minutes")],
            [
                [p.name or guest, f"{p.tasks_done}/{p.tasks_total}", p.stars, p.attempts,
                 p.errors, p.minutes]
                for p in d.progress
            ],
        )  # fmt: skip
        _fill(
            self.kiosks,
            [t(f"training.col_{c}") for c in ("kiosk", "people", "completion", "mean_errors",
                                              "mean_time")],
            [
                [k.title_en if lang == "en" else k.title_ko, k.trainees,
                 f"{k.completion_rate:.0%}", k.mean_errors, k.mean_time_s]
                for k in d.kiosks
            ],
        )  # fmt: skip
        _fill(
            self.struggles,
            [t(f"training.col_{c}") for c in ("kiosk", "step", "errors", "people", "top_wrong")],
            [
                [(s.kiosk_title_en if en else s.kiosk_title_ko) or s.kiosk,
                 f"{s.step}. {s.say_en if en else s.say_ko}", s.errors, s.trainees,
                 t("training.input_digits") if s.top_wrong == "input"
                 else (s.top_wrong_en if en else s.top_wrong_ko) or s.top_wrong]
                for s in d.struggles
            ],
        )  # fmt: skip
        survey = d.survey
        if survey is not None:
            self.survey_mean.setText(
                t("training.survey_mean", count=survey.count, mean=survey.mean)
            )
            _fill(
                self.comments,
                [t("training.col_name"), t("training.col_rating"), t("training.col_comment")],
                [[n or guest, r, c] for n, r, c in survey.comments],
            )
        for lbl, png in (
            (self.completion_chart, d.completion_png),
            (self.ratings_chart, d.ratings_png),
        ):
            pm = QPixmap()
            if png and pm.loadFromData(png):
                lbl.setPixmap(pm)
        for name, b in self.buttons.items():
            b.setText(t("training.back_to_list" if name == "back" else f"training.{name}"))
        key, fmt, role = self._message
        self.message.setVisible(bool(key))
        if key:
            set_role(self.message, role)
            self.message.setText(t(key, **fmt))


def collect(store, cur, lang: str, palette, labels: tuple[str, str, str, str]) -> InstructorData:
    """All figures and both charts (runs on the storage worker, not the UI thread)."""
    from kiosk_ui.training.ui.charts import bar_chart

    chart_completion, chart_ratings, answers, completion = labels
    data = InstructorData(
        progress=stats.trainee_progress(store, cur),
        kiosks=stats.kiosk_summaries(store, cur),
        struggles=stats.struggles(store, cur),
        survey=stats.survey_summary(store),
    )
    data.completion_png = bar_chart(
        [k.title_en if lang == "en" else k.title_ko for k in data.kiosks],
        [k.completion_rate for k in data.kiosks],
        chart_completion,
        completion,
        palette,
        percent=True,
    )
    data.ratings_png = bar_chart(
        [str(i) for i in range(1, 6)],
        [data.survey.by_rating[i] for i in range(1, 6)],
        chart_ratings,
        answers,
        palette,
    )
    return data
