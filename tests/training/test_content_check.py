"""`concierge content check` refuses broken practice kiosks with file and line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from concierge_content.check import run_checks
from concierge_content.errors import ContentError, ContentErrors
from concierge_content.paths import content_root
from concierge_content.training import check_training


@pytest.fixture
def root(tmp_path):
    shutil.copytree(content_root() / "training", tmp_path / "training")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` with `new`; returns its 1-based line."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


def _errors(root):
    """What the registered `training` checker reports for this content folder."""
    if root is None:
        return [str(e) for e in run_checks(None, only=["training"])]
    try:
        check_training(root)
    except ContentErrors as exc:
        return [str(e) for e in exc.errors]
    except ContentError as exc:
        return [str(exc)]
    return []


def test_shipped_curriculum_passes():
    assert _errors(None) == []


def test_button_to_unknown_screen_is_refused_with_its_line(root):
    f = root / "training" / "cafe.yaml"
    line = _edit(f, "next: points", "next: pionts")
    errs = _errors(root)
    assert any(f"cafe.yaml:{line}:" in e and "unknown screen 'pionts'" in e for e in errs)


def test_unreachable_end_is_refused(root):
    f = root / "training" / "touch_basics.yaml"
    _edit(f, "        next: done\n", "        next: confirm\n")
    errs = _errors(root)
    assert any("touch_basics.yaml:" in e and "no end screen can be reached" in e for e in errs)


def test_missing_english_string_is_refused_with_its_line(root):
    f = root / "training" / "atm_transfer.yaml"
    line = _edit(f, 'label: {ko: "농협", en: "NongHyup"}', 'label: {ko: "농협"}')
    errs = _errors(root)
    assert any(f"atm_transfer.yaml:{line}:" in e and "label.en" in e for e in errs), errs


def test_step_pressing_a_control_that_is_not_on_screen_at_that_moment_is_refused(root):
    """The tab decides which items are on the menu: the step list is walked through the kiosk."""
    f = root / "training" / "fastfood.yaml"
    _edit(f, "press: tab_burger", "press: tab_drink")
    line = _edit(f, "press: bulgogi", "press: bulgogi")
    errs = _errors(root)
    assert any(
        f"fastfood.yaml:{line}:" in e and "'bulgogi' is not on screen 'menu'" in e and "cola" in e
        for e in errs
    ), errs


def test_step_that_skips_a_screen_is_refused(root):
    f = root / "training" / "train_ticket.yaml"
    line = _edit(f, "      - screen: seat\n", "      - screen: confirm\n")
    errs = _errors(root)
    assert any(f"train_ticket.yaml:{line}:" in e and "path so far is on 'seat'" in e for e in errs)


def test_yaml_yes_no_keys_are_caught(root):
    f = root / "training" / "cafe.yaml"
    line = _edit(f, "id: skip_points", "id: no")
    assert any(f"cafe.yaml:{line}:" in e for e in _errors(root))


def test_item_in_an_unknown_tab_is_refused(root):
    f = root / "training" / "fastfood.yaml"
    line = _edit(f, "tab: tab_dessert\n", "tab: tab_desert\n")
    errs = _errors(root)
    assert any(f"fastfood.yaml:{line}:" in e and "no tab 'tab_desert'" in e for e in errs), errs


def test_default_that_is_not_an_answer_is_refused(root):
    f = root / "training" / "cafe.yaml"
    line = _edit(f, "default: tall", "default: small")
    errs = _errors(root)
    assert any(f"cafe.yaml:{line}:" in e and "'small' not a choice" in e for e in errs), errs


def test_unknown_value_in_a_screen_text_is_refused(root):
    f = root / "training" / "hospital.yaml"
    line = _edit(f, '{pick_department} · {pick_doctor}"', '{pick_departement} · {pick_doctor}"')
    errs = _errors(root)
    assert any(f"hospital.yaml:{line}:" in e and "{pick_departement}" in e for e in errs), errs


def test_text_colour_below_4_5_to_1_is_refused(root):
    f = root / "training" / "fastfood.yaml"
    line = _edit(f, 'accent_text: "#1F1F1F"', 'accent_text: "#FFFFFF"')  # white on yellow
    errs = _errors(root)
    assert any(
        f"fastfood.yaml:{line}:" in e and "accent_text on accent" in e and "4.5:1" in e
        for e in errs
    ), errs


def test_busy_screen_with_a_button_is_refused(root):
    f = root / "training" / "cafe.yaml"
    line = _edit(
        f,
        "    auto_next: card_out\n",
        "    auto_next: card_out\n    buttons: [{id: x, label: {ko: 가, en: a}}]\n",
    )
    errs = _errors(root)
    assert any(f"cafe.yaml:{line}:" in e and "moves on by itself" in e for e in errs), errs


def test_unknown_picture_is_refused_with_its_line(root):
    f = root / "training" / "fastfood.yaml"
    line = _edit(f, "picture: nuggets", "picture: nugget")
    assert any(f"fastfood.yaml:{line}:" in e and "picture" in e for e in _errors(root))


def test_every_picture_and_machine_part_can_be_drawn():
    from concierge_content.training_models import PICTURES, Device

    from kiosk_ui.training.ui import pictures

    assert sorted(PICTURES) == pictures.names()
    assert sorted(Device.__args__) == pictures.device_names()


def test_cli_exits_1_and_prints_file_and_line(root):
    line = _edit(root / "training" / "cafe.yaml", "next: payment", "next: paymnt")
    out = subprocess.run(
        [sys.executable, "-m", "concierge_bringup.cli", "content", "check", "--root", str(root),
         "--only", "training"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 1 and f"cafe.yaml:{line}:" in out.stderr
