# The two commands of the README:
#   make site   build the site from seeds/ into site/ (installs what it needs first)
#   make test   run every test (installs what it needs first, incl. Debian's chromium)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test install browser serve check lint bench bench-extract clean

site: $(STAMP)
	$(BIN)/briefing build

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -c "from generator import lemmas; lemmas.prepare()"  # simplemma's tries, once
	touch $(STAMP)

# Browser tests drive Debian's chromium (never a downloaded browser build).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: sudo apt-get install chromium (browser tests will be skipped)"; \
	  fi; }

serve: $(STAMP)
	$(BIN)/briefing serve

check: $(STAMP)
	$(BIN)/briefing check

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py

# spaCy is only for this comparison; it has its own hash-pinned lock file.
bench-extract: $(STAMP)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r bench/requirements-bench.lock
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf site .briefing .pytest_cache .mypy_cache .ruff_cache
