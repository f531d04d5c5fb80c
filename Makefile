# Thin wrapper: the real build is CMake. `make run` and `make test` do all set-up.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
WERROR ?= $(if $(CI),ON,OFF)
SANITIZE ?=

.PHONY: all deps configure build run test clean

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

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD)
