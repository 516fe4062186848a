# Every target sets itself up: a local virtual environment in .venv, made on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench lint stubs check verify clean

# torch is pinned (a CPU build on the course machines); the rest comes from pyproject.toml.
$(STAMP): pyproject.toml
	@# The sandbox's system-call filter loads libseccomp (apt-get it when root and missing).
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && ! ldconfig -p | grep -q libseccomp.so.2; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libseccomp2 >/dev/null; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## the main job: validate, build and self-check the whole course
	$(BIN)/autograder demo

test: $(STAMP)  ## the whole test suite (the autograder and the checks of the checks)
	$(BIN)/pytest -n auto --dist loadfile

bench: $(STAMP)  ## whole-course grading throughput against nbgrader autograde (about 10 minutes; BENCH_ARGS="--sizes 10,50,200,1000 --compare-size 10")
	$(BIN)/python benchmarks/grade_throughput.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check autograder tests/tooling tests/public tests/hidden
	$(BIN)/mypy

stubs: $(STAMP)
	$(BIN)/autograder stubs

check: $(STAMP)
	$(BIN)/autograder check
	$(BIN)/autograder stubs --check

verify: $(STAMP)
	$(BIN)/autograder verify

clean:
	rm -rf $(VENV) *.egg-info
