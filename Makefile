# Thin wrappers; the work is in devstack/ and the project's own tools.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PYTEST_WORKERS ?= auto

.PHONY: install up down status test lint bench backup restore web browser openapi

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet uv || python3 -m pip install --quiet --user uv
	$(UV) sync --frozen

up: install web
	$(UV) run --frozen python -m devstack up

# The front end: npm ci from the committed lock when it changed, then vite build when a
# source changed (web/dist, served by the gateway).
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/tsconfig.json web/scripts -type f 2>/dev/null)
web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

# Debian's Chromium (and CJK fonts, or Chinese renders as boxes) for the browser tests.
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk" || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk)

# After an API change: the merged OpenAPI snapshot and the front end's client types.
openapi: install
	$(UV) run --frozen python -m devstack.openapi_snapshot
	cd web && npx openapi-typescript src/shared/api/openapi.json -o src/shared/api/schema.d.ts

down:
	$(UV) run --frozen python -m devstack down

status:
	$(UV) run --frozen python -m devstack status

# Every service database and the event streams, into .devstack/backups/<time>/ (platform up).
backup:
	$(UV) run --frozen python -m devstack backup

# Back to BACKUP=<dir> (default the latest backup); the platform must be down.
restore:
	$(UV) run --frozen python -m devstack restore $(if $(BACKUP),--from $(BACKUP))

test: install web browser
	cd web && npx vitest run
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadgroup -q

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports

bench: install web
	$(UV) run --frozen python tests/bench/run.py

# Rebuild the running search index by replaying the event streams; search keeps serving.
.PHONY: reindex
reindex:
	$(UV) run --frozen python -m search.reindex
