# Thin wrappers; the work is in devstack/ and the project's own tools.
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PYTEST_WORKERS ?= auto

.PHONY: install up down status test lint bench backup restore

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet uv || python3 -m pip install --quiet --user uv
	$(UV) sync --frozen

up: install
	$(UV) run --frozen python -m devstack up

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

test: install
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadgroup -q

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports

bench: install
	$(UV) run --frozen python tests/bench/run.py

# Rebuild the running search index by replaying the event streams; search keeps serving.
.PHONY: reindex
reindex:
	$(UV) run --frozen python -m search.reindex
