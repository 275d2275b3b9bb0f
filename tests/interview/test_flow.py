"""The interview rules without Qt or devices: countdowns, retakes, resume point."""

from __future__ import annotations

import pytest
from concierge_content.interview import load_interview_content

from kiosk_ui.interview.flow import FlowError, InterviewFlow, Phase


@pytest.fixture(scope="module")
def care_set():
    return load_interview_content().question_set("suwon-care-assistant")


def test_think_time_ends_in_recording_and_answer_limit_ends_it(care_set):
    flow = InterviewFlow(care_set)
    flow.consent_given(0.0)
    flow.devices_ready(0.0)
    assert flow.phase is Phase.THINK
    assert flow.tick(19.9) is None
    assert flow.tick(20.0) == "start_recording"
    flow.start_answer(20.0)
    assert flow.remaining_s(50.0) == pytest.approx(60.0)  # the set's 90 s limit
    assert flow.tick(110.0) == "stop_recording"


def test_per_question_times_override_the_set(care_set):
    flow = InterviewFlow(care_set)
    flow.resume_at({0: 1, 1: 1, 2: 1}, 0.0)
    flow.devices_ready(0.0)
    assert flow.index == 3 and flow.remaining_s(0.0) == 10.0
    flow.start_answer(1.0)
    assert flow.answer_limit_s() == 45.0


def test_retakes_run_out_after_the_allowed_number(care_set):
    flow = InterviewFlow(care_set)  # one retake allowed
    flow.consent_given(0)
    flow.devices_ready(0)
    for _ in range(2):
        flow.start_answer(1)
        flow.stop_answer(2)
        flow.saved(3)
        if flow.retakes_left():
            flow.retake(4)
    assert flow.takes[0] == 2 and flow.retakes_left() == 0
    with pytest.raises(FlowError, match="no retakes left"):
        flow.retake(5)


def test_a_lost_take_does_not_use_up_a_retake(care_set):
    flow = InterviewFlow(care_set)
    flow.consent_given(0)
    flow.devices_ready(0)
    flow.start_answer(1)
    flow.stop_answer(2)
    flow.save_failed(3)
    assert flow.phase is Phase.THINK and flow.retakes_left() == 1 and 0 not in flow.takes


def test_resume_continues_at_the_first_unanswered_question(care_set):
    flow = InterviewFlow(care_set)
    flow.resume_at({0: 2, 1: 1}, 0.0)
    assert flow.phase is Phase.DEVICE_CHECK
    flow.devices_ready(0.0)
    assert flow.index == 2 and flow.phase is Phase.THINK


def test_next_on_the_last_question_finishes(care_set):
    flow = InterviewFlow(care_set)
    flow.resume_at({0: 1, 1: 1, 2: 1}, 0.0)
    flow.devices_ready(0)
    flow.start_answer(0)
    flow.stop_answer(1)
    flow.saved(1)
    flow.next_question(2)
    assert flow.phase is Phase.DONE


def test_actions_out_of_phase_are_refused(care_set):
    flow = InterviewFlow(care_set)
    with pytest.raises(FlowError):
        flow.start_answer(0)
