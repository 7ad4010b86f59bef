"""docker compose and deploy/k8s serve the same front-end build as the devstack.

The gateway image builds web/ in a Node stage (`npm ci`, `npm run build`), copies web/dist
into the runtime stage and points GATEWAY_WEB_DIST at it; compose and the cluster run that
image and do not point the gateway elsewhere. Static checks: the files are parsed, never run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE = ROOT / "docker-compose.yml"
K8S = ROOT / "deploy" / "k8s"
IMAGE_DIST = "/app/web/dist"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile line, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


def _stages() -> dict[str, list[tuple[str, str]]]:
    """Each build stage's instructions, by its `AS` name."""
    stages: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for word, rest in _instructions():
        if word == "FROM":
            match = re.search(r"\bAS\s+(\S+)", rest, re.IGNORECASE)
            assert match, f"every stage is named: FROM {rest}"
            current = stages.setdefault(match.group(1), [])
        elif current is not None:
            current.append((word, rest))
    return stages


def _args() -> dict[str, str]:
    return dict(
        rest.split("=", 1) for word, rest in _instructions() if word == "ARG" and "=" in rest
    )


def _env(stage: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for word, rest in stage:
        if word == "ENV":
            env.update(pair.split("=", 1) for pair in rest.split())
    return env


def test_dockerfile_has_a_node_20_stage_that_builds_web_from_the_lockfile() -> None:
    web = _stages()["web"]
    base = next(rest for word, rest in _instructions() if word == "FROM" and rest.endswith(" web"))
    image = base.split()[0]
    if image.startswith("${"):
        image = _args()[image.strip("${}")]
    assert image.startswith("node:20"), image
    runs = [rest for word, rest in web if word == "RUN"]
    copies = [rest for word, rest in web if word == "COPY"]
    assert any("web/package-lock.json" in c for c in copies), copies
    assert any(re.search(r"\bnpm ci\b", r) for r in runs), runs
    assert any("npm run build" in r for r in runs), runs
    # `npm ci` runs before the sources arrive, so a code change keeps the cached install.
    ci = next(i for i, (w, r) in enumerate(web) if w == "RUN" and "npm ci" in r)
    sources = next(i for i, (w, r) in enumerate(web) if w == "COPY" and r.startswith("web/ "))
    assert ci < sources


def test_runtime_image_holds_the_built_dist_and_points_the_gateway_at_it() -> None:
    runtime = _stages()["runtime"]
    copies = [rest for word, rest in runtime if word == "COPY"]
    assert any(
        "--from=web" in c and c.split()[-2] == "/web/dist" and c.split()[-1] == IMAGE_DIST
        for c in copies
    ), copies
    assert _env(runtime).get("GATEWAY_WEB_DIST") == IMAGE_DIST


def test_build_context_leaves_out_local_node_modules_and_dist() -> None:
    ignored = {line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()}
    assert {"web/node_modules", "web/dist"} <= ignored


def _compose_gateway() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]["gateway"]


def test_compose_gateway_is_built_from_that_dockerfile() -> None:
    gateway = _compose_gateway()
    assert gateway["build"]["dockerfile"] == "deploy/Dockerfile"
    assert gateway["build"]["context"] == "."
    assert gateway["build"]["args"]["SERVICE"] == "gateway"
    assert gateway["image"].split(":")[0] == "govplatform/gateway"
    env = gateway.get("environment") or {}
    assert env.get("GATEWAY_WEB_DIST", IMAGE_DIST) == IMAGE_DIST


def _k8s_docs() -> list[dict[str, Any]]:
    docs = []
    for path in sorted(K8S.glob("*.yaml")):
        docs += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return docs


def test_k8s_gateway_runs_the_same_image_without_moving_the_dist() -> None:
    deployment = next(
        d
        for d in _k8s_docs()
        if d.get("kind") == "Deployment" and d["metadata"]["name"] == "gateway"
    )
    containers = deployment["spec"]["template"]["spec"]["containers"]
    gateway = next(c for c in containers if c["name"] == "gateway")
    assert gateway["image"].split(":")[0] == "govplatform/gateway"
    env = {e["name"]: e.get("value") for e in gateway.get("env", [])}
    assert env.get("GATEWAY_WEB_DIST", IMAGE_DIST) == IMAGE_DIST
    for doc in _k8s_docs():
        if doc.get("kind") == "ConfigMap":
            assert doc.get("data", {}).get("GATEWAY_WEB_DIST", IMAGE_DIST) == IMAGE_DIST
