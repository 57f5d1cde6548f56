# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed

.PHONY: run test install lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# torch first, pinned: pip then takes the local CPU wheel instead of a multi-GB CUDA build
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/callsift roster --file examples/calls/roster.json >/dev/null
	$(VENV)/bin/callsift ingest examples/calls
	$(VENV)/bin/callsift recluster
	@echo ""
	@echo "callsift is serving at http://127.0.0.1:8000  (dashboard: http://127.0.0.1:8000/ui/search, API docs: http://127.0.0.1:8000/docs)"
	@echo "try:  curl -s 'http://127.0.0.1:8000/search?q=too+expensive+for+our+budget+this+year&limit=3' | python3 -m json.tool"
	@echo ""
	$(VENV)/bin/callsift serve --host 127.0.0.1 --port 8000

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy --strict nlp models

# Every benchmark (~30 min on 2 cores); bench/README.md says what each one measures.
bench: $(STAMP)
	$(PIP) install --quiet -e '.[dev,bench]'
	$(PY) -m bench.run_all $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache
