# Two commands do everything: `make run` (the main job) and `make test` (the default suite).
# Both set the machine up first; a second run with nothing changed skips set-up in seconds.
SHELL := /bin/bash
# Python keeps compiled modules (__pycache__, gitignored) even where the environment says not to
# (PYTHONDONTWRITEBYTECODE, set by some shells and CI images): dozens of node processes and test
# workers import the same packages, and each would compile them again (a test worker's
# collection alone: 15 → 7 CPU-s). Empty means unset to Python.
export PYTHONDONTWRITEBYTECODE :=
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: setup run run-ui test lint format e2e bench clean

setup:
	@scripts/bootstrap.sh

run: setup
	@$(BIN)/concierge run

# the same demo with the operator console and the robot screen open on it (needs a display)
run-ui: setup
	@$(BIN)/concierge run --ui

# --dist loadscope: a test module's tests share one worker (and its simulated stack); stacks on
# the workers run side by side, safely: lockstep time makes their results independent of load.
# One worker more than cores: a whole-stack test often waits on DDS round trips, not the CPU.
# Modules go out in collection order, longest first (tests/conftest.py), not xdist's reorder.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
test: setup
	@$(BIN)/ruff check .
	@$(BIN)/concierge content check
	@$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder \
		--durations=10 $(PYTEST_ARGS)

lint: setup
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: setup
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

clean:
	rm -rf build $(VENV)
