"""labs.yaml with entries for labs a dump names that the registry lacks.

New entries are appended as text, so the curator's file (comments, order, quoting) is kept byte
for byte. That only works for the usual block mapping: appended to a flow mapping
(`{gatech: {...}}`) the text is no longer YAML. So the result is read back and must hold every
old entry unchanged plus the new ones; when it does not, the file goes through ruamel.yaml's
round trip instead (which keeps the flow style), and when that does not either, the import is
refused naming the file rather than write a registry that stops every build.
"""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from generator.importers.records import DumpError
from generator.problems import Problem

NEW_FILE = "# yaml-language-server: $schema=../generator/curation/schemas/labs.schema.json\n"


def labs_text_with(path: Path, slugs: list[str], shown_as: str) -> str:
    text = path.read_text(encoding="utf-8") if path.exists() else NEW_FILE
    for candidate in (_appended, _round_trip):
        written = candidate(text, slugs)
        if _holds(written, text, slugs):
            return written
    raise DumpError([Problem(shown_as, 1, f"cannot add the new labs {', '.join(slugs)} to this file without "
                                          "changing its entries; add them by hand and import again")])


def lab_name(slug: str) -> str:
    return " ".join(part.capitalize() for part in slug.split("-"))


def _appended(text: str, slugs: list[str]) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    for slug in slugs:
        text += f"{slug}:\n  name: {lab_name(slug)}  # added by digest import: check the name, add a url\n"
    return text


def _round_trip(text: str, slugs: list[str]) -> str:
    round_trip = YAML()
    round_trip.width = 100_000
    round_trip.preserve_quotes = True
    registry = round_trip.load(text) or CommentedMap()
    if not isinstance(registry, CommentedMap):
        return text
    for slug in slugs:
        registry[slug] = CommentedMap(name=lab_name(slug))
    out = io.StringIO()
    round_trip.dump(registry, out)
    return out.getvalue()


def _holds(written: str, before: str, slugs: list[str]) -> bool:
    try:
        old, new = yaml.safe_load(before) or {}, yaml.safe_load(written)
    except yaml.YAMLError:
        return False
    return (isinstance(old, dict) and isinstance(new, dict) and all(new.get(k) == v for k, v in old.items())
            and set(new) == set(old) | set(slugs) and all(new[s] == {"name": lab_name(s)} for s in slugs))
