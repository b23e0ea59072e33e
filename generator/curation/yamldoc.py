"""YAML read with the line of every key and list item, so problems can name their line.

PyYAML's composer gives every node a start mark; we build plain Python values from the
node tree ourselves, recording lines and catching duplicate keys (which PyYAML would
silently collapse). Dates are left as text: the schema checks their format, so that a
wrong date gets a message rather than a constructor traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.problems import Problem

Path = tuple[Any, ...]


class _TextDateLoader(yaml.SafeLoader):
    """SafeLoader without the implicit timestamp resolver."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastTextDateLoader(getattr(yaml, "CSafeLoader", _TextDateLoader)):  # type: ignore[misc]
    """The same loader on libyaml's parser, about fifteen times faster: importing into a digest
    of thousands of papers parses every paper file first. Its error messages are worded
    differently, so a document it refuses is parsed again by `_TextDateLoader` for the message."""


_FastTextDateLoader.yaml_implicit_resolvers = _TextDateLoader.yaml_implicit_resolvers


# Where libyaml and PyYAML's own parser are known to disagree on what is valid (tabs, other line
# breaks, aliases, tags, block scalars and reserved indicators opening a token), only the latter
# is used.
_FAST_UNSURE = re.compile(r"[\t\x85\u2028\u2029]|(?:^|[\s\[\]{},:?-])[*&!%@`|>]")


def _compose(text: str) -> tuple[yaml.Node | None, yaml.SafeLoader]:
    """The document's node tree and the loader that composed it (to construct its scalars)."""
    if not _FAST_UNSURE.search(text):
        fast = _FastTextDateLoader(text)
        try:
            node = fast.get_single_node()
            if isinstance(node, yaml.MappingNode) and _plain_keys(node):
                return node, fast
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = _TextDateLoader(text)
    try:
        return loader.get_single_node(), loader
    finally:
        loader.dispose()


def _plain_keys(node: yaml.Node) -> bool:
    """Every mapping key in the tree is a scalar (what a curation file holds)."""
    if isinstance(node, yaml.MappingNode):
        return all(isinstance(key, yaml.ScalarNode) and _plain_keys(value) for key, value in node.value)
    if isinstance(node, yaml.SequenceNode):
        return all(_plain_keys(item) for item in node.value)
    return True


@dataclass
class YamlDocument:
    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def parse_yaml(text: str, source: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; `first_line` is the file line where `text` starts."""
    doc = YamlDocument(value=None)
    try:
        node, loader = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        what = exc.problem or exc.context or "unreadable YAML"
        if exc.problem and exc.context and exc.context_mark:
            what += f" ({exc.context} that starts at line {first_line + exc.context_mark.line})"
        if "mapping values are not allowed" in what:
            what += " — a value with ': ' in it must be quoted: title: \"Name: what it does\""
        doc.problems.append(Problem(source, line, f"YAML syntax error: {what}"))
        return doc
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(source, first_line, f"YAML syntax error: {exc}"))
        return doc
    if node is not None:
        doc.value = _build(node, (), doc, loader, source, first_line)
    doc.lines.setdefault((), first_line)
    return doc


# What curation files are made of; any other tag (`!!python/object/apply:...`, `!!binary`, a
# local `!thing`) is named as such rather than read as the list or text under it.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "null", "seq", "map",
                                                        "timestamp")}


def _build(node: yaml.Node, path: Path, doc: YamlDocument, loader: yaml.SafeLoader,
           source: str, first_line: int) -> Any:
    line = first_line + node.start_mark.line
    if node.tag not in _PLAIN_TAGS:
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        doc.problems.append(Problem(source, line, f"the YAML tag {shown} is not supported: write plain text, "
                                                  "numbers, dates, lists and mappings"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, loader, doc, source, first_line)
            key_line = first_line + key_node.start_mark.line
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                doc.problems.append(Problem(source, key_line, "a key must be plain text"))
                continue
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                doc.problems.append(Problem(
                    source, key_line,
                    f"duplicate key '{key}' (first at line {doc.lines[path + (key,)]})"))
                continue
            doc.lines[path + (key,)] = key_line
            result[key] = _build(value_node, path + (key,), doc, loader, source, first_line)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.lines[path + (index,)] = first_line + item.start_mark.line
            items.append(_build(item, path + (index,), doc, loader, source, first_line))
        return items
    doc.lines.setdefault(path, line)
    return _scalar(node, loader, doc, source, first_line)


def _scalar(node: yaml.Node, loader: yaml.SafeLoader, doc: YamlDocument,
            source: str, first_line: int) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        doc.problems.append(Problem(source, first_line + node.start_mark.line,
                                    "a key must be plain text, not a list or mapping"))
        return None
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        doc.problems.append(Problem(source, first_line + node.start_mark.line,
                                    f"unreadable value: {exc}"))
        return None
