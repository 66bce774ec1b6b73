# bandfit — the two commands a fresh machine needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv installs ~10x faster than pip; use the machine's if it has one, else install it into the venv.
ifeq ($(shell command -v uv 2>/dev/null),)
UV := $(BIN)/uv
UV_DEP := $(BIN)/uv
else
UV := uv
UV_DEP :=
endif
export UV_CACHE_DIR ?= $(HOME)/.cache/uv
export SPARK_LOCAL_IP ?= 127.0.0.1
export PYTHONDONTWRITEBYTECODE := 1
# PySpark ships only as a 450 MB source archive. uv rebuilds it on every fresh venv here (the
# package proxy defeats uv's HTTP cache), which took ~27 s and left ~2 GB in the uv cache per
# build until the disk filled. So it is built once, with pip, into a wheelhouse outside the repo
# and installed from there; the pin keeps a newer sdist from bypassing the wheel.
PYSPARK_VERSION := 4.3.0
WHEELHOUSE ?= $(HOME)/.cache/bandfit/wheels
PYSPARK_WHEEL := $(WHEELHOUSE)/pyspark-$(PYSPARK_VERSION)-py2.py3-none-any.whl

.PHONY: run test venv install install-dev system-deps lint typecheck data data-check pytest bench demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv

venv: $(BIN)/python $(UV_DEP)

install: venv
	$(UV) pip install --quiet --python $(BIN)/python -e ".[plan,plot,server,data]"

$(PYSPARK_WHEEL): | venv
	$(UV) pip install --quiet --python $(BIN)/python pip
	mkdir -p $(WHEELHOUSE)
	rm -rf $(WHEELHOUSE)/.build && mkdir $(WHEELHOUSE)/.build
	$(BIN)/python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-cache-dir \
	  --wheel-dir $(WHEELHOUSE)/.build "pyspark==$(PYSPARK_VERSION)"
	mv $(WHEELHOUSE)/.build/$(notdir $(PYSPARK_WHEEL)) $@ && rm -rf $(WHEELHOUSE)/.build

# If the wheel cannot be built here, uv builds PySpark from source as before (slower, not fatal).
install-dev: venv
	@$(MAKE) -s --no-print-directory $(PYSPARK_WHEEL) || { mkdir -p $(WHEELHOUSE); \
	  echo "bandfit: could not pre-build the PySpark wheel; uv builds it from source instead"; }
	$(UV) pip install --quiet --python $(BIN)/python --find-links $(WHEELHOUSE) \
	  -e ".[dev]" "pyspark==$(PYSPARK_VERSION)"

# Debian packages the browser and Spark tests need (skipped when already present).
system-deps:
	@command -v chromium >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium openjdk-17-jre-headless >/dev/null; }

run: install
	@echo "bandfit: serving the web app and HTTP API on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/bandfit serve --host 127.0.0.1 --port 8000

lint: install-dev
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy

data: install
	$(BIN)/python tools/build_data.py

data-check: install-dev
	$(BIN)/python tools/build_data.py --check

pytest: install-dev system-deps
	$(BIN)/pytest -q

test: install-dev system-deps lint typecheck data-check pytest

bench: install-dev
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
