"""JSON Schema validation of curation files, with errors turned into messages for people.

The schemas are package data so that the validator, editors (through the
`yaml-language-server` modeline) and the README all use one definition.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any, Iterator

import jsonschema

from generator.curation.yamldoc import YamlDocument
from generator.problems import Problem, did_you_mean

SCHEMA_NAMES = ("paper", "labs", "topics")

_JSON_TYPES = {
    "string": "text", "array": "a list", "object": "a mapping", "boolean": "true or false",
    "integer": "a whole number", "number": "a number", "null": "empty",
}


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("generator.curation").joinpath(f"schemas/{name}.schema.json").read_text()
    return json.loads(text)


def field_limit(name: str, field: str, limit: str = "maxLength") -> int:
    """A limit the schema sets on a field, for code that must respect it before validation."""
    return load_schema(name)["properties"][field][limit]


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(name))


def schema_problems(name: str, doc: YamlDocument, source: str) -> list[Problem]:
    """Every schema violation in `doc`, one Problem each, on the line of the offending key."""
    problems = []
    for error in sorted(_validator(name).iter_errors(doc.value), key=lambda e: list(map(str, e.path))):
        for path, message in _explain(error, name):
            problems.append(Problem(source, doc.line_of(path), message))
    return problems


def _field_name(path: tuple[Any, ...]) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "".join(parts) or "the file"


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", list: "a list", dict: "a mapping", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__)


def _explain(error: jsonschema.ValidationError, schema_name: str) -> Iterator[tuple[tuple, str]]:
    path = tuple(error.absolute_path)
    field = _field_name(path)
    value = error.instance
    kind = error.validator
    if "propertyNames" in error.absolute_schema_path:
        yield from _explain_key(path, str(value))
    elif kind == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        for key in missing:
            yield path, f"missing required field '{key}'"
    elif kind == "additionalProperties" and isinstance(value, dict):
        known = set(error.schema.get("properties", {}))
        for key in sorted(set(value) - known):
            yield path + (key,), f"unknown field '{key}'{did_you_mean(key, known)}"
    elif kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_JSON_TYPES.get(t, t) for t in expected)
        # YAML reads `title: 1984` or `note: yes` as a number or true/false: quoting makes it text.
        hint = ""
        if "string" in expected and isinstance(value, bool):
            hint = " (YAML reads yes, no, true and false so: quote the word to make it text)"
        elif "string" in expected and isinstance(value, (int, float, dt.date)):
            hint = f" (quote it to make it text: '{value}')"
        yield path, f"'{field}' must be {wanted}, not {_type_name(value)}{hint}"
    elif kind == "minLength":
        yield path, f"'{field}' is empty"
    elif kind == "maxLength":
        yield path, f"'{field}' is too long ({len(value):,} characters; at most {error.validator_value:,})"
    elif kind == "maxItems":
        yield path, f"'{field}' has too many items ({len(value):,}; at most {error.validator_value:,})"
    elif kind == "uniqueItems":
        yield path, f"'{field}' lists the same item twice"
    elif kind == "pattern":
        yield path, _pattern_message(error, field)
    elif kind == "anyOf" and path and path[-1] == "published":
        yield path, f"'published' must be an ISO date YYYY-MM-DD, YYYY-MM or YYYY, or null, not {value!r}"
    elif kind == "anyOf" and len(path) == 2 and path[0] == "links":
        yield path, (f"'{field}' must be an http:// or https:// URL (or empty: none on purpose), "
                     f"not {value!r}")
    else:
        yield path, f"'{field}': {error.message}"


def _pattern_message(error: jsonschema.ValidationError, field: str) -> str:
    value = error.instance
    pattern = error.validator_value
    if "[Ss]?://" in pattern:
        return f"'{field}' must be an http:// or https:// URL, not {value!r}"
    if "[0-9]{4}" in pattern:
        return f"'{field}' must be an ISO date YYYY-MM-DD, not {value!r}"
    if "[a-z0-9]+" in pattern:
        return f"'{field}': {value!r} is not a slug (lowercase letters, digits and single hyphens)"
    if "\\." in pattern:
        return f"'{field}': {value!r} is not an arXiv category such as cs.CV"
    return f"'{field}': {value!r} does not match {pattern}"


LINK_KINDS = ("paper", "code", "project", "arxiv", "pdf", "doi", "video", "data", "demo", "blog")


def _explain_key(path: tuple, key: str) -> Iterator[tuple[tuple, str]]:
    """A mapping key that breaks `propertyNames`: a link kind or a registry slug."""
    if path and path[-1] == "links":
        hint = did_you_mean(key.split("-")[0], LINK_KINDS)
        yield path + (key,), f"unknown link kind '{key}'{hint} (kinds: {', '.join(LINK_KINDS)})"
    else:
        yield path + (key,), f"{key!r} is not a slug (lowercase letters, digits and single hyphens)"
