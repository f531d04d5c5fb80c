# Thin wrapper: the real build is CMake. `make run` and `make test` do all set-up.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
WERROR ?= $(if $(CI),ON,OFF)
SANITIZE ?=

.PHONY: all deps configure build run run-vmmq-scaling run-rss-live-update run-capacity bench validate \
  docs test clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DVQ_WERROR=$(WERROR) \
	  -DVQ_SANITIZE="$(SANITIZE)" >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@./$(BUILD)/vmqsim run scenarios/default.ini --out results/default

# LeakSanitizer cannot follow SimGrid's actor stack switching (it aborts the run), so sanitizer
# runs check addresses and undefined behaviour, not leaks.
# VMMQ: one VM over 1, 2, 4, 8 and 16 queue pairs (results/vmmq-scaling-N/).
run-vmmq-scaling: build
	@for n in 1 2 4 8 16; do \
	  ./$(BUILD)/vmqsim run scenarios/vmmq-scaling.ini --quiet --out results/vmmq-scaling-$$n \
	    --set vm.big.rss_processors=2-$$((n + 1)) || exit $$?; \
	done

# A live RSS table update under load (results/rss-live-update/, see reorder.png).
run-rss-live-update: build
	@./$(BUILD)/vmqsim run scenarios/rss-live-update.ini --out results/rss-live-update

# The capacity study: tenants per host at 5 Gbit/s each, VMQ against VMMQ, to a p99 SLO
# (results/capacity-vmq-vs-vmmq/report.html; ~5 s with 2 processes). CAPACITY_JOBS: processes.
CAPACITY_JOBS ?= $(JOBS)
run-capacity: build
	@./$(BUILD)/vmqsim sweep scenarios/capacity-vmq-vs-vmmq.sweep --jobs $(CAPACITY_JOBS)

# Speed and memory (measured, never asserted in tests): vmqsim bench --help.
bench: build
	@./$(BUILD)/vmqsim bench $(BENCH_ARGS)

# Validation against queueing theory, Little's law, capacity and conservation (~15 s):
# prints the table and writes docs/validation.md. `make test` runs the quick form.
validate: build
	@mkdir -p docs
	@./$(BUILD)/vmqsim validate --out docs/validation.md

# Generated documentation (scripts/gen-docs.sh): the README's key tables, the fuzz dictionary.
docs: build
	@bash scripts/gen-docs.sh ./$(BUILD)/vmqsim

test: build
	@cd $(BUILD) && $(if $(SANITIZE),ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1) \
	  ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
