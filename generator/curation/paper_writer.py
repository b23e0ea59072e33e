"""Paper files as text: new ones from fields, existing ones edited in place.

Existing files go through ruamel.yaml's round-trip mode so that a curator's comments,
quoting and key order survive when the importer fills in a field or adds a source.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

FIELD_ORDER = ("title", "title_derived", "collaboration", "authors", "authors_truncated", "labs",
               "labs_inferred", "published", "added", "links", "topics", "tags", "note", "categories", "sources")
_FLOW_LISTS = {"authors", "labs", "labs_inferred", "topics", "tags", "categories", "sources"}


def _yaml(list_indent: int = 2) -> YAML:
    yaml = YAML()
    yaml.width = 100_000          # never fold a long title over lines
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=list_indent + 2, offset=list_indent)
    return yaml


def _node(key: str, value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        seq = CommentedSeq(list(value))
        if key in _FLOW_LISTS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = v
        return mapping
    return value


def new_paper_text(fields: dict[str, Any], abstract: str) -> str:
    front = CommentedMap()
    for key in FIELD_ORDER:
        if key in fields:
            front[key] = _node(key, fields[key])
    return _join(front, abstract + "\n")


def edit_paper_text(text: str, changes: dict[str, Any], removals: set[str] = frozenset()) -> str:
    """`text` with `changes` set and `removals` dropped in its front matter; the body is kept byte
    for byte, and so are the file's byte-order mark, line endings (CRLF stays CRLF) and the
    indentation of its block lists (`- a` flush under its key, or indented by any width)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text[len(bom):].replace("\r\n", "\n").split("\n")
    closing = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    front_text = "\n".join(lines[1:closing])
    front = _yaml().load(front_text) or CommentedMap()
    for key in removals:
        front.pop(key, None)
    for key, value in changes.items():
        if key in front:
            front[key] = _node(key, value)
        else:
            front.insert(_position(front, key), key, _node(key, value))
    edited = _join(front, "\n".join(lines[closing + 1:]), list_indent=_list_indent(front_text))
    return bom + edited.replace("\n", newline)


def _list_indent(front_text: str) -> int:
    """How far the file indents the dashes of a block list under its key (`key:` then `- a`: 0);
    2, as new files have it, when it has none."""
    found = re.search(r"^[A-Za-z_][\w-]*:[ \t]*\n( *)- ", front_text, re.MULTILINE)
    return len(found.group(1)) if found else 2


def _position(front: CommentedMap, key: str) -> int:
    """Where `key` goes so that fields keep the documented order."""
    rank = FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)
    for index, existing in enumerate(front):
        if existing in FIELD_ORDER and FIELD_ORDER.index(existing) > rank:
            return index
    return len(front)


def _join(front: CommentedMap, body: str, list_indent: int = 2) -> str:
    out = io.StringIO()
    _yaml(list_indent).dump(front, out)
    return "---\n" + out.getvalue() + "---\n" + body
