"""What the practice page shows for a session, in the trainee's language (no Qt: testable)."""

from __future__ import annotations

from kiosk_ui.modes.base import KioskContext
from kiosk_ui.training.engine import Feedback, PracticeSession, Style, feedback_text
from kiosk_ui.training.ui.practice import KioskButtonView, PracticeView

_ROLE = {"wrong": "error", "wrong_input": "error", "correct": "success", "finished": "success"}


def instruction_text(session: PracticeSession, ctx: KioskContext) -> str:
    """Guided: the step to do now; practice and quiz: only the task card."""
    lang = ctx.lang
    if session.style is Style.GUIDED and not session.finished:
        return session.step.say.get(lang)
    return ctx.t("training.task_card", task=session.task.card.get(lang))


def practice_view(
    session: PracticeSession,
    ctx: KioskContext,
    feedback: Feedback | None = None,
    hint_prefix: bool = False,
) -> PracticeView:
    lang, t = ctx.lang, ctx.t
    screen = session.screen
    highlight = session.highlight_button()
    columns = screen.columns
    if ctx.accessibility.large_text:
        columns = min(columns, 2)  # 200 % text needs the width
    if session.style is Style.QUIZ:
        status = t("training.quiz_status", seconds=int(session.elapsed_s), errors=session.errors)
    else:
        n = min(session.step_index + 1, session.total_steps)
        status = t("training.step_of", n=n, total=session.total_steps)
    text = role = ""
    if feedback is not None:
        text = feedback_text(feedback, ctx.strings, lang)
        if hint_prefix:
            text = t("training.idle_hint", hint=text)
        role = _ROLE.get(feedback.kind, "")
    view = PracticeView(
        badge=t("training.practice_kiosk"),
        screen_title=screen.title.get(lang),
        screen_text=screen.text.get(lang) if screen.text else "",
        buttons=[
            KioskButtonView(b.id, b.label.get(lang), b.style, b.id == highlight)
            for b in screen.buttons
        ],
        columns=columns,
        instruction=instruction_text(session, ctx),
        status=status,
        feedback=text,
        feedback_role=role,
        controls={k: t(f"training.{k}") for k in ("hint", "undo", "start_again", "quit")},
        show_hint=session.style is not Style.GUIDED,
    )
    if screen.input is not None and not session.finished:
        spec = screen.input
        typed = "●" * len(session.typed) if spec.masked else session.typed
        view.keypad_prompt = spec.prompt.get(lang)
        view.keypad_display = typed or t("training.keypad_empty")
        view.keypad_delete = t("training.keypad_delete")
        view.keypad_columns = 6 if ctx.accessibility.large_text else 3
    return view
