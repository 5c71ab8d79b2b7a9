# Entry points. Every target works on a fresh clone: the ones that need tools depend on `install`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PORT ?= 8080

.PHONY: install generate check-generated docs bundle lint lint-spec test contract mock demo bench clean

$(STAMP): pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	$(BIN)/pip install --quiet -e '.[mock]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(STAMP) $(NODE_STAMP)

generate: install
	$(BIN)/python generator/generate.py
	$(BIN)/python generator/reference.py
	$(BIN)/python tools/evidence_report.py

# The reference of every operation (docs/reference/) and the evidence page (docs/evidence.md), rendered from
# the bundle generated/ ships.
docs: install
	$(BIN)/python generator/reference.py
	$(BIN)/python tools/evidence_report.py

check-generated: install
	$(BIN)/python generator/generate.py --check

bundle: $(NODE_STAMP)
	mkdir -p build
	node_modules/.bin/redocly bundle spec/openapi.yaml --ext json -o build/openapi.json

lint-spec: $(NODE_STAMP)
	node_modules/.bin/redocly lint spec/openapi.yaml --config spec/redocly.yaml

lint: install lint-spec
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: install
	$(BIN)/pytest -q

contract: install
	$(BIN)/python tools/contract.py $(if $(BASE_URL),--base-url $(BASE_URL)) $(if $(TOKEN),--token $(TOKEN)) $(if $(WRITE),--write)

mock: install
	$(BIN)/python -m qualtrics_mock --host 127.0.0.1 --port $(PORT)

demo: install
	$(BIN)/python examples/demo.py

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
