# flowsim: `make app` and `make test` are the only commands a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/family_practice.yaml

.PHONY: app test lint demo bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[app]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@ $(VENV)/.app-installed

app: $(VENV)/.app-installed  ## open the app on the bundled example clinic
	$(BIN)/flowsim app $(SCENARIO)

# The app's browser test drives Debian's Chromium; a fresh machine gets it here (as root).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium chromium-driver >/dev/null; \
	else \
		echo "make test needs Debian's chromium for the app's browser test:" \
			"sudo apt-get install chromium chromium-driver" >&2; exit 1; \
	fi

test: $(VENV)/.dev-installed $(CHROMIUM)  ## lint, type-check and run the whole suite (notebooks included)
	$(BIN)/ruff check flowsim tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --durations=10 --nbmake tests notebooks

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check flowsim tests benchmarks
	$(BIN)/ruff format --check flowsim tests benchmarks
	$(BIN)/mypy

demo: $(VENV)/.app-installed  ## compare the bundled baseline with its redesigns
	$(BIN)/flowsim compare scenarios/family_practice.yaml scenarios/pooled_rooms.yaml \
		scenarios/extra_room_per_provider.yaml scenarios/bailey_welch_schedule.yaml \
		scenarios/add_on_slots.yaml scenarios/staggered_starts.yaml scenarios/text_reminders.yaml \
		--reps 100 --seed 1 --out demo-output --force

bench: $(VENV)/.dev-installed  ## performance figures (not part of make test)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
