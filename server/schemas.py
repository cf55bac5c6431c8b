"""Compact output schemas for tools/list: every top-level field with its type and description, nested shapes as
plain object or array types.

A client holds every tool's output schema in its context on each connection; the full pydantic schemas repeat the
9 KB job model in four tools. A compact schema is looser than the full one, so every result that validates
against the full schema (as the server's own results do) validates against it too: clients that check structured
results against output schemas (the TypeScript SDK's does) accept them.
"""

from __future__ import annotations

import json
from typing import Any

JSON_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The top level of an object schema, each property reduced to its JSON type(s), enum and description."""
    defs = schema.get("$defs", {})
    out: dict[str, Any] = {"type": "object"}
    if schema.get("description"):
        out["description"] = schema["description"]
    out["properties"] = {name: _field(prop, defs) for name, prop in (schema.get("properties") or {}).items()}
    if schema.get("required"):
        out["required"] = list(schema["required"])
    return out


def _field(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    resolved = _resolve(prop, defs)
    types = _types(resolved, defs)
    field: dict[str, Any] = {}
    if len(types) == 1:
        field["type"] = types[0]
    elif types:
        # anyOf branches of one type each, not a type array: clients that map schemas onto a single-type
        # dialect (the Inspector's --strict check names them) read these.
        field["anyOf"] = [{"type": t} for t in types]
    enum = _enum(resolved, defs)
    if enum is not None:
        field["enum"] = enum
    description = prop.get("description") or resolved.get("description")
    if description:
        field["description"] = description
    return field


def _resolve(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _resolve(defs[ref.removeprefix("#/$defs/")], defs)
    return schema


def _types(schema: dict[str, Any], defs: dict[str, Any]) -> list[str]:
    """The JSON types a value may have, in a stable order; [] for any type."""
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        found: set[str] = set()
        for branch in branches:
            kinds = _types(_resolve(branch, defs), defs)
            if not kinds:
                return []
            found.update(kinds)
        return [t for t in JSON_TYPES if t in found]
    kind = schema.get("type")
    if isinstance(kind, list):
        return [t for t in JSON_TYPES if t in kind]
    if isinstance(kind, str):
        return [kind]
    if "properties" in schema:
        return ["object"]
    if "enum" in schema:
        return sorted({_json_type(v) for v in schema["enum"]}, key=JSON_TYPES.index)
    if "const" in schema:
        return [_json_type(schema["const"])]
    return []


def _enum(schema: dict[str, Any], defs: dict[str, Any]) -> list[Any] | None:
    """The allowed values of a field made only of enums (and null), else None."""
    branches = schema.get("anyOf") or schema.get("oneOf") or [schema]
    values: list[Any] = []
    for branch in (_resolve(b, defs) for b in branches):
        if "enum" in branch:
            values.extend(branch["enum"])
        elif "const" in branch:
            values.append(branch["const"])
        elif branch.get("type") == "null":
            values.append(None)
        else:
            return None
    return values if any(v is not None for v in values) else None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def compact_input_schema(schema: dict[str, Any], *, budget: int = 1200) -> dict[str, Any]:
    """An input schema without pydantic's titles (they repeat the field names), where a parameter whose full
    schema (with the models it refers to) is over `budget` characters is reduced as in compact_schema; smaller
    ones keep every constraint, and the definitions they refer to."""
    defs = schema.get("$defs", {})
    out = {k: v for k, v in schema.items() if k not in ("$defs", "title", "properties")}
    properties: dict[str, Any] = {}
    kept: set[str] = set()
    for name, prop in (schema.get("properties") or {}).items():
        refs = _refs(prop, defs)
        if len(json.dumps([prop, *(defs[r] for r in sorted(refs))])) > budget:
            field = _field(prop, defs)
            if "default" in prop:
                field["default"] = prop["default"]
        else:
            field = _untitled(prop)
            kept |= refs
        properties[name] = field
    out["properties"] = properties
    if kept:
        out["$defs"] = {name: _untitled(defs[name]) for name in sorted(kept)}
    return out


def _refs(schema: Any, defs: dict[str, Any], seen: set[str] | None = None) -> set[str]:
    """The names of the definitions a schema refers to, directly or through other definitions."""
    seen = set() if seen is None else seen
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name not in seen:
                seen.add(name)
                _refs(defs[name], defs, seen)
        for value in schema.values():
            _refs(value, defs, seen)
    elif isinstance(schema, list):
        for value in schema:
            _refs(value, defs, seen)
    return seen


def _untitled(schema: Any) -> Any:
    """A schema without "title" keywords (a property that is itself named "title" stays)."""
    if isinstance(schema, dict):
        return {
            k: (_untitled_properties(v) if k == "properties" else _untitled(v))
            for k, v in schema.items()
            if k != "title"
        }
    if isinstance(schema, list):
        return [_untitled(v) for v in schema]
    return schema


def _untitled_properties(properties: dict[str, Any]) -> dict[str, Any]:
    return {name: _untitled(prop) for name, prop in properties.items()}
