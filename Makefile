# Two commands do all setup on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench regenerate docs fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

# The native modules (the reader, the identifiers), built again against this venv's lxml whenever
# their source changes (the install builds them too, in pip's own build environment); without a
# C compiler, pure Python.
NATIVE := $(VENV)/.native
$(NATIVE): $(STAMP) src/elhub_cim/mapping/_native.pyx src/elhub_cim/rules/_native.pyx hatch_build.py
	$(BIN)/python hatch_build.py || echo "elhub-cim: the native modules were not built; pure Python"
	touch $(NATIVE)

demo: $(STAMP) $(NATIVE)
	PATH="$(abspath $(BIN)):$$PATH" sh tools/demo.sh

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(NATIVE)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pytest -q

# Every ratio of issue 15 in one run (convert, validate, start-up, --jobs, sharing, monitor).
bench: $(STAMP) $(NATIVE)
	$(BIN)/python tools/bench_all.py

# Convert and validate against the lxml floor, per input set (part of `make bench`).
.PHONY: bench-convert
bench-convert: $(STAMP) $(NATIVE)
	$(BIN)/python tools/bench.py

.PHONY: bench-sharing
bench-sharing: $(STAMP)
	$(BIN)/python tools/bench_sharing.py

# Archive-scale batches: messages/s with --jobs and on Dask (1 and 2 workers), peak memory.
.PHONY: bench-scale
bench-scale: $(STAMP)
	$(BIN)/python tools/bench_scale.py --messages $(or $(MESSAGES),200000)

.PHONY: bench-monitor
bench-monitor: $(STAMP)
	$(BIN)/python tools/bench_monitor.py

.PHONY: bench-startup
bench-startup: $(STAMP)
	$(BIN)/python tools/bench_startup.py

# Streaming of metering documents (issue 16): a generated 1 GB CollectedData and 100 MB billing
# document (each also a tenth of it) in /tmp, peak memory, MB/s and ratios to a streaming lxml
# parse (tools/bench_stream.py; long: runs under nice 19).
.PHONY: bench-stream
bench-stream: $(STAMP)
	nice -n 19 $(BIN)/python tools/bench_stream.py --folder /tmp

regenerate: $(STAMP)
	$(BIN)/python tools/build_measure_xsds.py
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python tools/regenerate.py
	if [ -d ../shared/reference/nordic-ediel-cim ]; then $(BIN)/python tools/build_nordic_json_shape.py; fi
	$(BIN)/python tools/build_json_schemas.py

# Generated documentation: the mapping tables' pages (docs/mappings/).
docs: $(STAMP)
	$(BIN)/python tools/build_mapping_docs.py
	$(BIN)/python tools/build_profile_docs.py

# Property tests with thousands of examples each (the CI profile runs tens).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=deep PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pytest -q

# Mutation fuzzing of the examples through validate/read/convert/to_domain (tools/fuzz_mutate.py);
# `make test` runs a 6,000-mutant slice of it (tests/test_validate_convert.py).
FUZZ_MUTANTS ?= 100000
FUZZ_SEED ?= 1
.PHONY: fuzz-mutate
fuzz-mutate: $(STAMP)
	$(BIN)/python tools/fuzz_mutate.py -n $(FUZZ_MUTANTS) --seed $(FUZZ_SEED) --save fuzz-findings

# Mutation testing of the rules, sharing and mapping engines (not part of `make test`; hours on a
# shared 2-core machine, one engine at a time with `tools/mutate.py --engine E`, `--resume`):
# kill rate per module, survivors, reviewed equivalents (tools/mutate.py).
.PHONY: mutate
mutate: $(STAMP)
	$(BIN)/python -c "import mutmut" 2>/dev/null || $(BIN)/pip install --quiet -e '.[mutate]'
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python tools/mutate.py

# The golden CIM files (tests/golden/cim/): regenerate only when the CIM output is meant to change.
.PHONY: golden
golden: $(STAMP)
	$(BIN)/python tools/update_golden.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache mutants
