# Two commands do all setup on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench regenerate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" sh tools/demo.sh

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python tools/bench.py

.PHONY: bench-sharing
bench-sharing: $(STAMP)
	$(BIN)/python tools/bench_sharing.py

regenerate: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python tools/regenerate.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
