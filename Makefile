# Two commands do everything: `make run` (the main job) and `make test` (the default suite).
# Both set the machine up first; a second run with nothing changed skips set-up in seconds.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: setup run test lint format e2e bench clean

setup:
	@scripts/bootstrap.sh

run: setup
	@$(BIN)/concierge run

test: setup
	@$(BIN)/ruff check .
	@$(BIN)/concierge content check
	@$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=10 $(PYTEST_ARGS)

lint: setup
	@$(BIN)/ruff check .
	@$(BIN)/ruff format --check .

format: setup
	@$(BIN)/ruff format .
	@$(BIN)/ruff check --fix .

clean:
	rm -rf build $(VENV)
