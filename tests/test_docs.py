"""The documentation is true: the CLI reference is what the commands print, the guides build
strictly with MkDocs (links and anchors checked), every `digest` command the README and the
guides show exists with the options they give it, and the README stays a README."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GUIDES = sorted((ROOT / "docs").glob("*.md"))
WRITTEN = [ROOT / "README.md", *(g for g in GUIDES if g.name != "cli.md")]       # cli.md is generated
_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
_SPAN = re.compile(r"`([^`\n]+)`")
_COMMAND = re.compile(r"(?:^|[\s/])digest((?:\s+[a-z][a-z-]*){1,2})([^\n#|]*)")


def documented_commands(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """(where, command words, options) for each `digest ...` in a code block or code span."""
    text = path.read_text(encoding="utf-8")
    snippets = [line for block in _FENCE.findall(text) for line in block.splitlines()]
    snippets += _SPAN.findall(_FENCE.sub("", text))
    found = []
    for snippet in snippets:
        for match in _COMMAND.finditer(snippet):
            found.append((f"{path.name}: {snippet.strip()}", match.group(1).split(),
                          re.findall(r"(?<![\w-])--[a-z][a-z-]*", match.group(2))))
    return found


def resolve(words: list[str]) -> tuple[click.Command, list[str]]:
    """The command the words name (a group's subcommand when the second word is one)."""
    command = cli.get_command(click.Context(cli), words[0])
    assert command is not None, f"no command digest {words[0]}"
    used = [words[0]]
    if isinstance(command, click.Group) and len(words) > 1:
        assert words[1] in command.list_commands(click.Context(command)), f"no command digest {' '.join(words)}"
        command = command.get_command(click.Context(command), words[1])
        used.append(words[1])
    return command, used


def test_every_documented_command_and_option_exists() -> None:
    checked = 0
    for path in WRITTEN:
        for where, words, options in documented_commands(path):
            command, used = resolve(words)
            known = {opt for param in command.params for opt in getattr(param, "opts", [])}
            unknown = [o for o in options if o not in known | {"--help"}]
            assert not unknown, f"{where}: digest {' '.join(used)} has no {unknown}"
            checked += 1
    assert checked >= 30                     # the README and the guides show that many, at least


def test_the_documented_commands_answer_help() -> None:
    """`digest COMMAND --help` runs (the real entry point) for every command the docs show."""
    paths = sorted({tuple(resolve(words)[1]) for path in WRITTEN for _, words, _ in documented_commands(path)})
    assert len(paths) >= 10
    digest = str(Path(sys.executable).parent / "digest")
    for path in paths:
        result = subprocess.run([digest, *path, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.startswith(f"Usage: digest {' '.join(path)}"), path


def test_the_cli_reference_is_generated_from_the_commands() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "cli_reference.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_guides_build_strictly(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(ROOT / "tools" / "docs-mkdocs.yml"), "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p.parent.name for p in (tmp_path / "site").glob("*/index.html")} >= {g.stem for g in GUIDES}


@pytest.mark.parametrize("guide", [g.name for g in GUIDES])
def test_the_readme_links_every_guide(guide: str) -> None:
    assert f"(docs/{guide})" in (ROOT / "README.md").read_text()


def test_the_readme_is_a_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    assert "make site" in readme and "make test" in readme and "(docs/images/home.png)" in readme
    assert (ROOT / "docs" / "images" / "home.png").is_file()
