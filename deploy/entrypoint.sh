#!/usr/bin/env bash
# Container entrypoint: run this service's migrations, then serve it with uvicorn.
#   entrypoint.sh serve     migrate, then serve (default)
#   entrypoint.sh migrate   migrate only (Kubernetes init container / one-off job)
#   entrypoint.sh run       serve without migrating
#   entrypoint.sh <cmd…>    anything else is exec'd as given
set -euo pipefail

case "${SERVICE:-}" in
  gateway) folder=gateway;      package=gateway; default_port=8000 ;;
  content) folder=svc-content;  package=content; default_port=8001 ;;
  tickets) folder=svc-tickets;  package=tickets; default_port=8002 ;;
  policy)  folder=svc-policy;   package=policy;  default_port=8003 ;;
  search)  folder=svc-search;   package=search;  default_port=8004 ;;
  *) echo "entrypoint: SERVICE must be gateway|content|tickets|policy|search, got '${SERVICE:-}'" >&2
     exit 64 ;;
esac

# PORT is read by the image HEALTHCHECK too, so keep it in the environment.
# Behind a proxy, set FORWARDED_ALLOW_IPS (uvicorn reads it; default 127.0.0.1).
export PORT="${PORT:-$default_port}"
app_dir="${APP_DIR:-/app}"

migrate() {
  echo "entrypoint: ${SERVICE}: alembic upgrade head" >&2
  # A one-off tool: no background event workers while migrating.
  local prefix="${SERVICE^^}_"
  env "${prefix}RUN_EVENT_WORKERS=false" \
    alembic -c "${app_dir}/${folder}/alembic.ini" upgrade head
}

serve() {
  echo "entrypoint: ${SERVICE}: uvicorn ${package}.app:create_app on :${PORT}" >&2
  exec uvicorn "${package}.app:create_app" --factory \
    --host "${HOST:-0.0.0.0}" --port "${PORT}" --no-access-log \
    --http govkit.http:CoalescingHttpToolsProtocol
}

cmd="${1:-serve}"
case "$cmd" in
  serve)   migrate; serve ;;
  migrate) migrate ;;
  run)     serve ;;
  *)       exec "$@" ;;
esac
