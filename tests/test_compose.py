"""The container and cluster deployment files agree with the code they deploy.

Static checks only: docker-compose.yml, deploy/Dockerfile, deploy/nats and deploy/k8s are
parsed, never run, so these tests need neither Docker nor a cluster.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from govkit.settings import SHARED_UNPREFIXED

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
K8S = ROOT / "deploy" / "k8s"

# service name in compose → (SERVICE build arg, port, settings module, env prefix, database)
APPS: dict[str, tuple[str, int, str, str, str]] = {
    "gateway": ("gateway", 8000, "gateway.settings", "GATEWAY_", "gateway"),
    "content": ("content", 8001, "content.settings", "CONTENT_", "content"),
    "tickets": ("tickets", 8002, "tickets.settings", "TICKETS_", "tickets"),
    "policy": ("policy", 8003, "policy.settings", "POLICY_", "policy"),
    "search": ("search", 8004, "search.settings", "SEARCH_", "search"),
}
INFRA = ("postgres", "nats", "meilisearch")

# Keys compose may set ahead of the Settings field that will read them (the Meilisearch
# engine is planned, not built). Once the field exists the key is checked like any other.
PLANNED_KEYS = {"search": {"SEARCH_ENGINE", "SEARCH_MEILI_URL", "SEARCH_MEILI_KEY"}}
# Unprefixed names a container may set: govkit's shared ones and what entrypoint.sh reads.
PLAIN_KEYS = {name.upper() for name in SHARED_UNPREFIXED} | {
    "SERVICE",
    "PORT",
    "HOST",
    "FORWARDED_ALLOW_IPS",
}

_INTERPOLATION = re.compile(r"\$\{(\w+)(?::?-([^}]*))?\}")


def _interpolate(value: str) -> str:
    """Resolve `${VAR:-default}` the way compose does with an empty environment."""
    return _INTERPOLATION.sub(lambda m: m.group(2) or "", value)


def _compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _service(name: str) -> dict[str, Any]:
    return _compose()["services"][name]


def _env(name: str) -> dict[str, str]:
    env = _service(name).get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {key: _interpolate(str(value)) for key, value in env.items()}


def _depends_on(name: str) -> dict[str, dict[str, Any]]:
    deps = _service(name).get("depends_on") or {}
    if isinstance(deps, list):
        return {dep: {} for dep in deps}
    return deps


def _healthcheck_text(name: str) -> str:
    test = _service(name).get("healthcheck", {}).get("test", [])
    return test if isinstance(test, str) else " ".join(test)


def _k8s_docs() -> list[tuple[Path, dict[str, Any]]]:
    docs = []
    for path in sorted(K8S.rglob("*.y*ml")):
        docs.extend(
            (path, doc) for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc
        )
    return docs


def test_compose_defines_the_eight_services() -> None:
    assert set(_compose()["services"]) == set(APPS) | set(INFRA)


@pytest.mark.parametrize("name", APPS)
def test_app_service_builds_from_the_shared_dockerfile_with_its_service_arg(name: str) -> None:
    build = _service(name)["build"]
    assert build["context"] == "."
    assert build["dockerfile"] == "deploy/Dockerfile"
    assert (ROOT / build["context"] / build["dockerfile"]).is_file()
    assert build["args"]["SERVICE"] == APPS[name][0]


@pytest.mark.parametrize("name", APPS)
def test_app_service_publishes_its_own_port(name: str) -> None:
    port = APPS[name][1]
    assert f"{port}:{port}" in [str(p) for p in _service(name)["ports"]]


@pytest.mark.parametrize("name", APPS)
def test_app_service_healthcheck_hits_readyz_on_its_port(name: str) -> None:
    assert f"127.0.0.1:{APPS[name][1]}/readyz" in _healthcheck_text(name)


@pytest.mark.parametrize("name", APPS)
def test_app_service_database_url_points_at_postgres_and_its_own_database(name: str) -> None:
    prefix, database = APPS[name][3], APPS[name][4]
    url = urlsplit(_env(name)[f"{prefix}DATABASE_URL"])
    assert url.scheme == "postgresql+asyncpg"
    assert url.hostname == "postgres"
    assert url.port == 5432
    assert url.path == f"/{database}"


@pytest.mark.parametrize("name", APPS)
def test_app_service_nats_url_points_at_nats_4222(name: str) -> None:
    url = urlsplit(_env(name)[f"{APPS[name][3]}NATS_URL"])
    assert (url.scheme, url.hostname, url.port) == ("nats", "nats", 4222)


@pytest.mark.parametrize("name", APPS)
def test_app_service_waits_for_healthy_postgres_and_nats(name: str) -> None:
    deps = _depends_on(name)
    for infra in ("postgres", "nats"):
        assert deps[infra]["condition"] == "service_healthy"


def test_gateway_waits_for_all_four_healthy_services() -> None:
    deps = _depends_on("gateway")
    for name in set(APPS) - {"gateway"}:
        assert deps[name]["condition"] == "service_healthy"


def test_gateway_upstream_urls_point_at_the_service_containers() -> None:
    env = _env("gateway")
    for name, (_, port, *_rest) in APPS.items():
        if name != "gateway":
            assert env[f"GATEWAY_{name.upper()}_URL"] == f"http://{name}:{port}"


def test_search_waits_for_healthy_meilisearch() -> None:
    assert _depends_on("search")["meilisearch"]["condition"] == "service_healthy"


def test_infrastructure_services_have_healthchecks() -> None:
    for name in INFRA:
        assert _healthcheck_text(name), name


def test_postgres_image_is_major_version_16_or_newer() -> None:
    image = _service("postgres")["image"]
    repo, _, tag = image.partition(":")
    assert repo.rsplit("/", 1)[-1] == "postgres"
    major = re.match(r"\d+", tag)
    assert major, f"postgres image must pin a major version, got {image!r}"
    assert int(major.group()) >= 16


def test_postgres_init_script_creates_every_service_database() -> None:
    mounts = [str(v) for v in _service("postgres")["volumes"]]
    init = [m for m in mounts if "/docker-entrypoint-initdb.d" in m]
    assert init, "init.sql must be mounted into /docker-entrypoint-initdb.d"
    sql = (ROOT / init[0].split(":")[0]).read_text(encoding="utf-8")
    created = set(re.findall(r"CREATE\s+DATABASE\s+\"?(\w+)\"?", sql, re.IGNORECASE))
    assert created >= {app[4] for app in APPS.values()}


def test_nats_runs_with_jetstream() -> None:
    nats = _service("nats")
    command = nats.get("command", [])
    command = command.split() if isinstance(command, str) else [str(c) for c in command]
    if "-js" in command or "--jetstream" in command:
        return
    conf_in_container = command[command.index("-c") + 1]
    host_conf = next(
        v.split(":")[0] for v in map(str, nats["volumes"]) if v.split(":")[1] == conf_in_container
    )
    assert re.search(r"^\s*jetstream\b", (ROOT / host_conf).read_text(), re.MULTILINE)


def test_dockerfile_installs_with_uv_sync_frozen() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "uv sync --frozen" in text
    assert "--no-dev" in text
    assert re.search(r"^ARG SERVICE\b", text, re.MULTILINE)
    assert re.search(r"^USER\s+(?!root\b|0\b)", text, re.MULTILINE), "image must not run as root"


def test_dockerfile_entrypoint_script_exists() -> None:
    assert (ROOT / "deploy" / "entrypoint.sh").is_file()


@pytest.mark.parametrize("name", APPS)
def test_compose_env_keys_match_the_service_settings_fields(name: str) -> None:
    settings = importlib.import_module(APPS[name][2]).Settings
    prefix = settings.model_config["env_prefix"]
    assert prefix == APPS[name][3]
    known = {f"{prefix}{field}".upper() for field in settings.model_fields}
    allowed = known | PLAIN_KEYS | PLANNED_KEYS.get(name, set())
    unknown = sorted(set(_env(name)) - allowed)
    assert not unknown, f"{name}: env keys that no Settings field reads: {unknown}"


def test_every_k8s_yaml_parses() -> None:
    files = sorted(K8S.rglob("*.y*ml"))
    assert files
    for path in files:
        list(yaml.safe_load_all(path.read_text(encoding="utf-8")))


def test_kustomization_lists_only_files_that_exist() -> None:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    resources = kustomization.get("resources", [])
    assert resources
    for resource in resources:
        assert (K8S / resource).exists(), resource


def test_k8s_has_a_deployment_and_service_per_app_with_probes() -> None:
    docs = _k8s_docs()
    deployments = {d["metadata"]["name"]: d for _, d in docs if d["kind"] == "Deployment"}
    services = {d["metadata"]["name"]: d for _, d in docs if d["kind"] == "Service"}
    for name, (_, port, *_rest) in APPS.items():
        container = deployments[name]["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert container["resources"]["requests"]
        assert services[name]["spec"]["ports"][0]["port"] == port


def test_nats_statefulset_has_three_replicas() -> None:
    statefulsets = [d for _, d in _k8s_docs() if d["kind"] == "StatefulSet"]
    nats = [s for s in statefulsets if s["metadata"]["name"] == "nats"]
    assert len(nats) == 1
    assert nats[0]["spec"]["replicas"] == 3
