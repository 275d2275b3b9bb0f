"""Trainee store: sign-in, attempts in SQLite, export/merge without duplicates or loss."""

from __future__ import annotations

import json

import pytest
from concierge_content.training import load_curriculum

from kiosk_ui.training import stats
from kiosk_ui.training.engine import PracticeSession, Style
from kiosk_ui.training.store import ProgressFileError, SignInError, TrainingStore

CUR = load_curriculum()


class Clock:
    def __init__(self, t=1_700_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


def attempt(kiosk="cafe", mistakes=("for_here",), style=Style.QUIZ):
    k = CUR.kiosks[kiosk]
    s = PracticeSession(k, k.tasks[0], style)
    for b in mistakes:
        s.press(b)
    while not s.finished:
        s.machine.skip_waiting()  # (a card being read: the app's clock would move it on)
        for d in s.step.input or "":
            s.type_digit(d)
        s.press(s.step.press)
    return s.result()


@pytest.fixture
def bus(tmp_path):
    st = TrainingStore(tmp_path / "bus.sqlite", device_id="bus-1", clock=Clock())
    yield st
    st.close()


@pytest.fixture
def centre(tmp_path):
    st = TrainingStore(tmp_path / "centre.sqlite", device_id="centre", clock=Clock())
    yield st
    st.close()


def test_same_name_and_code_is_the_same_trainee_on_any_kiosk(bus, centre):
    a = bus.sign_in("김영희", "1234")
    b = centre.sign_in(" 김영희 ", "1234")
    assert a.id == b.id
    assert bus.sign_in("김영희", "9999").id != a.id  # a namesake with another code


@pytest.mark.parametrize(
    ("name", "code", "key"),
    [
        ("", "1234", "training.signin_need_name"),
        ("김영희", "12a4", "training.signin_need_code"),
        ("김영희", "123", "training.signin_need_code"),
        ("김영희", "١٢٣٤", "training.signin_need_code"),  # non-ASCII digits
        ("가" * 41, "1234", "training.signin_name_long"),
    ],
)
def test_bad_sign_in_is_refused_with_a_message_key(bus, name, code, key):
    with pytest.raises(SignInError) as exc:
        bus.sign_in(name, code)
    assert exc.value.key == key
    assert bus.trainees() == []


def test_attempt_is_stored_with_time_stars_and_mistakes(bus):
    t = bus.sign_in("박철수", "0001")
    bus.record_attempt(t.id, attempt())
    row = bus.rows("attempts")[0]
    assert row["completed"] == 1 and row["errors"] == 1 and row["stars"] == 2
    assert bus.rows("mistakes") == [
        {"attempt_id": row["id"], "step": 0, "pressed": "for_here", "count": 1}
    ]
    assert bus.best_stars(t.id) == {("cafe", "iced_americano_qr"): 2}


def test_export_then_merge_twice_adds_everything_once(bus, centre, tmp_path):
    t = bus.sign_in("김영희", "1234")
    for _ in range(3):
        bus.record_attempt(t.id, attempt())
    bus.add_survey(t.id, 5, "재미있어요")
    centre_t = centre.sign_in("이순자", "5555")
    centre.record_attempt(centre_t.id, attempt("fastfood", ()))
    f = bus.export(tmp_path / "bus.json")
    first = centre.merge(f)
    second = centre.merge(f)
    assert (first.attempts_added, first.surveys_added, first.trainees_added) == (3, 1, 1)
    assert (second.attempts_added, second.attempts_known, second.surveys_added) == (0, 3, 0)
    assert len(centre.rows("attempts")) == 4 and len(centre.rows("mistakes")) == 3
    # and back the other way: the bus learns the centre's attempts, nobody loses any
    bus.merge(centre.export(tmp_path / "centre.json"))
    assert sorted(r["id"] for r in bus.rows("attempts")) == sorted(
        r["id"] for r in centre.rows("attempts")
    )


def test_trainee_profile_last_writer_wins_in_both_directions(tmp_path):
    c1, c2 = Clock(100.0), Clock(100.0)
    bus = TrainingStore(tmp_path / "b.sqlite", device_id="bus-1", clock=c1)
    centre = TrainingStore(tmp_path / "c.sqlite", device_id="centre", clock=c2)
    tid = bus.sign_in("김영희", "1234").id
    centre.sign_in("김영희", "1234")
    c2.t = 200.0
    centre.set_prefs(tid, {"large_text": True})
    c1.t = 300.0
    bus.set_prefs(tid, {"large_text": False, "voice_rate": 0.8})  # the later edit
    report = centre.merge(bus.export(tmp_path / "b.json"))
    assert report.trainees_updated == 1
    assert centre.trainee(tid).prefs == {"large_text": False, "voice_rate": 0.8}
    back = bus.merge(centre.export(tmp_path / "c.json"))  # the older edit does not come back
    assert back.trainees_kept == 1 and bus.trainee(tid).prefs["voice_rate"] == 0.8
    bus.close()
    centre.close()


def test_equal_timestamps_are_settled_by_device_id_the_same_everywhere(tmp_path):
    a = TrainingStore(tmp_path / "a.sqlite", device_id="aaa", clock=Clock(50.0))
    z = TrainingStore(tmp_path / "z.sqlite", device_id="zzz", clock=Clock(50.0))
    tid = a.sign_in("최민호", "4321").id
    z.sign_in("최민호", "4321")
    a.set_prefs(tid, {"lang": "ko"})
    z.set_prefs(tid, {"lang": "en"})
    a.merge(z.export(tmp_path / "z.json"))
    z.merge(a.export(tmp_path / "a.json"))
    assert a.trainee(tid).prefs == z.trainee(tid).prefs == {"lang": "en"}
    a.close()
    z.close()


@pytest.mark.parametrize(
    "content",
    [
        "not json at all",
        json.dumps({"format": "something-else", "version": 1}),
        json.dumps({"format": "concierge-training-progress", "version": 99}),
        json.dumps(
            {
                "format": "concierge-training-progress",
                "version": 1,
                "trainees": [{"id": 1}],
                "attempts": [],
                "mistakes": [],
                "surveys": [],
            }
        ),
    ],
)
def test_a_bad_progress_file_is_refused_and_nothing_changes(centre, tmp_path, content):
    t = centre.sign_in("이순자", "5555")
    centre.record_attempt(t.id, attempt())
    before = (centre.rows("trainees"), centre.rows("attempts"))
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ProgressFileError):
        centre.merge(bad)
    assert (centre.rows("trainees"), centre.rows("attempts")) == before


def test_a_file_whose_attempt_has_no_trainee_is_refused_as_a_whole(bus, centre, tmp_path):
    t = bus.sign_in("김영희", "1234")
    bus.record_attempt(t.id, attempt())
    f = bus.export(tmp_path / "bus.json")
    data = json.loads(f.read_text())
    data["trainees"] = []
    f.write_text(json.dumps(data))
    with pytest.raises(ProgressFileError, match="nothing imported"):
        centre.merge(f)
    assert centre.rows("attempts") == [] and centre.rows("trainees") == []


def test_instructor_figures_show_progress_struggles_and_survey(bus, tmp_path):
    a = bus.sign_in("김영희", "1234")
    b = bus.sign_in("박철수", "0001")
    bus.record_attempt(a.id, attempt("cafe", ("for_here", "for_here")))
    bus.record_attempt(b.id, attempt("cafe", ("for_here",)))
    bus.record_attempt(b.id, attempt("fastfood", ()))
    bus.add_survey(a.id, 4, "글씨가 커서 좋아요")
    bus.add_survey(b.id, 2)
    prog = {p.name: p for p in stats.trainee_progress(bus, CUR)}
    assert prog["박철수"].tasks_done == 2 and prog["박철수"].stars == 2 + 3
    hard = stats.struggles(bus, CUR)[0]
    assert (hard.kiosk, hard.step, hard.errors, hard.trainees) == ("cafe", 1, 3, 2)
    assert hard.top_wrong == "for_here" and "포장" in hard.say_ko
    assert (hard.kiosk_title_ko, hard.top_wrong_ko) == ("카페 주문", "매장 (For here)")
    s = stats.survey_summary(bus)
    assert s.count == 2 and s.mean == 3.0 and s.by_rating[4] == 1
    files = stats.export_csvs(bus, CUR, tmp_path / "csv")
    text = (tmp_path / "csv" / "progress.csv").read_text(encoding="utf-8-sig")
    assert "김영희" in text and len(files) == 4
    assert "글씨가 커서 좋아요" in (tmp_path / "csv" / "survey.csv").read_text("utf-8-sig")


def test_survey_rating_outside_1_to_5_is_refused(bus):
    t = bus.sign_in("김영희", "1234")
    with pytest.raises(ValueError):
        bus.add_survey(t.id, 6)
    assert bus.rows("surveys") == []
