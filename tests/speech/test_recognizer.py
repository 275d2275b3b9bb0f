"""Recognition: the checked Korean model, grammar from content/, and `concierge listen`."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from concierge_speech.audio import AudioSourceError, chunks, read_wav, to_16k_mono
from concierge_speech.models import ModelError, korean_model_dir, verify_model
from concierge_speech.pipeline import Listener, dialog_scorer
from concierge_speech.tts_engine import synthesize


def test_model_with_a_wrong_checksum_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path / "var"))
    bad = tmp_path / "checksums.json"
    bad.write_text(json.dumps({"files": {"README": {"size": 58, "sha256": "0" * 64}}}))
    with pytest.raises(ModelError, match="SHA-256"):
        verify_model(korean_model_dir(), bad, cache=False)
    missing = tmp_path / "missing.json"
    missing.write_text(json.dumps({"files": {"am/gone.mdl": {"size": 1, "sha256": "0" * 64}}}))
    with pytest.raises(ModelError, match="missing"):
        verify_model(korean_model_dir(), missing, cache=False)


def test_grammar_is_built_from_content_names(korean_recognizer):
    grammar = " ".join(korean_recognizer.grammar)
    for word in ("화장실", "여권", "새빛", "데려다"):
        assert word in grammar


def test_spoken_question_becomes_text_with_alternatives(korean_recognizer, city_knowledge):
    audio = synthesize("화장실 어디예요", "ko")
    speech = to_16k_mono(audio.samples, audio.rate)
    samples = np.concatenate([np.zeros(4000, np.int16), speech, np.zeros(16000, np.int16)])
    listener = Listener(korean_recognizer, dialog_scorer("city_hall", city_knowledge))
    events = [e for c in chunks(samples) for e in listener.feed(c)] + listener.flush()
    finals = [h for kind, h in events if kind == "final"]
    assert len(finals) == 1
    heard = finals[0]
    assert heard.text and 0.0 < heard.confidence <= 1.0
    assert {a["pass"] for a in heard.alternatives} >= {"grammar"}
    assert any(kind == "partial" for kind, _ in events)


def test_unreadable_wav_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not a wav at all")
    with pytest.raises(AudioSourceError, match="not a PCM WAV"):
        read_wav(bad)


def test_listen_cli_prints_json_with_intent_and_reply(tmp_path):
    wav = synthesize("여권민원실로 데려다 주세요", "ko").save(tmp_path / "q.wav")
    out = subprocess.run(
        [sys.executable, "-m", "concierge_bringup.cli", "listen", str(wav), "--site",
         "city_hall", "--no-free-pass"],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout.splitlines()[0])
    assert {"text", "intent", "place_id", "reply", "lang", "confidence"} <= set(data)
    assert data["text"] and data["reply"]


def test_misrecognised_words_snap_to_the_nearest_content_phrase(korean_recognizer):
    phrase, similarity = korean_recognizer.nearest_phrase("엘리베어터 로 대려다 주세요")
    assert phrase.startswith("엘리베이") and phrase.endswith("로 데려다 주세요")
    assert similarity > 85
    assert korean_recognizer.nearest_phrase("") == ("", 0.0)


def test_hypothesis_the_dialog_understands_is_preferred():
    from concierge_speech.recognizer import Hypothesis, pick_hypothesis

    hyps = [Hypothesis("음 그 저", 0.99, "free"), Hypothesis("화장실 어디 예요", 0.6, "phrase")]
    understands = {"화장실 어디 예요": 0.9}.get
    assert pick_hypothesis(hyps, lambda t: understands(t, 0.0)).source == "phrase"
    assert pick_hypothesis([Hypothesis("", 0.0, "grammar")], lambda t: 0.0).source == "none"
