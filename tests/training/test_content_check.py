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


# (file, text to break, broken text, what the error must say): each is refused at its line
BROKEN = {
    "button to an unknown screen": (
        "cafe.yaml", "next: points", "next: pionts", "unknown screen 'pionts'"),
    "missing English": (
        "atm_transfer.yaml", 'label: {ko: "농협", en: "NongHyup"}', 'label: {ko: "농협"}',
        "label.en"),
    "a step that skips a screen": (
        "train_ticket.yaml", "      - screen: seat\n", "      - screen: confirm\n",
        "path so far is on 'seat'"),
    "YAML reads `no` as false": ("cafe.yaml", "id: skip_points", "id: no", "id"),
    "an item in an unknown tab": (
        "fastfood.yaml", "tab: tab_dessert\n", "tab: tab_desert\n", "no tab 'tab_desert'"),
    "a default that is not an answer": (
        "cafe.yaml", "default: tall", "default: small", "'small' not a choice"),
    "an unknown {value} in a text": (
        "hospital.yaml", "{pick_department} · {pick_doctor}\"",
        "{pick_departement} · {pick_doctor}\"", "{pick_departement}"),
    "text colour below 4.5:1 (white on yellow)": (
        "fastfood.yaml", 'accent_text: "#1F1F1F"', 'accent_text: "#FFFFFF"',
        "accent_text on accent"),
    "a busy screen with a button": (
        "cafe.yaml", "    auto_next: card_out\n",
        "    auto_next: card_out\n    buttons: [{id: x, label: {ko: 가, en: a}}]\n",
        "moves on by itself"),
    "an unknown picture": ("fastfood.yaml", "picture: nuggets", "picture: nugget", "picture"),
}  # fmt: skip


@pytest.mark.parametrize("what", list(BROKEN))
def test_a_broken_kiosk_is_refused_with_file_and_line(root, what):
    name, old, new, message = BROKEN[what]
    line = _edit(root / "training" / name, old, new)
    errs = _errors(root)
    assert any(f"{name}:{line}:" in e and message in e for e in errs), errs


def test_unreachable_end_is_refused(root):
    f = root / "training" / "touch_basics.yaml"
    _edit(f, "        next: done\n", "        next: confirm\n")
    errs = _errors(root)
    assert any("touch_basics.yaml:" in e and "no end screen can be reached" in e for e in errs)


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


def test_every_replica_colour_pair_reaches_4_5_to_1_also_in_high_contrast():
    from concierge_content.training import contrast_ratio, load_curriculum

    from kiosk_ui.training.view import colours_for

    for kiosk in load_curriculum().kiosks.values():
        for high_contrast in (False, True):
            for what, (fg, bg) in colours_for(kiosk, high_contrast).text_pairs().items():
                assert contrast_ratio(fg, bg) >= 4.5, (kiosk.id, high_contrast, what)


def test_every_picture_and_machine_part_can_be_drawn():
    from concierge_content.training_models import PICTURES, Device

    from kiosk_ui.training.ui import devices, pictures

    assert sorted(PICTURES) == pictures.names()
    assert sorted(Device.__args__) == devices.device_names()


def test_cli_exits_1_and_prints_file_and_line(root):
    line = _edit(root / "training" / "cafe.yaml", "next: payment", "next: paymnt")
    out = subprocess.run(
        [sys.executable, "-m", "concierge_bringup.cli", "content", "check", "--root", str(root),
         "--only", "training"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 1 and f"cafe.yaml:{line}:" in out.stderr
