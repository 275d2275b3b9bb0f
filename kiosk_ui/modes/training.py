"""Training mode: sign in, pick a practice kiosk, practise it guided / alone / as a quiz, see
stars; instructors see progress and survey results. Rules live in kiosk_ui.training; disk work
runs on a worker thread and comes back through a Qt signal, so the UI never waits on SQLite."""

from __future__ import annotations

import time
from dataclasses import asdict, replace
from pathlib import Path

from PyQt6.QtCore import QTimer
from PyQt6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget

from kiosk_ui.modes.base import KioskContext, Mode
from kiosk_ui.training import cached_curriculum
from kiosk_ui.training.engine import Feedback, PracticeSession, Style, feedback_text
from kiosk_ui.training.store import ProgressFileError, SignInError, Trainee, TrainingStore
from kiosk_ui.training.transfer import export_progress, merge_inbox
from kiosk_ui.training.ui.instructor import InstructorPage, collect
from kiosk_ui.training.ui.pages import CatalogPage, ResultPage, SignInPage, StylePage, SurveyPage
from kiosk_ui.training.ui.practice import PracticePage
from kiosk_ui.training.view import practice_view
from kiosk_ui.training.worker import DiskWorker

PREF_KEYS = ("large_text", "high_contrast", "voice_guidance", "voice_rate", "voice_volume")


class TrainingMode(Mode):
    name = "training"
    title_key = "kiosk.mode_training"
    hint_idle_s = 10.0  # practice mode: a hint appears after this long without a press
    tick_ms = 200  # how often time passes for the practice kiosk (countdown, moving parts)

    def __init__(self, ctx: KioskContext, db_path: Path | None = None):
        super().__init__(ctx)
        # every practice timer reads this clock: tests swap in their own and call tick()
        self.clock = time.monotonic
        self.hint_mode = False  # plain words under English names and jargon
        self._idle_since = 0.0
        self._auto_hint_shown = False
        self._saved_key: tuple[str, dict] | None = None
        self.db_path = db_path or ctx.var_dir / "training" / "progress.sqlite"
        self.folder = self.db_path.parent
        self.trainee: Trainee | None = None
        self.session: PracticeSession | None = None
        self.feedback: Feedback | None = None
        self._hint_prefix = False
        self._saved_prefs: dict = {}
        self._defaults = replace(ctx.accessibility)
        self.disk = DiskWorker(lambda: TrainingStore(self.db_path),
                               expected=(SignInError, ProgressFileError))  # fmt: skip
        # parsing the curriculum takes a while on a slow kiosk PC: the sign-in page shows first
        self._curriculum = self.disk.submit(cached_curriculum)

    def io(self, fn, *args, then=None) -> None:
        """Run fn(store, *args) on the disk worker; then(result, error) on the UI thread."""
        self.disk.run(fn, *args, then=then)

    @property
    def busy(self) -> bool:
        return self.disk.busy

    @property
    def store(self) -> TrainingStore | None:
        """The progress database (opened on the disk worker; touch it only from there)."""
        return self.disk.resource

    # ---- Mode interface ----------------------------------------------------------------
    def build(self, parent: QWidget) -> QWidget:
        ctx = self.ctx
        self.stack = QStackedWidget(parent)
        self._holders: dict[QWidget, QWidget] = {}
        self.signin = SignInPage(ctx)
        self._add_page(self.signin)
        self.signin.sign_in.connect(self._sign_in)
        self.signin.guest.connect(self._guest)
        self.signin.instructor.connect(self.open_instructor)
        self.tick_timer = QTimer(self.stack, interval=self.tick_ms)
        self.tick_timer.timeout.connect(self.tick)
        self.pages_ready = False
        self.apply_settings()
        self.show_page(self.signin)
        return self.stack

    def _add_page(self, page: QWidget) -> None:
        """Pages taller than the screen (large text) scroll instead of stretching the window;
        pages with fixed controls (practice, catalog, instructor) scroll only their middle."""
        holder = page
        own_scrolling = ("practice", "instructor", "catalog")
        if all(page is not getattr(self, name, None) for name in own_scrolling):
            holder = QScrollArea(widgetResizable=True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setWidget(page)
        self._holders[page] = holder
        self.stack.addWidget(holder)

    def show_page(self, page: QWidget) -> None:
        self.stack.setCurrentWidget(self._holders[page])

    def current_page(self) -> QWidget:
        current = self.stack.currentWidget()
        return next(p for p, h in self._holders.items() if h is current)

    def _build_pages(self) -> None:
        """The pages that need the curriculum; called once it is loaded (always before the
        first sign-in or instructor result arrives: the worker runs jobs in order)."""
        if self.pages_ready:
            return
        self.cur = self._curriculum.result()
        ctx = self.ctx
        self.catalog = CatalogPage(ctx, self.cur)
        self.style_page = StylePage(ctx, self.cur)
        self.practice = PracticePage()
        self.result = ResultPage(ctx)
        self.survey = SurveyPage(ctx)
        self.instructor = InstructorPage(ctx)
        for p in (self.catalog, self.style_page, self.practice, self.result, self.survey,
                  self.instructor):  # fmt: skip
            self._add_page(p)
        self.catalog.kiosk_chosen.connect(self._choose_kiosk)
        self.catalog.sign_out.connect(self.sign_out)
        self.catalog.survey.connect(self._open_survey)
        self.style_page.start.connect(
            lambda k, t, s: self.begin(k, t, s, pressure=self.style_page.pressure)
        )
        self.style_page.back.connect(self._show_catalog)
        self.practice.pressed.connect(self._press)
        self.practice.digit.connect(lambda d: self._act(self.session.type_digit(d)))
        self.practice.delete.connect(lambda: self._act(self.session.delete_digit()))
        self.practice.hint.connect(lambda: self._act(self.session.hint(), speak=True))
        self.practice.undo.connect(lambda: self._act(self.session.undo(), speak=True))
        self.practice.start_again.connect(lambda: self._act(self.session.restart(), speak=True))
        self.practice.extend.connect(lambda: self._act(self.session.extend_time(), speak=True))
        self.practice.quit.connect(self._quit_practice)
        self.practice.result.connect(self._show_result)
        self.practice.toggle.connect(self._toggle)
        self.result.again.connect(self._again)
        self.result.to_list.connect(self._show_catalog)
        self.result.survey.connect(self._open_survey)
        self.survey.submit.connect(self._submit_survey)
        self.survey.back.connect(self._show_catalog)
        self.instructor.refresh.connect(self.open_instructor)
        self.instructor.back.connect(self.sign_out)
        self.instructor.export_csv.connect(self._export_csv)
        self.instructor.export_progress.connect(self._export_progress)
        self.instructor.import_progress.connect(self._import_progress)
        self.pages_ready = True
        self.apply_settings()

    def start(self) -> None:
        if self.pages_ready and self.current_page() is self.practice and self.session is not None:
            self._render()

    def stop(self) -> None:
        if not self.pages_ready:
            return
        self.tick_timer.stop()
        self._save_unfinished()

    def close(self) -> None:
        """Finish pending disk work and close the database (app exit, tests)."""
        self.stop()
        self.disk.close(TrainingStore.close)

    def apply_settings(self) -> None:
        self.signin.retranslate()
        if not self.pages_ready:
            return
        for p in (self.catalog, self.style_page, self.result, self.survey, self.instructor):
            p.retranslate()
        if self.session is not None and self.current_page() is self.practice:
            self._render()
        self._save_prefs()

    def _toggle(self, name: str) -> None:
        """The switches under the practice kiosk: plain words, voice guide, large text."""
        acc = self.ctx.accessibility
        if name == "hint_mode":
            self.hint_mode = not self.hint_mode
            self._render()
            self._save_prefs()
            return
        if name == "voice":
            acc.voice_guidance = not acc.voice_guidance
        elif name == "large_text":
            acc.large_text = not acc.large_text
        self.ctx.apply_accessibility()  # restyles the app; comes back through apply_settings

    def idle_timeout(self) -> None:
        """Nobody touched the kiosk after the warning: a practice starts over (counted), like a
        real kiosk; anywhere else the trainee is signed out so the next person starts clean."""
        if not self.pages_ready:
            self.signin.reset()
        elif self.current_page() is self.practice and self.session is not None:
            if self.session.finished:
                return
            self.feedback = self.session.timeout()
            self._hint_prefix = False
            self._render()
            self._speak(feedback_text(self.feedback, self.ctx.strings, self.ctx.lang))
        elif self.current_page() is not self.signin:
            self.sign_out()

    # ---- sign in / out -----------------------------------------------------------------
    def _sign_in(self, name: str, code: str) -> None:
        self.io(TrainingStore.sign_in, name, code, then=self._signed_in)

    def _guest(self) -> None:
        self.io(TrainingStore.guest, then=self._signed_in)

    def _signed_in(self, trainee: Trainee | None, error: Exception | None) -> None:
        if isinstance(error, SignInError):
            self.signin.show_error(error.key)
            return
        if error is not None:
            self.signin.show_error("training.signin_need_name")
            return
        self._build_pages()
        self.trainee = trainee
        self._saved_prefs = dict(trainee.prefs)
        self.hint_mode = bool(trainee.prefs.get("hint_mode", False))
        prefs = {k: v for k, v in trainee.prefs.items() if k in PREF_KEYS}
        if prefs:
            for k, v in prefs.items():
                setattr(self.ctx.accessibility, k, v)
            self.ctx.apply_accessibility()
        if trainee.prefs.get("lang") in ("ko", "en"):
            self.ctx.set_lang(trainee.prefs["lang"])
        self.signin.reset()
        self._show_catalog()

    def sign_out(self) -> None:
        if not self.pages_ready:
            return
        self._save_unfinished()
        self.trainee = None
        self.session = None
        self.hint_mode = False
        self.style_page.pressure_btn.setChecked(False)  # the next person starts without it
        self.tick_timer.stop()
        acc = self.ctx.accessibility
        if asdict(acc) != asdict(self._defaults):
            for k, v in asdict(self._defaults).items():
                setattr(acc, k, v)
            self.ctx.apply_accessibility()
        self.signin.reset()
        self.show_page(self.signin)

    def _save_prefs(self) -> None:
        if self.trainee is None or self.trainee.guest:
            return
        prefs = {k: getattr(self.ctx.accessibility, k) for k in PREF_KEYS}
        prefs["lang"] = self.ctx.lang
        prefs["hint_mode"] = self.hint_mode
        if prefs != self._saved_prefs:
            self._saved_prefs = prefs
            self.io(TrainingStore.set_prefs, self.trainee.id, prefs)

    # ---- catalog and practice ----------------------------------------------------------
    def _show_catalog(self) -> None:
        self.tick_timer.stop()
        self._save_unfinished()
        self.session = None
        if self.trainee is None:
            self.show_page(self.signin)
            return
        self.show_page(self.catalog)
        tr = self.trainee
        self.io(TrainingStore.best_stars, tr.id, then=lambda best, _e: self._catalog(tr, best))

    def _catalog(self, trainee: Trainee, best: dict | None) -> None:
        if trainee is self.trainee:
            self.catalog.show_trainee(trainee.name, best or {})

    def _choose_kiosk(self, kiosk_id: str) -> None:
        self.style_page.show_kiosk(kiosk_id)
        self.show_page(self.style_page)

    def begin(self, kiosk_id: str, task_id: str, style: str, pressure: bool = False) -> None:
        kiosk = self.cur.kiosks[kiosk_id]
        self._last = (kiosk_id, task_id, style, pressure)
        self.session = PracticeSession(
            kiosk, kiosk.task(task_id), Style(style), clock=lambda: self.clock(), pressure=pressure
        )
        self.feedback = None
        self._hint_prefix = False
        self._note_activity()
        self.show_page(self.practice)
        self._render()
        self.tick_timer.start()
        self._speak_step()

    def _press(self, button_id: str) -> None:
        if self.session is None or self.session.finished:
            return
        screen_before = self.session.screen_id
        fb = self.session.press(button_id)
        if fb.kind == "finished":
            self._finish(fb)
            return
        self._act(fb, speak=True, moved=self.session.screen_id != screen_before)

    def _act(self, fb: Feedback, speak: bool = False, moved: bool = False) -> None:
        """Show (and maybe say) what happened, then the next step."""
        self.feedback = None if fb.kind == "typed" else fb
        self._hint_prefix = False
        self._note_activity()
        self._render()
        if speak:
            self._speak(self._said(fb, moved))

    def _said(self, fb: Feedback, moved: bool) -> str:
        """Guided: what happened and the next step; otherwise the voice guide reads the new
        screen's title, as a barrier-free kiosk does."""
        s, lang = self.session, self.ctx.lang
        said = feedback_text(fb, self.ctx.strings, lang)
        if s.finished or s.waiting:
            return said
        if s.style is Style.GUIDED and fb.kind in ("correct", "undo", "restart", "timeout"):
            said = f"{said} {s.step.say.get(lang)}"
        elif moved or fb.kind in ("restart", "timeout"):
            said = f"{said} {s.screen.title.get(lang)}"
        return said

    def _note_activity(self) -> None:
        self._idle_since = self.clock()
        self._auto_hint_shown = False

    def _render(self) -> None:
        if self.session is not None:
            view = practice_view(
                self.session, self.ctx, self.feedback, self._hint_prefix, self.hint_mode
            )
            self.practice.render(view)

    def tick(self) -> None:
        """Time passes for the practice kiosk: busy screens move on, the countdown runs (with
        its warning and the start-over), people join the queue, a practice shows a hint after
        a pause. The QTimer calls this; tests call it after moving their clock."""
        s = self.session
        if s is None or not self.pages_ready or self.current_page() is not self.practice:
            return
        events = s.tick()
        if "timeout" in events:
            self.feedback = Feedback("timeout", key="training.timed_out")
            self._hint_prefix = False
            self._note_activity()
            self._render()
            self._speak(self._said(self.feedback, moved=True))
            return
        if "moved" in events:
            self._render()
            if not s.finished:
                self._speak(self._said(Feedback("moved"), moved=True))
            return
        if "warn" in events:
            self._render()
            self._speak(self.ctx.t("training.time_warning", seconds=round(s.time_left_s())))
            return
        if self._auto_hint_due():
            self._auto_hint()
            return
        view = practice_view(s, self.ctx, self.feedback, self._hint_prefix, self.hint_mode)
        self.practice.tick(view)
        if "queue" in events and view.side.people_text:
            self._speak(view.side.people_text)

    def _auto_hint_due(self) -> bool:
        s = self.session
        return (
            s.style is Style.PRACTICE
            and not s.finished
            and not s.waiting
            and not self._auto_hint_shown
            and self.clock() - self._idle_since >= self.hint_idle_s
        )

    def _speak(self, text: str) -> None:
        if text:
            self.ctx.speak(text, self.ctx.lang)

    def _speak_step(self) -> None:
        s = self.session
        lang = self.ctx.lang
        if s.style is Style.GUIDED:
            self._speak(s.step.say.get(lang))
        else:
            self._speak(self.ctx.t("training.task_card", task=s.task.card.get(lang)))

    def _auto_hint(self) -> None:
        self.feedback = self.session.hint(asked=False)
        self._hint_prefix = True
        self._auto_hint_shown = True
        self._render()
        self._speak(feedback_text(self.feedback, self.ctx.strings, self.ctx.lang))

    def _finish(self, fb: Feedback) -> None:
        """The task is done: the replica shows the end (ticket, receipt) and the result is
        saved; the trainee looks at the kiosk, then opens the result."""
        self.feedback = fb
        self._hint_prefix = False
        self._render()
        self._speak(feedback_text(fb, self.ctx.strings, self.ctx.lang))
        self._record(self.session.result(), show=True)

    def _show_result(self) -> None:
        s = self.session
        if s is None or not s.finished:
            return
        self.tick_timer.stop()
        result = s.result()
        self.result.show_result(result.stars, result.elapsed_s, result.errors, result.hints)
        if self._saved_key is not None:
            self.result.show_saved(self._saved_key[0], **self._saved_key[1])
        self.show_page(self.result)
        self.session = None

    def _record(self, result, show: bool = False) -> None:
        if self.trainee is None:
            return

        self._saved_key = None

        def saved(_r, error):
            if not show:
                return
            if error is None:
                self._saved_key = ("training.result_saved", {})
            else:
                self._saved_key = ("training.result_not_saved", {"error": str(error)})
            if self.current_page() is self.result:
                self.result.show_saved(self._saved_key[0], **self._saved_key[1])

        self.io(TrainingStore.record_attempt, self.trainee.id, result, then=saved)

    def _save_unfinished(self) -> None:
        """A practice left half-way still tells the instructor where the trainee stopped."""
        s = self.session
        if s is not None and not s.finished and (s.step_index or s.errors or s.timeouts):
            self._record(s.result())
        self.session = None if s is not None and not s.finished else self.session

    def _quit_practice(self) -> None:
        self._show_catalog()

    def _again(self) -> None:
        self.begin(*self._last[:3], pressure=self._last[3])

    # ---- survey ------------------------------------------------------------------------
    def _open_survey(self) -> None:
        self.survey.reset()
        self.show_page(self.survey)

    def _submit_survey(self, rating: int, comment: str) -> None:
        def done(_r, error):
            if error is None:
                self.survey.send.setEnabled(False)
                self.survey.show_message("training.survey_thanks", "success")
                self._speak(self.ctx.t("training.survey_thanks"))
            else:
                self.survey.show_message("training.survey_need_rating", "error")

        self.io(TrainingStore.add_survey, self.trainee.id, rating, comment, then=done)

    # ---- instructor --------------------------------------------------------------------
    def open_instructor(self) -> None:
        from kiosk_ui import theme

        self._build_pages()
        self.show_page(self.instructor)
        palette = theme.palette_for(self.ctx.accessibility)
        labels = (
            self.ctx.t("training.chart_completion"),
            self.ctx.t("training.chart_ratings"),
            self.ctx.t("training.chart_answers"),
            self.ctx.t("training.col_completion"),
        )
        self.io(
            collect, self.cur, self.ctx.lang, palette, labels,
            then=lambda data, _e: data and self.instructor.show_data(data),
        )  # fmt: skip

    def _stamp(self) -> str:
        return time.strftime("%Y%m%d-%H%M%S")

    def _export_csv(self) -> None:
        from kiosk_ui.training import stats

        folder = self.folder / "reports" / self._stamp()

        def done(_r, error):
            if error is None:
                self.instructor.show_message("training.csv_saved", folder=str(folder))
            else:
                self.instructor.show_message("training.import_failed", "error", error=str(error))

        self.io(lambda st: stats.export_csvs(st, self.cur, folder), then=done)

    def _export_progress(self) -> None:
        def done(path, error):
            if error is None:
                self.instructor.show_message("training.progress_exported", path=str(path))
            else:
                self.instructor.show_message("training.import_failed", "error", error=str(error))

        self.io(export_progress, self.folder / "exports", self._stamp(), then=done)

    def inbox(self) -> Path:
        return self.folder / "inbox"

    def _import_progress(self) -> None:
        inbox = self.inbox()

        def done(report, error):
            if error is not None:
                self.instructor.show_message("training.import_failed", "error", error=str(error))
                return
            if report.errors:
                self.instructor.show_message(
                    "training.import_some_failed", "error", error=report.errors[0],
                    **report.totals,
                )  # fmt: skip
            elif not report.files:
                self.instructor.show_message("training.import_none", "error", folder=str(inbox))
            else:
                self.instructor.show_message("training.import_done", **report.totals)
            self.open_instructor()  # the message stays; the figures now include the merge

        self.io(merge_inbox, inbox, then=done)
