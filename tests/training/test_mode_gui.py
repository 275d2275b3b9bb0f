"""Training mode around the practice: hints, undo, voice, large text, sign-in, survey,
instructor view and progress files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from concierge_content.training import load_curriculum

from kiosk_ui.modes.training import TrainingMode
from kiosk_ui.training.store import TrainingStore

pytestmark = pytest.mark.gui

CUR = load_curriculum()


def test_practice_shows_a_hint_after_a_pause_without_costing_a_star(kiosk):
    kiosk.sign_in()
    kiosk.open("cafe", "practice")
    step = CUR.kiosks["cafe"].tasks[0].steps[0]
    assert kiosk.feedback() == ""
    kiosk.advance(TrainingMode.hint_idle_s - 1)
    assert kiosk.feedback() == ""
    kiosk.advance(1)
    assert kiosk.feedback().startswith("도움말") and step.say.ko in kiosk.feedback()
    assert kiosk.mode.session.hints == 0
    kiosk.advance(TrainingMode.hint_idle_s * 2)  # one automatic hint per pause, not a stream
    assert kiosk.mode.session.hints == 0
    kiosk.click(kiosk.mode.practice.controls["hint"])  # asked for: counted
    assert kiosk.mode.session.hints == 1


def test_undo_and_start_again_buttons_move_the_practice_kiosk_back(kiosk):
    kiosk.sign_in()
    kiosk.open("fastfood", "practice", "meal_card")
    for b in ("take_out", "tab_burger", "bulgogi"):
        kiosk.press(b)
    title = kiosk.mode.practice.screen_title
    assert title.text() == "세트로 드시겠어요?"
    kiosk.click(kiosk.mode.practice.controls["undo"])
    assert title.text() == "메뉴를 골라 주세요" and "되돌렸습니다" in kiosk.feedback()
    assert "bulgogi" in kiosk.mode.practice.kiosk_buttons  # still on the BURGER tab
    kiosk.click(kiosk.mode.practice.controls["start_again"])
    assert title.text() == "어디에서 드시겠어요?"


def test_keypad_masks_a_pin_and_delete_removes_a_digit(kiosk):
    kiosk.sign_in()
    kiosk.open("atm_transfer", "practice", "send_50000")
    for b in ("transfer", "insert_card"):
        kiosk.press(b)
    kiosk.until_ready()
    kiosk.press("nonghyup")
    kiosk.type("3010123456781")
    kiosk.press("ok")
    kiosk.type("50000")
    assert kiosk.mode.practice.keypad_display.text() == "50,000원"  # an amount reads as money
    kiosk.press("ok")
    kiosk.type("258")
    assert kiosk.mode.practice.keypad_display.text() == "●●●"
    kiosk.click(kiosk.mode.practice.delete_btn)
    assert kiosk.mode.practice.keypad_display.text() == "●●"


def test_leaving_half_way_still_records_where_the_trainee_stopped(kiosk):
    kiosk.sign_in()
    kiosk.open("hospital", "practice", "internal_medicine")
    kiosk.press("pay_bill")  # wrong
    kiosk.press("reception")
    kiosk.click(kiosk.mode.practice.controls["quit"])
    [row] = kiosk.attempts()
    assert row["completed"] == 0 and row["errors"] == 1 and row["stars"] == 0


def test_guided_mode_speaks_each_step_and_explanations(make_kiosk, tmp_path):
    k = make_kiosk(voice_dir=tmp_path / "wav")
    k.sign_in()
    k.open("touch_basics", "guided")
    steps = CUR.kiosks["touch_basics"].tasks[0].steps
    voice = k.win.voice
    assert voice.requested[-1].text == steps[0].say.ko
    k.press("touch_here")
    assert steps[1].say.ko in voice.requested[-1].text
    k.press("back")  # wrong: its explanation is spoken
    assert "'이전'은" in voice.requested[-1].text
    assert voice.wait_idle(30) and voice.files  # real espeak-ng speech was produced


def test_voice_guide_reads_each_new_screen_and_the_time_warning(make_kiosk, tmp_path):
    """Practice and quiz have no step-by-step voice; the kiosk's voice guide reads every new
    screen's title and warns before time runs out, as a barrier-free kiosk does."""
    k = make_kiosk(voice_dir=tmp_path / "wav")
    k.sign_in()
    k.open("train_ticket", "quiz", "senior_busan")
    voice = k.win.voice
    k.press("buy")
    assert "도착역을 선택하세요" in voice.requested[-1].text
    k.advance(90 - 20 + 0.5)
    assert "20초 남았습니다" in voice.requested[-1].text
    assert voice.wait_idle(30)


def test_wrong_code_is_explained_on_the_sign_in_page(kiosk):
    kiosk.sign_in("김영희", "12")
    assert kiosk.page() is kiosk.mode.signin
    assert kiosk.mode.signin.message.text() == "번호는 숫자 4자리입니다."


def test_a_trainees_large_text_comes_back_at_the_next_sign_in(kiosk, qtbot):
    kiosk.sign_in("박순자", "7777")
    kiosk.click(kiosk.win.large_btn)
    kiosk.idle()
    kiosk.click(kiosk.mode.catalog.sign_out_btn)
    assert not kiosk.win.acc.large_text  # the next person starts with the defaults
    kiosk.sign_in("박순자", "7777")
    assert kiosk.win.acc.large_text
    kiosk.click(kiosk.win.large_btn)  # leave the shared window as it was
    kiosk.idle()


def test_language_switch_during_practice_relabels_the_kiosk(kiosk):
    kiosk.sign_in()
    kiosk.open("train_ticket", "guided")
    kiosk.click(kiosk.win.lang_btn)
    try:
        assert kiosk.mode.practice.kiosk_buttons["buy"].text() == "Buy a ticket"
        assert kiosk.mode.practice.instruction.text().startswith("To buy a new ticket")
    finally:
        kiosk.click(kiosk.win.lang_btn)


def test_idle_on_the_list_signs_the_trainee_out(kiosk, qtbot):
    kiosk.sign_in()
    kiosk.win.ctx.idle_warning_s, kiosk.win.ctx.idle_timeout_s = 0.2, 0.4
    kiosk.win.touch()
    with qtbot.waitSignal(kiosk.win.idle_timed_out, timeout=15_000):
        pass
    assert kiosk.page() is kiosk.mode.signin and kiosk.mode.trainee is None


def test_survey_results_reach_the_instructor_view_with_charts_and_csv(kiosk, qtbot):
    kiosk.sign_in("최영수", "2468")
    kiosk.open("touch_basics", "quiz")
    for step in CUR.kiosks["touch_basics"].tasks[0].steps:
        kiosk.press(step.press)
    kiosk.see_result()
    kiosk.click(kiosk.mode.result.survey_btn)
    survey = kiosk.mode.survey
    kiosk.click(survey.send)  # no rating yet
    assert survey.message.text() == "1부터 5 가운데 하나를 눌러 주세요."
    kiosk.click(survey.rating_buttons[3])
    survey.comment.setText("글씨가 커서 보기 좋아요")
    kiosk.click(survey.send)
    kiosk.idle()
    assert "고맙습니다" in survey.message.text()
    kiosk.click(survey.back_btn)
    kiosk.click(kiosk.mode.catalog.sign_out_btn)
    kiosk.click(kiosk.mode.signin.instructor_btn)
    kiosk.idle()
    inst = kiosk.mode.instructor
    names = [inst.trainees.item(r, 0).text() for r in range(inst.trainees.rowCount())]
    assert "최영수" in names
    comments = [inst.comments.item(r, 2).text() for r in range(inst.comments.rowCount())]
    assert "글씨가 커서 보기 좋아요" in comments
    assert not inst.ratings_chart.pixmap().isNull()
    assert not inst.completion_chart.pixmap().isNull()
    kiosk.click(inst.buttons["export_csv"])
    kiosk.idle()
    folder = inst.message.text().split(": ", 1)[1]
    assert "최영수" in Path(folder, "progress.csv").read_text(encoding="utf-8-sig")


def test_progress_files_from_the_bus_are_merged_once(kiosk, tmp_path):
    bus = TrainingStore(tmp_path / "bus.sqlite", device_id="bus-7")
    t = bus.sign_in("강말순", "1357")
    bus.add_survey(t.id, 5, "버스에서 배웠어요")
    inbox = kiosk.mode.inbox()
    inbox.mkdir(parents=True, exist_ok=True)
    bus.export(inbox / "bus-7.json")
    (inbox / "broken.json").write_text("{not json", encoding="utf-8")
    bus.close()
    kiosk.click(kiosk.mode.signin.instructor_btn)
    kiosk.idle()
    inst = kiosk.mode.instructor
    kiosk.click(inst.buttons["import_progress"])
    kiosk.idle()
    assert "broken.json" in inst.message.text()  # the bad file is named, the good one merged
    assert (inbox / "merged" / "bus-7.json").exists() and (inbox / "broken.json").exists()
    names = [inst.trainees.item(r, 0).text() for r in range(inst.trainees.rowCount())]
    assert "강말순" in names
    (inbox / "broken.json").unlink()
    kiosk.click(inst.buttons["export_progress"])
    kiosk.idle()
    path = inst.message.text().split(": ", 1)[1]
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    assert any(s["comment"] == "버스에서 배웠어요" for s in data["surveys"])
    kiosk.click(inst.buttons["back"])
