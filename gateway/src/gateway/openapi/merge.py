"""Merging the services' OpenAPI documents into the gateway's: pure functions on JSON.

Each service's paths are prefixed with `/api/<service>` (where the gateway routes them), its
tags with its title, its operationIds with its name, and its components renamed
`<service>_<Name>`, with every reference inside its document rewritten to match. A component
identical to one of the gateway's own (govkit's `HTTPValidationError`, `DeadLetterOut`…) is
shared instead, but only when everything it refers to is shared too: a shared name always
means one and the same thing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

JSON = dict[str, Any]
ComponentKey = tuple[str, str]  # (section, name), e.g. ("schemas", "SiteOut")

COMPONENTS_REF = "#/components/"
OPERATIONAL_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
TAG_SEPARATOR = " · "


@dataclass(frozen=True)
class ServiceDocument:
    name: str  # the path segment /api/<name>/…, and the prefix of components and operationIds
    title: str  # the prefix of its tags, e.g. "统一信息资源库 · 站点"
    document: JSON


def merge_documents(
    own: JSON,
    services: Sequence[ServiceDocument],
    *,
    info: JSON,
    own_group: str,
    security_schemes: Mapping[str, JSON],
) -> JSON:
    """The gateway's own document (`own`, left untouched) with every service's merged in.
    `security_schemes` are declared and offered (optionally) for every operation."""
    merged = copy.deepcopy(own)
    merged["info"] = info
    paths: JSON = merged.setdefault("paths", {})
    components: JSON = merged.setdefault("components", {})
    components.setdefault("securitySchemes", {}).update(copy.deepcopy(dict(security_schemes)))
    merged["security"] = [{name: []} for name in security_schemes] + [{}]
    described = {
        t["name"]: t for t in merged.get("tags", []) if isinstance(t, dict) and "name" in t
    }
    groups = [(own_group, _tags_of(paths.values()))]
    for service in services:
        groups.append((service.title, _merge_service(paths, components, described, service)))
    merged["tags"] = [described.get(t, {"name": t}) for _, tags in groups for t in tags]
    merged["x-tagGroups"] = [{"name": name, "tags": tags} for name, tags in groups if tags]
    _make_operation_ids_unique(paths)
    return merged


def _merge_service(
    paths: JSON, components: JSON, described: dict[str, JSON], service: ServiceDocument
) -> list[str]:
    """Adds the service's paths and components; returns the tags its operations use."""
    theirs = service.document.get("components") or {}
    names = component_names(service.name, theirs, components)
    document = map_refs(service.document, _renamer(names))
    for section, items in (document.get("components") or {}).items():
        target = components.setdefault(section, {})
        for name, value in items.items():
            target.setdefault(names[(section, name)], value)
    default_security = document.get("security")
    added: list[JSON] = []
    for path, item in document.get("paths", {}).items():
        if path in OPERATIONAL_PATHS:
            continue
        for operation in _operations_of(item):
            _adopt_operation(operation, service, names, default_security)
        paths[f"/api/{service.name}{path}"] = item
        added.append(item)
    for tag in document.get("tags") or []:
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            name = f"{service.title}{TAG_SEPARATOR}{tag['name']}"
            described[name] = {**tag, "name": name}
    return _tags_of(added)


def component_names(service: str, theirs: JSON, ours: JSON) -> dict[ComponentKey, str]:
    """The merged name of each of a service's components: its own name when it is shared
    (equal to ours, and all it refers to shared too), otherwise `<service>_<Name>`."""
    shared = {
        (section, name)
        for section, items in theirs.items()
        for name, value in items.items()
        if (ours.get(section) or {}).get(name) == value
    }
    refs = {key: refs_in(theirs[key[0]][key[1]]) for key in shared}
    while dropped := {key for key in shared if not refs[key] <= shared}:
        shared -= dropped
    names: dict[ComponentKey, str] = {}
    for section, items in theirs.items():
        taken = set(ours.get(section) or {})
        for name in items:
            new = name
            if (section, name) not in shared:
                new, n = f"{service}_{name}", 2
                while new in taken:
                    new, n = f"{service}_{name}_{n}", n + 1
            taken.add(new)
            names[(section, name)] = new
    return names


def map_refs(node: Any, rename: Callable[[str], str]) -> Any:
    """A copy of `node` with every component reference passed through `rename`: `$ref`
    values, and discriminator mappings (which point at schemas without a `$ref`)."""
    if isinstance(node, list):
        return [map_refs(value, rename) for value in node]
    if not isinstance(node, dict):
        return node
    out: JSON = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            out[key] = rename(value)
        elif key == "discriminator" and isinstance(value, dict) and "mapping" in value:
            mapping = value["mapping"]
            out[key] = {
                **value,
                "mapping": {k: rename(_as_schema_ref(v)) for k, v in mapping.items()}
                if isinstance(mapping, dict)
                else mapping,
            }
        else:
            out[key] = map_refs(value, rename)
    return out


def refs_in(node: Any) -> set[ComponentKey]:
    """The components `node` refers to."""
    found: set[ComponentKey] = set()

    def note(ref: str) -> str:
        parsed = split_ref(ref)
        if parsed is not None:
            found.add(parsed[:2])
        return ref

    map_refs(node, note)
    return found


def split_ref(ref: Any) -> tuple[str, str, str] | None:
    """`#/components/schemas/SiteOut/properties/x` → ("schemas", "SiteOut", "/properties/x")."""
    if not isinstance(ref, str) or not ref.startswith(COMPONENTS_REF):
        return None
    section, _, rest = ref[len(COMPONENTS_REF) :].partition("/")
    name, slash, tail = rest.partition("/")
    return (section, name, slash + tail) if section and name else None


def iter_operations(paths: JSON) -> Iterator[JSON]:
    for item in paths.values():
        yield from _operations_of(item)


def _renamer(names: Mapping[ComponentKey, str]) -> Callable[[str], str]:
    def rename(ref: str) -> str:
        parsed = split_ref(ref)
        if parsed is None or parsed[:2] not in names:
            return ref
        section, name, tail = parsed
        return f"{COMPONENTS_REF}{section}/{names[(section, name)]}{tail}"

    return rename


def _as_schema_ref(value: Any) -> Any:
    # A discriminator mapping may name a schema instead of referring to it.
    if isinstance(value, str) and "/" not in value and not value.startswith("#"):
        return f"{COMPONENTS_REF}schemas/{value}"
    return value


def _adopt_operation(
    operation: JSON,
    service: ServiceDocument,
    names: Mapping[ComponentKey, str],
    default_security: Any,
) -> None:
    tags = _strings(operation.get("tags"))
    operation["tags"] = [f"{service.title}{TAG_SEPARATOR}{t}" for t in tags] or [service.title]
    if isinstance(operation.get("operationId"), str):
        operation["operationId"] = f"{service.name}_{operation['operationId']}"
    # The service's document-wide security moves onto its operations: in the merged
    # document, the top level belongs to the gateway.
    security = operation.get("security", default_security)
    if isinstance(security, list):
        operation["security"] = [
            {names.get(("securitySchemes", k), k): v for k, v in requirement.items()}
            for requirement in security
            if isinstance(requirement, dict)
        ]


def _operations_of(item: Any) -> Iterator[JSON]:
    if isinstance(item, dict):
        for method, operation in item.items():
            if method in HTTP_METHODS and isinstance(operation, dict):
                yield operation


def _tags_of(items: Any) -> list[str]:
    tags: dict[str, None] = {}
    for item in items:
        for operation in _operations_of(item):
            tags.update(dict.fromkeys(_strings(operation.get("tags"))))
    return list(tags)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _make_operation_ids_unique(paths: JSON) -> None:
    seen: set[str] = set()
    for operation in iter_operations(paths):
        wanted = operation.get("operationId")
        if not isinstance(wanted, str):
            continue
        unique, n = wanted, 2
        while unique in seen:
            unique, n = f"{wanted}_{n}", n + 1
        seen.add(unique)
        operation["operationId"] = unique
