"""Fixtures for interview tests: a private var/ dir per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def var_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CONCIERGE_VAR", str(tmp_path / "var"))
    path = tmp_path / "var"
    path.mkdir()
    return path
