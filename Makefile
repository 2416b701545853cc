# Entry point for a newcomer: `make dev` runs the operator on the embedded local stack,
# `make test` runs every check CI runs. Both install what is missing first.
SHELL := /bin/bash
export KAO_CACHE_DIR ?= $(CURDIR)/.cache
NODE_BIN := $(shell bash scripts/ensure-node.sh)
export PATH := $(NODE_BIN):$(PATH)
# Native addons (kerberos) build against the headers of the Node that runs them.
export npm_config_nodedir := $(abspath $(NODE_BIN)/..)

.PHONY: setup deps system env dev test test-unit lint typecheck crds bench

deps: node_modules/.installed
# `npm install` with the committed lock installs exactly the locked versions; `npm ci` rejects
# a lock without the other platforms' optional packages, which this npm leaves out.
node_modules/.installed: package.json package-lock.json
	npm install --no-audit --no-fund
	touch $@

system:
	bash scripts/ensure-system-packages.sh

# Everything the build and the local stack need is checked first, with one message for all.
env: system deps
	node local-stack/prerequisites.ts build kube kafka connect
	bash local-stack/kube/build.sh
	bash local-stack/kafka/fetch.sh

setup: env

lint: deps
	npx biome check .

typecheck: deps
	npx tsc --noEmit

crds: deps
	node src/cli/generate-crds.ts

test: setup lint typecheck
	npx vitest run

test-unit: deps
	npx vitest run --project unit

dev: setup
	node src/main.ts dev

# Every figure of DESIGN.md §5 at 10,000 KafkaAcls, each against a baseline of the same run
# (about an hour on two cores); `make bench BENCH_ARGS="--count=2000"` for a shorter run. Not
# part of `make test`. See bench/README.md; the figures go to docs/performance.md.
bench: setup
	node bench/run.ts $(BENCH_ARGS)
