# Entry point for a newcomer: `make dev` runs the operator on the embedded local stack,
# `make test` runs every check CI runs. Both install what is missing first.
SHELL := /bin/bash
export KAO_CACHE_DIR ?= $(CURDIR)/.cache
NODE_BIN := $(shell bash scripts/ensure-node.sh)
export PATH := $(NODE_BIN):$(PATH)
# Native addons (kerberos) build against the headers of the Node that runs them.
export npm_config_nodedir := $(abspath $(NODE_BIN)/..)

.PHONY: setup deps system env dev test test-unit lint typecheck crds bench install-tools manifests image

deps: node_modules/.installed
# `npm ci` installs exactly the committed lock and never rewrites it; it refuses a lock out of
# step with package.json (add dependencies with `npm install <name>`, which updates both). The
# lock lists every platform's optional packages (@biomejs/cli-*), as npm writes them.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

system:
	bash scripts/ensure-system-packages.sh

# Everything the build and the local stack need is checked first, with one message for all.
env: system deps install-tools
	node local-stack/prerequisites.ts build kube kafka connect
	bash local-stack/kube/build.sh
	bash local-stack/kafka/fetch.sh

# helm, and the Debian packages the image tests need (a Docker engine, mmdebstrap).
install-tools:
	bash test/install/ensure-tools.sh

# Everything generated for installs, in one step: crds/ from the zod schemas, the chart's copy of
# them, and deploy/install.yaml (the chart's RBAC is read from its CRDs, so a new kind needs no
# hand edit). The tests fail when any of them is stale.
manifests: crds
	bash deploy/render.sh

# Builds the operator image on the local engine; prints its size and build time.
image: deps install-tools
	node test/install/operator-image.ts

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
