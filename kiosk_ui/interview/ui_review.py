"""Reviewer view: interviews list, answer playback (QtMultimedia), ratings, comments, export."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import Qt, QUrl
from PyQt6.QtGui import QPixmap
from PyQt6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer, QVideoFrame, QVideoSink
from PyQt6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from kiosk_ui.interview.controller import InterviewController
from kiosk_ui.interview.review import export_interview
from kiosk_ui.interview.store import Answer, Interview
from kiosk_ui.interview.ui_common import Texts, button, label
from kiosk_ui.modes.base import KioskContext


class AnswerPlayer(QWidget):
    """Plays one answer's MP4 (picture through a video sink, so it also shows offscreen; sound)."""

    def __init__(self, ctx: KioskContext):
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.screen = QLabel()
        self.screen.setFixedSize(256, 192)
        self.screen.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.screen.setStyleSheet("background:#222")
        lay.addWidget(self.screen)
        self.position = label(role="muted")
        lay.addWidget(self.position)
        self.frames_shown = 0
        self.video = QMediaPlayer(self)
        self.sink = QVideoSink(self)
        self.video.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._show_frame)
        # The MP4 carries the sound; without any sound device, attach no audio output: Qt's
        # FFmpeg backend can then hang in stop() waiting for an audio sink that never opened.
        self.audio_out = None
        if QMediaDevices.audioOutputs():
            self.audio_out = QAudioOutput(self)
            self.video.setAudioOutput(self.audio_out)
        self.video.positionChanged.connect(self._show_position)
        self.error = ""
        self.video.errorOccurred.connect(lambda _e, msg: setattr(self, "error", msg))

    def play(self, answer: Answer) -> None:
        self.frames_shown = 0
        self.error = ""
        self.video.setSource(QUrl.fromLocalFile(str(answer.video_path)))
        self.video.play()

    def stop(self) -> None:
        self.video.stop()

    def _show_frame(self, frame: QVideoFrame) -> None:
        image = frame.toImage()
        if image.isNull():
            return
        self.frames_shown += 1
        self.screen.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.screen.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )  # fmt: skip

    def _show_position(self, ms: int) -> None:
        self.position.setText(f"{ms / 1000:.1f} / {self.video.duration() / 1000:.1f} s")


class ReviewerView(QWidget):
    def __init__(
        self, ctx: KioskContext, ctrl: InterviewController, export_dir: Path,
        leave: Callable[[], None],
    ):  # fmt: skip
        super().__init__()
        self.ctx, self.ctrl, self.export_dir = ctx, ctrl, export_dir
        self.current: Interview | None = None
        self.answers: list[Answer] = []
        self.texts = Texts(ctx)
        root = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(label(self.texts, "interview.reviewer_title", role="title"))
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._select)
        left.addWidget(self.list, 1)
        self.back_btn = button(ctx, self.texts, "interview.leave", leave)
        self.export_btn = button(ctx, self.texts, "interview.export", self._export, primary=True)
        left.addWidget(self.export_btn)
        left.addWidget(self.back_btn)
        root.addLayout(left, 1)

        # the detail column scrolls: with large text it is taller than the screen
        detail = QWidget()
        detail.setObjectName("page")
        right = QVBoxLayout(detail)
        self.heading = label(self.texts, "interview.reviewer_empty", role="title")
        right.addWidget(self.heading)
        media = QHBoxLayout()
        self.answer_list = QListWidget()
        self.answer_list.setWordWrap(True)
        self.answer_list.currentRowChanged.connect(self._play)
        media.addWidget(self.answer_list, 1)
        self.player = AnswerPlayer(ctx)
        media.addWidget(self.player)
        right.addLayout(media)
        grid = QGridLayout()
        grid.setVerticalSpacing(8)
        self.rating_groups: dict[str, QButtonGroup] = {}
        self.criterion_labels: list[tuple[QLabel, object]] = []
        for row, crit in enumerate(ctrl.content.criteria):
            crit_label = label()
            crit_label.setText(crit.label(ctx.lang))
            self.criterion_labels.append((crit_label, crit))
            grid.addWidget(crit_label, row, 0)
            group = QButtonGroup(self)
            for score in range(1, 6):
                b = QPushButton(str(score))
                b.setCheckable(True)
                b.setMinimumSize(ctx.accessibility.min_touch_px, ctx.accessibility.min_touch_px)
                group.addButton(b, score)
                grid.addWidget(b, row, score)
            group.idClicked.connect(lambda score, cid=crit.id: self._rate(cid, score))
            self.rating_groups[crit.id] = group
        right.addLayout(grid)
        self.comments = label()
        right.addWidget(self.comments)
        self.comment_edit = QPlainTextEdit()
        self.texts.bind(self.comment_edit.setPlaceholderText, "interview.comment_placeholder")
        self.comment_edit.setFixedHeight(2 * ctx.accessibility.min_touch_px)
        right.addWidget(self.comment_edit)
        row = QHBoxLayout()
        self.comment_btn = button(ctx, self.texts, "interview.comment_save", self._comment)
        row.addWidget(self.comment_btn)
        right.addLayout(row)
        self.message = label(role="muted")
        right.addWidget(self.message)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(detail)
        root.addWidget(scroll, 2)

    def retranslate(self) -> None:
        self.texts.retranslate()
        for crit_label, crit in self.criterion_labels:
            crit_label.setText(crit.label(self.ctx.lang))
        self.reload()

    # -- loading (SQLite on the controller's worker thread) -----------------------------------
    def reload(self) -> None:
        self.ctrl.run_bg(lambda: self.ctrl.store.interviews(), self._fill)

    def _fill(self, interviews) -> None:
        if isinstance(interviews, Exception):
            self.message.setText(str(interviews))
            return
        self.list.clear()
        for iv in interviews:
            qset = self.ctrl.content.sets.get(iv.set_id)
            name = (
                f"{qset.employer.get(self.ctx.lang)} · {qset.job.get(self.ctx.lang)}"
                if qset
                else iv.set_id
            )
            state = self.ctx.t("interview.state_done" if iv.complete else "interview.state_open")
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(iv.created_at))
            item = QListWidgetItem(f"{when} ({state})\n{name}")
            item.setData(Qt.ItemDataRole.UserRole, iv)
            self.list.addItem(item)

    def _select(self, item: QListWidgetItem | None, _prev=None) -> None:
        self.player.stop()
        if item is None:
            return
        iv: Interview = item.data(Qt.ItemDataRole.UserRole)
        self.current = iv
        store = self.ctrl.store
        self.ctrl.run_bg(
            lambda: (store.answers(iv.id), store.ratings(iv.id), store.comments(iv.id)),
            lambda loaded: self._show(iv, loaded),
        )

    def _show(self, iv: Interview, loaded) -> None:
        if isinstance(loaded, Exception) or iv is not self.current:
            return
        answers, ratings, comments = loaded
        ctx = self.ctx
        qset = self.ctrl.content.sets.get(iv.set_id)
        self.heading.setText(item_title(ctx, qset, iv))
        self.answers = answers
        self.answer_list.clear()
        for a in answers:
            text = qset.questions[a.question_index].text(ctx.lang) if qset else a.question_id
            self.answer_list.addItem(
                ctx.t("interview.answer_item", n=a.question_index + 1, question=text,
                      seconds=f"{a.duration_s:.0f}")
            )  # fmt: skip
        for cid, group in self.rating_groups.items():
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(group.id(b) == ratings.get(cid))
            group.setExclusive(True)
        self.comments.setText("\n".join(f"• {text}" for _ts, text in comments))
        self.message.setText("")

    def _play(self, row: int) -> None:
        if 0 <= row < len(self.answers):
            self.player.play(self.answers[row])

    def _rate(self, criterion: str, score: int) -> None:
        if self.current is None:
            return
        iid = self.current.id
        self.ctrl.run_bg(
            lambda: self.ctrl.store.set_rating(iid, criterion, score),
            lambda r: self.message.setText(
                str(r) if isinstance(r, Exception) else self.ctx.t("interview.rating_saved")
            ),
        )

    def _comment(self) -> None:
        if self.current is None:
            return
        text = self.comment_edit.toPlainText()
        if not text.strip():
            self.message.setText(self.ctx.t("interview.comment_empty"))
            return
        iv = self.current
        self.ctrl.run_bg(
            lambda: self.ctrl.store.add_comment(iv.id, text),
            lambda r: self._commented(iv, r),
        )

    def _commented(self, iv: Interview, result) -> None:
        if isinstance(result, Exception):
            self.message.setText(str(result))
            return
        self.comment_edit.clear()
        self._select(self.list.currentItem())

    def _export(self) -> None:
        if self.current is None:
            return
        iid, ctrl = self.current.id, self.ctrl
        self.message.setText(self.ctx.t("interview.exporting"))
        self.ctrl.run_bg(
            lambda: export_interview(
                ctrl.store, ctrl.content, self.ctx.strings, iid, self.ctx.lang, self.export_dir
            ),
            self._exported,
        )

    def _exported(self, result) -> None:
        if isinstance(result, Exception):
            self.message.setText(self.ctx.t("interview.export_failed", detail=str(result)))
            return
        self.message.setText(
            self.ctx.t("interview.exported", summary=result.summary_html.name,
                       archive=result.archive_zip.name)
        )  # fmt: skip
        self.last_export = result


def item_title(ctx: KioskContext, qset, iv: Interview) -> str:
    if qset is None:
        return iv.set_id
    return f"{qset.employer.get(ctx.lang)} — {qset.job.get(ctx.lang)}"
