# Thin wrapper: the real build is CMake. `make run` and `make test` do all set-up.
SHELL := /bin/bash
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
WERROR ?= $(if $(CI),ON,OFF)
SANITIZE ?=

.PHONY: all help deps test-deps configure vmqsim build run run-vmmq-scaling run-rss-imbalance run-rss-live-update run-capacity bench validate \
  docs install test clean

all: build

help:
	@echo "make run                  install what is missing, build, run scenarios/default.ini"
	@echo "                          (results/default/: summary, timeseries, charts, run.json)"
	@echo "make test                 the same set-up with the test packages, then every test"
	@echo "make run-vmmq-scaling     one VMMQ VM over 1..16 queue pairs, a sweep with its table"
	@echo "make run-rss-imbalance    RSS table granularity and Zipf skew: sweep, table, chart"
	@echo "make run-rss-live-update  a live indirection-table change under load"
	@echo "make run-capacity         the capacity study, VMQ against VMMQ (report.html)"
	@echo "make bench                simulated frames per wall second, against the floor"
	@echo "make validate             checks against queueing theory; writes docs/validation.md"
	@echo "make docs                 regenerates the README's generated blocks"
	@echo "make vmqsim | build       the simulator alone | with the test programs"
	@echo "make install              vmqsim and its man page under PREFIX (default /usr/local)"
	@echo "make clean                removes build/"
	@echo "Variables: BUILD=dir JOBS=n PREFIX=dir WERROR=ON SANITIZE=address;undefined BENCH_ARGS=..."

# What a run needs; `make test` adds the test-only packages (clang, parallel, Slurm, munge).
deps:
	@bash scripts/install-deps.sh run

test-deps:
	@bash scripts/install-deps.sh test

# Quiet: compiler diagnostics and errors only, no per-file progress or sub-make directory lines.
configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DVQ_WERROR=$(WERROR) \
	  -DVQ_SANITIZE="$(SANITIZE)" -DCMAKE_RULE_MESSAGES=OFF >/dev/null

# The simulator alone (what `make run` and the studies need) ...
vmqsim: configure
	@echo "make: building $(BUILD)/vmqsim"
	@set -o pipefail; cmake --build $(BUILD) -j $(JOBS) --target vmqsim -- --no-print-directory | \
	  { grep -v '^\[ *[0-9]*%\] Built target' || true; }

# ... and with the test programs.
build: configure
	@echo "make: building $(BUILD)/vmqsim and the tests"
	@set -o pipefail; cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory | \
	  { grep -v '^\[ *[0-9]*%\] Built target' || true; }

run: vmqsim
	@./$(BUILD)/vmqsim run scenarios/default.ini --out results/default

# LeakSanitizer cannot follow SimGrid's actor stack switching (it aborts the run), so sanitizer
# runs check addresses and undefined behaviour, not leaks.
# VMMQ: one VM over 1, 2, 4, 8 and 16 queue pairs, a sweep (results/vmmq-scaling/): prints a
# table, one line per point.
run-vmmq-scaling: vmqsim
	@./$(BUILD)/vmqsim sweep scenarios/vmmq-scaling.sweep --jobs $(JOBS)

# Measured against analytic imbalance: results/rss-imbalance/imbalance.csv and imbalance.png.
run-rss-imbalance: vmqsim
	@./$(BUILD)/vmqsim sweep scenarios/rss-imbalance.sweep --jobs $(JOBS) >/dev/null
	@sh scripts/rss-imbalance-table.sh results/rss-imbalance

# The binary (chart templates compiled in) and vmqsim(1) under PREFIX.
PREFIX ?= /usr/local
install: vmqsim
	@cmake --install $(BUILD) --prefix "$(PREFIX)" | sed 's/^-- //'

# A live RSS table update under load (results/rss-live-update/, see reorder.png).
run-rss-live-update: vmqsim
	@./$(BUILD)/vmqsim run scenarios/rss-live-update.ini --out results/rss-live-update

# The capacity study: tenants per host at 5 Gbit/s each, VMQ against VMMQ, to a p99 SLO
# (results/capacity-vmq-vs-vmmq/report.html; ~5 s with 2 processes). CAPACITY_JOBS: processes.
CAPACITY_JOBS ?= $(JOBS)
run-capacity: vmqsim
	@./$(BUILD)/vmqsim sweep scenarios/capacity-vmq-vs-vmmq.sweep --jobs $(CAPACITY_JOBS)

# Speed and memory (measured, never asserted in tests): vmqsim bench --help.
bench: vmqsim
	@./$(BUILD)/vmqsim bench $(BENCH_ARGS)

# Validation against queueing theory, Little's law, capacity and conservation (~15 s):
# prints the table and writes docs/validation.md. `make test` runs the quick form.
validate: vmqsim
	@mkdir -p docs
	@./$(BUILD)/vmqsim validate --out docs/validation.md

# Generated documentation (scripts/gen-docs.sh): the README's key tables, the fuzz dictionary,
# the trace-info example (on a capture the tests' generator writes).
docs: vmqsim
	@cmake --build $(BUILD) --target vq-gen-capture -- --no-print-directory >/dev/null
	@bash scripts/gen-docs.sh ./$(BUILD)/vmqsim

test: test-deps build
	@cd $(BUILD) && $(if $(SANITIZE),ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1) \
	  ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
