# Two entry points: `make run` (install + process raw/) and `make test` (install + tests).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e .
	$(BIN)/drugmine prepare

install-test: $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e ".[test]"
	$(BIN)/drugmine prepare

run: install
	$(BIN)/drugmine run raw --out outputs --gold annotations
	$(BIN)/drugmine export --pred outputs

test: install-test
	$(BIN)/ruff check src tests $(wildcard bench tools)
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf outputs/* .pytest_cache
