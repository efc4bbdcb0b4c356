# The two set-up commands: `make serve` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: serve site test test-slow lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,all]'
	touch $(STAMP)

serve: $(STAMP)
	@$(BIN)/python -m papervault.site.preview '$(HOST)'
	@if git rev-parse --git-dir >/dev/null 2>&1 && $(BIN)/papervault install >/dev/null 2>&1; \
	  then echo "papervault: merge drivers and hooks installed"; fi
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr $(HOST)

site: $(STAMP)
	$(BIN)/papervault site --site-dir site

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The inner loop skips the slow tests (-m "not slow"); `make test-slow` runs only those (pytest's
# exit 5, "no test selected", counts as a pass) and `make test PYTEST_MARK=` runs everything.
PYTEST_MARK ?= not slow
test: lint typecheck
	$(BIN)/python -m pytest -q $(if $(PYTEST_MARK),-m "$(PYTEST_MARK)")

test-slow: $(STAMP)
	$(BIN)/python -m pytest -q -m slow || [ $$? -eq 5 ]

bench: $(STAMP)
	@failed=; for script in benchmarks/bench_*.py; do \
	  [ -e "$$script" ] || continue; echo "== $$script"; \
	  $(BIN)/python "$$script" || failed="$$failed $$script"; done; \
	  if [ -n "$$failed" ]; then echo "goals missed:$$failed"; exit 1; fi

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
