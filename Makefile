PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint venv clean data docs

$(BIN)/stackcheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,programs]'
	@touch $@

venv: $(BIN)/stackcheck

demo: venv
	-$(BIN)/stackcheck scan examples/terraform examples/cloudformation

test: venv
	$(BIN)/ruff check src tests tools
	$(BIN)/pytest

data: venv
	$(BIN)/python tools/generate_data.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

docs: venv
	$(BIN)/python tools/generate_docs.py

.PHONY: bench
bench: venv
	$(BIN)/python bench/run.py $(BENCH_ARGS)
